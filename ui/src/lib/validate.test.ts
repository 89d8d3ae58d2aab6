import { describe, expect, it } from 'vitest';
import { collect, firstInvalid, required, yearIn } from './validate';

describe('form checks', () => {
  it('refuses blank text with the given message', () => {
    expect(required('', 'Hãy nhập tên.')).toBe('Hãy nhập tên.');
    expect(required('   ', 'Hãy nhập tên.')).toBe('Hãy nhập tên.');
    expect(required(null, 'x')).toBe('x');
    expect(required('Sở Y tế', 'x')).toBeNull();
  });
  it('checks a year', () => {
    expect(yearIn(2026, 2000, 2100)).toBeNull();
    expect(yearIn('', 2000, 2100)).toBe('Hãy nhập năm.');
    expect(yearIn('20,5', 2000, 2100)).toMatch(/số nguyên từ 2000 đến 2100/);
    expect(yearIn(1999, 2000, 2100)).toMatch(/từ 2000/);
  });
  it('keeps the first message per field, in order', () => {
    const e = collect([['a', null], ['b', 'B sai'], ['c', 'C sai'], ['b', 'B lần hai']]);
    expect(e).toEqual({ b: 'B sai', c: 'C sai' });
    expect(firstInvalid(e)).toBe('b');
    expect(firstInvalid({})).toBeNull();
  });
});
