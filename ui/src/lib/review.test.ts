import { describe, expect, it } from 'vitest';
import type { CriterionResult } from './bindings';
import { draftFrom, formatSize, toReviewInput } from './review';

const result = (over: Partial<CriterionResult>): CriterionResult => ({
  id: 1,
  criterion_code: 'QL.01',
  outcome: 'partial',
  share: 0.75,
  points: 1.5,
  mode: 'manual',
  evidence: { checklist: [true, false], reason: 'Thiếu quy trình' },
  note: 'Ghi chú',
  asserted_by: 'A',
  asserted_at: '2026-11-23T09:00:00Z',
  ...over,
});

describe('draftFrom', () => {
  it('starts from the last decision, padding the checklist', () => {
    expect(draftFrom(result({}), 3)).toEqual({
      outcome: 'partial',
      points: '1,5',
      note: 'Ghi chú',
      checklist: [true, false, false],
      reason: 'Thiếu quy trình',
    });
  });
  it('starts empty without a decision', () => {
    expect(draftFrom(null, 2)).toEqual({ outcome: null, points: '', note: '', checklist: [false, false], reason: '' });
  });
});

describe('toReviewInput', () => {
  const base = { outcome: null, points: '', note: '', checklist: [], reason: '' };
  it('needs an outcome', () => {
    expect(toReviewInput(base, 2, null)).toEqual({ ok: false, error: 'Chọn kết quả để lưu.' });
  });
  it('bounds partial points by the criterion', () => {
    expect(toReviewInput({ ...base, outcome: 'partial', points: '2,5' }, 2, null)).toMatchObject({ ok: false });
    expect(toReviewInput({ ...base, outcome: 'partial', points: '' }, 2, null)).toMatchObject({ ok: false });
    expect(toReviewInput({ ...base, outcome: 'partial', points: '1,5' }, 2, null)).toMatchObject({
      ok: true,
      input: { outcome: 'partial', points: 1.5 },
    });
  });
  it('asks for a reason when overriding the tool', () => {
    expect(toReviewInput({ ...base, outcome: 'pass' }, 4, 'fail')).toMatchObject({ ok: false, error: /lý do/ });
    expect(toReviewInput({ ...base, outcome: 'pass', reason: 'Có mã' }, 4, 'fail')).toMatchObject({ ok: true });
    expect(toReviewInput({ ...base, outcome: 'fail' }, 4, 'fail')).toMatchObject({ ok: true });
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB with a decimal comma', () => {
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(1536)).toBe('1,5 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB');
  });
});
