// Keyboard movement in dense tables: arrows, Page Up/Down, Home/End.

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
