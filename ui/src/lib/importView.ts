// What the import dialog shows of a sheet before anything is mapped: its first rows as they are,
// with spreadsheet column letters, and which rows come before the data.

/** Rows of the raw preview. */
export const PREVIEW_ROWS = 20;

/** "A" for column 0, "Z", "AA", … as a spreadsheet names columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The first rows of a sheet and how many columns they span (every column, so none is hidden). */
export function previewRows(rows: string[][], limit = PREVIEW_ROWS): { rows: string[][]; columns: number } {
  const shown = rows.slice(0, limit);
  return { rows: shown, columns: shown.reduce((m, r) => Math.max(m, r.length), 0) };
}

/** 'head' for the rows before the data (titles, the header), 'data' after them. */
export function rowKind(index: number, headerRows: number): 'head' | 'data' {
  return index < headerRows ? 'head' : 'data';
}
