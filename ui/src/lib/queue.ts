// The work queue's filters and its "next / previous": pure functions over the items the backend
// sends (`WorkQueue`), so that the page and the bar on the site page agree.
import type { Level, QueueItem, QueueReason } from './bindings';

export type QueueFilter = {
  /** Group code, or '' for all. */
  group: string;
  /** A reason, or '' for all. */
  reason: QueueReason | '';
  level: Level | '';
  /** An assignee as the backend names it, NOBODY for sites assigned to no one, or '' for all. */
  assignee: string;
};

/** The assignee filter value of sites assigned to no one. */
export const NOBODY = '\u0000';

export const noFilter: QueueFilter = { group: '', reason: '', level: '', assignee: '' };

export function matches(item: QueueItem, f: QueueFilter): boolean {
  return (
    (f.group === '' || item.group_code === f.group) &&
    (f.reason === '' || item.reasons.includes(f.reason)) &&
    (f.level === '' || item.level === f.level) &&
    (f.assignee === '' || (f.assignee === NOBODY ? !item.assignee : item.assignee === f.assignee))
  );
}

export function filterQueue(items: QueueItem[], f: QueueFilter): QueueItem[] {
  return items.filter((i) => matches(i, f));
}

/** The distinct assignees, sorted as Vietnamese sorts. */
export function assignees(items: QueueItem[]): string[] {
  const names = new Set<string>();
  for (const i of items) if (i.assignee) names.add(i.assignee);
  return [...names].sort((a, b) => a.localeCompare(b, 'vi'));
}

/** A stable key of an item: the same site and criterion stay the same item across reloads. */
export function itemKey(i: Pick<QueueItem, 'site_id' | 'criterion_code'>): string {
  return `${i.site_id}/${i.criterion_code}`;
}

/**
 * The index `step` items away from the item with `key` (-1 / +1), or null at either end.
 * When that item has left the list (it was decided), "next" is the first item after where it
 * stood, by the list's order of `before` (the items as they were).
 */
export function stepFrom(list: QueueItem[], key: string | null, step: 1 | -1, before: QueueItem[] = list): number | null {
  if (list.length === 0) return null;
  if (key === null) return step === 1 ? 0 : list.length - 1;
  const at = list.findIndex((i) => itemKey(i) === key);
  if (at >= 0) {
    const next = at + step;
    return next >= 0 && next < list.length ? next : null;
  }
  // The item is gone: find its old neighbours that are still there.
  const old = before.findIndex((i) => itemKey(i) === key);
  if (old < 0) return step === 1 ? 0 : list.length - 1;
  const still = new Set(list.map(itemKey));
  for (let j = old + (step === 1 ? 1 : -1); j >= 0 && j < before.length; j += step) {
    const k = itemKey(before[j]);
    if (still.has(k)) return list.findIndex((i) => itemKey(i) === k);
  }
  return null;
}
