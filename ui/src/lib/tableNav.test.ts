import { describe, expect, it } from 'vitest';
import { initialRow, nextRow, nextTrapTarget, rowAfterRemoval } from './tableNav';

describe('nextRow', () => {
  it('moves with arrows and stays inside the table', () => {
    expect(nextRow(-1, 'ArrowDown', 5)).toBe(0);
    expect(nextRow(0, 'ArrowDown', 5)).toBe(1);
    expect(nextRow(4, 'ArrowDown', 5)).toBe(4);
    expect(nextRow(0, 'ArrowUp', 5)).toBe(0);
    expect(nextRow(3, 'ArrowUp', 5)).toBe(2);
  });
  it('pages and jumps', () => {
    expect(nextRow(2, 'PageDown', 50, 10)).toBe(12);
    expect(nextRow(45, 'PageDown', 50, 10)).toBe(49);
    expect(nextRow(5, 'PageUp', 50, 10)).toBe(0);
    expect(nextRow(7, 'Home', 50)).toBe(0);
    expect(nextRow(7, 'End', 50)).toBe(49);
  });
  it('ignores other keys and empty tables', () => {
    expect(nextRow(1, 'a', 5)).toBeNull();
    expect(nextRow(0, 'ArrowDown', 0)).toBeNull();
  });
  it('recovers when the current row is past the end after a removal', () => {
    expect(nextRow(9, 'ArrowUp', 3)).toBe(1);
  });
});

describe('focus after changes', () => {
  it('keeps the position after a removal, or the new last row', () => {
    expect(rowAfterRemoval(2, 5)).toBe(2);
    expect(rowAfterRemoval(4, 4)).toBe(3);
    expect(rowAfterRemoval(0, 0)).toBeNull();
  });
  it('starts on the item the user came back from, else the first', () => {
    expect(initialRow([7, 3, 9], 9)).toBe(2);
    expect(initialRow([7, 3, 9], 42)).toBe(0);
    expect(initialRow([7, 3, 9], null)).toBe(0);
    expect(initialRow([], 1)).toBeNull();
  });
  it('wraps Tab inside a dialog and leaves the middle to the browser', () => {
    expect(nextTrapTarget(3, 4, false)).toBe(0);
    expect(nextTrapTarget(0, 4, true)).toBe(3);
    expect(nextTrapTarget(1, 4, false)).toBeNull();
    expect(nextTrapTarget(2, 4, true)).toBeNull();
    expect(nextTrapTarget(-1, 4, false)).toBe(0);
    expect(nextTrapTarget(-1, 4, true)).toBe(3);
    expect(nextTrapTarget(0, 0, false)).toBeNull();
  });
});
