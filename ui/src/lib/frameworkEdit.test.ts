import { describe, expect, it } from 'vitest';
import type { Criterion, CriterionGroup } from './bindings';
import { checkNewCode, frameworkTotal, groupTotals, nextCode, parsePoints } from './frameworkEdit';

const c = (code: string, points: number, retired = false): Criterion => ({
  code,
  group_code: code.split('.')[0],
  title: code,
  method: 'manual',
  points,
  levels: [],
  legal_basis: [{ text: 'Luật', article: '' }],
  guidance: '',
  checks: [],
  retired,
  checklist: [],
  documents: [],
  document_required: false,
});
const groups: CriterionGroup[] = [
  { code: 'CT', name: 'Cấu trúc', points: 3, separate_ranking: false },
  { code: 'SD', name: 'Sử dụng', points: 0, separate_ranking: true },
];

describe('live totals', () => {
  it('sums criteria that are not retired and leaves separate groups out of the total', () => {
    const criteria = [c('CT.01', 0.1), c('CT.02', 0.2), c('CT.03', 5, true), c('SD.01', 7)];
    const t = groupTotals(groups, criteria);
    expect(t[0]).toMatchObject({ code: 'CT', points: 0.3, active: 2, retired: 1 });
    expect(t[1]).toMatchObject({ code: 'SD', points: 7, separate: true });
    expect(frameworkTotal(groups, criteria)).toBe(0.3);
  });
});

describe('parsePoints', () => {
  it('accepts a decimal comma or point', () => {
    expect(parsePoints('1,5')).toEqual({ ok: true, value: 1.5 });
    expect(parsePoints(' 2 ')).toEqual({ ok: true, value: 2 });
    expect(parsePoints('0.25')).toEqual({ ok: true, value: 0.25 });
  });
  it('refuses empty, negative, non-numeric and absurd values with a Vietnamese message', () => {
    expect(parsePoints('')).toMatchObject({ ok: false, error: 'Chưa nhập điểm.' });
    expect(parsePoints('-1')).toMatchObject({ ok: false, error: 'Điểm không được âm.' });
    expect(parsePoints('abc')).toMatchObject({ ok: false });
    expect(parsePoints('1e3')).toMatchObject({ ok: false });
    expect(parsePoints('101')).toMatchObject({ ok: false });
  });
});

describe('new criterion codes', () => {
  const existing = [c('CT.01', 1), c('CT.26', 1, true)];
  it('never reuses a code, even a retired one', () => {
    expect(checkNewCode('ct.26', existing, 'CT')).toMatch(/không bao giờ được dùng lại/);
    expect(checkNewCode('CT.27', existing, 'CT')).toBeNull();
  });
  it('checks the shape and the group prefix', () => {
    expect(checkNewCode('CT27', existing, 'CT')).toMatch(/NHÓM\.số/);
    expect(checkNewCode('KN.09', existing, 'CT')).toMatch(/CT/);
    expect(checkNewCode('CT.1', existing, 'CT')).toMatch(/NHÓM\.số/);
    expect(checkNewCode('CT.1234', existing, 'CT')).toMatch(/NHÓM\.số/);
    expect(checkNewCode('C.01', existing, 'C')).toMatch(/NHÓM\.số/);
    expect(checkNewCode('ABCD.123', [], 'ABCD')).toBeNull();
  });
  it('proposes the next free code', () => {
    expect(nextCode('CT', existing)).toBe('CT.27');
    expect(nextCode('QL', existing)).toBe('QL.01');
  });
});
