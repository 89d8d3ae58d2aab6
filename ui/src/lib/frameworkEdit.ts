// Pure helpers for editing a campaign's copy of its framework: live totals and input checks.
import { CRITERION_CODE_PATTERN, type Criterion, type CriterionGroup } from './bindings';

/** The core's criterion-code rule (`is_valid_criterion_code`), checked here before sending. */
const CRITERION_CODE = new RegExp(CRITERION_CODE_PATTERN);

export interface GroupTotal {
  code: string;
  name: string;
  points: number;
  active: number;
  retired: number;
  separate: boolean;
}

/** Group totals over criteria that are not retired, in group order. */
export function groupTotals(groups: CriterionGroup[], criteria: Criterion[]): GroupTotal[] {
  return groups.map((g) => {
    const mine = criteria.filter((c) => c.group_code === g.code);
    const live = mine.filter((c) => !c.retired);
    return {
      code: g.code,
      name: g.name,
      points: roundPoints(live.reduce((s, c) => s + c.points, 0)),
      active: live.length,
      retired: mine.length - live.length,
      separate: g.separate_ranking,
    };
  });
}

/** The framework's total: groups ranked separately stay out. */
export function frameworkTotal(groups: CriterionGroup[], criteria: Criterion[]): number {
  return roundPoints(groupTotals(groups, criteria).filter((g) => !g.separate).reduce((s, g) => s + g.points, 0));
}

/** Avoids 0.1 + 0.2 artefacts in shown totals. */
export function roundPoints(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Reads points typed by a person: "1,5", "1.5", " 2 ". Returns a number or a Vietnamese error.
 */
export function parsePoints(raw: string): { ok: true; value: number } | { ok: false; error: string } {
  const s = raw.trim().replace(',', '.');
  if (s === '') return { ok: false, error: 'Chưa nhập điểm.' };
  if (!/^\d+(\.\d+)?$/.test(s)) {
    return { ok: false, error: s.startsWith('-') ? 'Điểm không được âm.' : 'Điểm phải là số, ví dụ 1,5.' };
  }
  const value = Number(s);
  if (value > 100) return { ok: false, error: 'Điểm của một tiêu chí không quá 100.' };
  return { ok: true, value };
}

/**
 * A new criterion code must look like "CT.27" and must never reuse an existing code (even retired).
 * The same rules as the core's `add_campaign_criterion`, with its messages.
 */
export function checkNewCode(code: string, existing: Criterion[], groupCode: string): string | null {
  const c = code.trim().toUpperCase();
  if (!CRITERION_CODE.test(c)) return 'Mã tiêu chí có dạng NHÓM.số, ví dụ CT.27.';
  if (!c.startsWith(`${groupCode}.`)) return `Mã tiêu chí phải bắt đầu bằng mã nhóm ${groupCode}.`;
  if (existing.some((e) => e.code === c)) return `Mã ${c} đã được dùng; mã tiêu chí không bao giờ được dùng lại.`;
  return null;
}

/** The next free code of a group: CT.26 exists → CT.27. */
export function nextCode(groupCode: string, existing: Criterion[]): string {
  const nums = existing
    .filter((c) => c.code.startsWith(`${groupCode}.`))
    .map((c) => Number(c.code.split('.')[1]))
    .filter((n) => Number.isFinite(n));
  const n = (nums.length ? Math.max(...nums) : 0) + 1;
  return `${groupCode}.${String(n).padStart(2, '0')}`;
}
