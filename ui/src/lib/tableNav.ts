// Keyboard movement in dense tables: arrows, Page Up/Down, Home/End; where focus goes when a
// list appears, after a row is removed, and inside a dialog.

/** The row index a key moves to, or null when the key is not a movement key. */
export function nextRow(current: number, key: string, count: number, pageSize = 10): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const from = current < 0 ? -1 : Math.min(current, last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return from <= 0 ? 0 : from - 1;
    case 'PageDown':
      return Math.min(Math.max(from, 0) + pageSize, last);
    case 'PageUp':
      return Math.max(from - pageSize, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/**
 * Svelte action for a <tbody>: rows with `data-row` are focusable; arrows move focus,
 * Enter runs `onOpen(index)`, Delete runs `onDelete(index)`.
 */
export function tableNav(
  node: HTMLElement,
  opts: { onOpen?: (i: number) => void; onDelete?: (i: number) => void },
) {
  let options = opts;
  const rows = () => Array.from(node.querySelectorAll<HTMLElement>('[data-row]'));
  function onKey(e: KeyboardEvent) {
    const list = rows();
    const current = list.indexOf(document.activeElement as HTMLElement);
    if (current >= 0 && e.key === 'Enter') {
      e.preventDefault();
      options.onOpen?.(current);
      return;
    }
    if (current >= 0 && e.key === 'Delete') {
      e.preventDefault();
      options.onDelete?.(current);
      return;
    }
    const to = nextRow(current, e.key, list.length);
    if (to !== null) {
      e.preventDefault();
      list[to]?.focus();
      list[to]?.scrollIntoView({ block: 'nearest' });
    }
  }
  node.addEventListener('keydown', onKey);
  return {
    update(o: typeof opts) {
      options = o;
    },
    destroy() {
      node.removeEventListener('keydown', onKey);
    },
  };
}

/** The row to focus after the row at `removed` left a list that now has `count` rows; null when empty. */
export function rowAfterRemoval(removed: number, count: number): number | null {
  if (count <= 0) return null;
  return Math.min(Math.max(removed, 0), count - 1);
}

/**
 * The row a list focuses when it appears: the one with `preferredId` (the item the user came back
 * from, or the current one) when it is listed, else the first; null for an empty list.
 */
export function initialRow<T>(ids: readonly T[], preferredId: T | null | undefined): number | null {
  if (ids.length === 0) return null;
  const at = preferredId == null ? -1 : ids.indexOf(preferredId);
  return at >= 0 ? at : 0;
}

/**
 * Where Tab goes in a dialog with `count` focusable elements, focus at `current`: wraps from the
 * last to the first (Shift+Tab: first to last); null when the browser's own move stays inside.
 */
export function nextTrapTarget(current: number, count: number, back: boolean): number | null {
  if (count <= 0) return null;
  if (current < 0) return back ? count - 1 : 0;
  if (!back && current >= count - 1) return 0;
  if (back && current === 0) return count - 1;
  return null;
}

/** The elements of `root` a user can Tab to, in document order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  const css = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  return Array.from(root.querySelectorAll<HTMLElement>(css)).filter((el) => !el.hidden && el.getClientRects().length > 0);
}

/** Focuses row `index` of a table (its `[data-row]` elements); false when there is no such row. */
export function focusRow(container: ParentNode | null | undefined, index: number | null): boolean {
  if (!container || index === null) return false;
  const row = container.querySelectorAll<HTMLElement>('[data-row]')[index];
  if (!row) return false;
  row.focus({ preventScroll: true });
  row.scrollIntoView({ block: 'nearest' });
  return true;
}

/** Nothing on the page has focus (it sits on <body>): a list may take it without stealing it from a field or a dialog. */
export function focusIsFree(): boolean {
  const a = document.activeElement;
  return a === null || a === document.body || a === document.documentElement;
}
