// Pure helpers for the UI: formatting, grouping, filtering, sorting.
import type { Criterion, CriterionGroup, CriterionScore, Site } from './bindings';
import { levelLabel } from './labels';

const pointsFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** Points the Vietnamese way: 1,5 — 0 — 100. */
export function formatPoints(n: number): string {
  return pointsFormat.format(Math.abs(n) < 1e-9 ? 0 : n);
}

/** "2026-11-23T09:05:00Z" → "23/11/2026 16:05" in the machine's time zone. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/** Lower-case, without diacritics, "đ" as "d": so "uy ban" finds "Ủy ban" and "Uỷ ban". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sites whose agency, address, level or block contains every word of the query. */
export function filterSites(sites: Site[], query: string): Site[] {
  const words = foldText(query).split(' ').filter(Boolean);
  if (words.length === 0) return sites;
  return sites.filter((s) => {
    const hay = foldText(`${s.agency_name} ${s.url} ${levelLabel[s.level]} ${s.block}`);
    return words.every((w) => hay.includes(w));
  });
}

export type SiteSortKey = 'agency_name' | 'level' | 'url' | 'block' | 'status';

const levelOrder = ['ministry', 'ministry_unit', 'province', 'provincial_department', 'commune'];
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function sortSites(sites: Site[], key: SiteSortKey, ascending: boolean): Site[] {
  const dir = ascending ? 1 : -1;
  return [...sites].sort((a, b) => {
    let c: number;
    if (key === 'level') c = levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level);
    else c = collator.compare(String(a[key]), String(b[key]));
    return c !== 0 ? c * dir : a.id - b.id;
  });
}

/**
 * Whether a site is assigned to the reviewer `name` (its assignee is "name" or "name (unit)").
 */
export function isAssignedTo(site: Site, name: string | null | undefined): boolean {
  const who = (name ?? '').trim();
  if (!who || !site.assignee) return false;
  return site.assignee === who || site.assignee.startsWith(`${who} (`);
}

/** The same sites with those assigned to `name` first, each part in its own order. */
export function mineFirst(sites: Site[], name: string | null | undefined): Site[] {
  const mine = sites.filter((s) => isAssignedTo(s, name));
  return mine.length ? [...mine, ...sites.filter((s) => !isAssignedTo(s, name))] : sites;
}

export interface GroupRows<T> {
  group: CriterionGroup;
  rows: T[];
  /** Points of the criteria that apply (not retired). */
  maxPoints: number;
}

/** Puts rows under their group, in the framework's group order; unknown groups are kept at the end. */
export function groupByCriterionGroup<T>(
  groups: CriterionGroup[],
  rows: T[],
  criterionOf: (row: T) => Criterion,
  counts: (row: T) => boolean = () => true,
): GroupRows<T>[] {
  const out: GroupRows<T>[] = groups.map((group) => ({ group, rows: [], maxPoints: 0 }));
  for (const row of rows) {
    const c = criterionOf(row);
    let g = out.find((x) => x.group.code === c.group_code);
    if (!g) {
      g = { group: { code: c.group_code, name: c.group_code, points: 0, separate_ranking: false }, rows: [], maxPoints: 0 };
      out.push(g);
    }
    g.rows.push(row);
    if (!c.retired && counts(row)) g.maxPoints += c.points;
  }
  return out.filter((g) => g.rows.length > 0);
}

// A site's maximum and progress are not computed here: the model's score card (`SiteDetail.score`,
// `SiteDetail.progress`) is the one computation every view shows.

/** A link the UI may open: only http and https addresses (evidence and scan data come from sites and outside tools). */
export function webLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** "2026-11-23T09:05:07Z" → "23/11/2026 16:05:07": the audit trail's full time, to the second. */
export function formatDateTimeFull(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const seconds = new Intl.DateTimeFormat('en-GB', { second: '2-digit', timeZone }).format(d).padStart(2, '0');
  return `${formatDateTime(iso, timeZone)}:${seconds}`;
}

/** The cells of a criterion's row from the model's score card: points only when scored, maximum only when it counts. */
export function scoreCells(s: CriterionScore | undefined, criterionPoints: number): { points: string; max: string } {
  if (!s) return { points: '—', max: formatPoints(criterionPoints) };
  return {
    points: s.standing === 'scored' ? formatPoints(s.points) : '—',
    max: s.standing === 'excluded' ? '—' : formatPoints(s.max),
  };
}
