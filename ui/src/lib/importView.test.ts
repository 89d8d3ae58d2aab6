import { describe, expect, it } from 'vitest';
import { columnLetter, previewRows, rowKind } from './importView';

describe('import preview', () => {
  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('shows the first rows with every column any of them has', () => {
    const rows = [['DANH SÁCH'], [], ['STT', 'Tên cơ quan', 'Cấp', 'Khối', 'Địa chỉ cổng TTĐT', 'Ghi chú'], ...Array.from({ length: 30 }, (_, i) => [String(i + 1)])];
    const p = previewRows(rows);
    expect(p.rows).toHaveLength(20);
    expect(p.columns).toBe(6);
    expect(previewRows([]).columns).toBe(0);
  });
  it('marks the rows before the data', () => {
    expect([0, 3, 4, 5].map((i) => rowKind(i, 5))).toEqual(['head', 'head', 'head', 'data']);
    expect(rowKind(0, 0)).toBe('data');
  });
});
