import { describe, expect, it } from 'vitest';
import type { AuditEntry, CriterionResult, SiteCriterion } from './bindings';
import {
  auditLine,
  auditLines,
  draftFrom,
  draftSummary,
  formatSize,
  matchesFilter,
  nextUndecided,
  outcomeForKey,
  parseVisits,
  sameDraft,
  toReviewInput,
} from './review';

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
      visits: '',
    });
  });
  it('starts empty without a decision', () => {
    expect(draftFrom(null, 2)).toEqual({ outcome: null, points: '', note: '', checklist: [false, false], reason: '', visits: '' });
  });
  it('keeps the visit count of the decision, else of the tool', () => {
    const tool = result({ mode: 'automatic', evidence: { visits: 90000 } });
    expect(draftFrom(null, 0, tool).visits).toBe('90000');
    expect(draftFrom(result({ evidence: { visits: 120500 } }), 0, tool).visits).toBe('120500');
  });
});

describe('toReviewInput', () => {
  const base = { outcome: null, points: '', note: '', checklist: [], reason: '', visits: '' };
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
  it('reads the visit count only where the criterion takes one', () => {
    expect(toReviewInput({ ...base, outcome: 'pass', visits: '120.500' }, 0, null, true)).toMatchObject({ ok: true, visits: 120500 });
    expect(toReviewInput({ ...base, outcome: 'pass', visits: '' }, 0, null, true)).toMatchObject({ ok: true, visits: null });
    expect(toReviewInput({ ...base, outcome: 'pass', visits: '12,5k' }, 0, null, true)).toMatchObject({ ok: false, error: /số nguyên/ });
    expect(toReviewInput({ ...base, outcome: 'pass', visits: '12,5k' }, 0, null, false)).toMatchObject({ ok: true, visits: null });
  });
});

describe('drafts', () => {
  const d = { outcome: 'partial' as const, points: '2,5', note: 'Thiếu quyết định', checklist: [true, false], reason: '', visits: '' };
  it('tells a draft from the saved form', () => {
    expect(sameDraft(d, { ...d, note: 'Thiếu quyết định ' })).toBe(true);
    expect(sameDraft(d, { ...d, points: '3' })).toBe(false);
    expect(sameDraft(d, { ...d, checklist: [true, true] })).toBe(false);
    expect(sameDraft(d, { ...d, outcome: 'pass' })).toBe(false);
  });
  it('says what a draft holds', () => {
    expect(draftSummary(d)).toBe('Đạt một phần · 2,5 điểm · 1/2 mục kiểm tra · Ghi chú: Thiếu quyết định');
    expect(draftSummary({ ...d, outcome: null, points: '', checklist: [], note: '' })).toBe('Chưa chọn kết quả');
  });
  it('parses visit counts with Vietnamese separators', () => {
    expect(parseVisits('1.234.567')).toEqual({ ok: true, value: 1234567 });
    expect(parseVisits(' 120 500 ')).toEqual({ ok: true, value: 120500 });
    expect(parseVisits('-5')).toMatchObject({ ok: false });
  });
});

const row = (code: string, over: Partial<SiteCriterion> = {}): SiteCriterion =>
  ({
    criterion: { code } as SiteCriterion['criterion'],
    applies: true,
    result: null,
    tool_result: null,
    review: null,
    tool_changed: false,
    attachments: [],
    draft: null,
    ...over,
  }) as SiteCriterion;

describe('the site page filter and keys', () => {
  const rows = [
    row('KN.01', { result: result({ outcome: 'pass' }) }),
    row('KN.02', { result: result({ outcome: 'needs_review', mode: 'automatic' }) }),
    row('KN.03', { applies: false }),
    row('KN.04', { result: result({ outcome: 'error', mode: 'automatic' }) }),
    row('KN.05', { result: result({ outcome: 'fail' }), tool_changed: true }),
    row('KN.06', { result: result({ outcome: 'fail' }), draft: { draft: {} as never, problem: '', saved_by: 'A', saved_at: '' } }),
  ];
  const codes = (f: Parameters<typeof matchesFilter>[1]) => rows.filter((r) => matchesFilter(r, f)).map((r) => r.criterion.code);
  it('filters by what needs a person, undecided, drafts and outcome', () => {
    expect(codes('all')).toHaveLength(6);
    expect(codes('undecided')).toEqual(['KN.02', 'KN.04']);
    expect(codes('needs_person')).toEqual(['KN.02', 'KN.04', 'KN.05', 'KN.06']);
    expect(codes('draft')).toEqual(['KN.06']);
    expect(codes('not_applicable')).toEqual(['KN.03']);
    expect(codes('fail')).toEqual(['KN.05', 'KN.06']);
  });
  it('moves to the next and previous undecided criterion, wrapping around', () => {
    expect(nextUndecided(rows, 0, 1)).toBe(1);
    expect(nextUndecided(rows, 1, 1)).toBe(3);
    expect(nextUndecided(rows, 3, 1)).toBe(1);
    expect(nextUndecided(rows, 1, -1)).toBe(3);
    expect(nextUndecided([rows[0]], 0, 1)).toBeNull();
  });
  it('maps 1–4 to the four outcomes a reviewer may choose', () => {
    expect(['1', '2', '3', '4', '5', 'n'].map(outcomeForKey)).toEqual(['pass', 'partial', 'fail', 'not_applicable', null, null]);
  });
});

describe('the audit trail', () => {
  const e = (over: Partial<AuditEntry>): AuditEntry => ({
    at: '2026-11-27T03:04:05Z',
    actor: 'A',
    entity: 'criterion_result',
    entity_id: '7/KN.01',
    field: 'outcome',
    old_value: null,
    new_value: null,
    reason: '',
    ...over,
  });
  it('shows Vietnamese field names and values, never the stored English', () => {
    expect(auditLine(e({ field: 'tool_outcome', new_value: 'needs_review (0)' }))).toMatchObject({ what: 'KN.01', field: 'Kết quả công cụ', change: 'Cần xem xét (0 điểm)' });
    expect(auditLine(e({ old_value: 'fail', new_value: 'pass', reason: 'Có mã' }))).toMatchObject({ field: 'Kết quả', change: 'Không đạt → Đạt', reason: 'Có mã' });
    expect(auditLine(e({ entity: 'evaluation', entity_id: '7', field: 'status', old_value: 'draft', new_value: 'submitted' }))).toMatchObject({ what: 'Phiếu', field: 'Trạng thái phiếu', change: 'Đang đánh giá → Đã nộp' });
    expect(auditLine(e({ entity: 'site', entity_id: '3', field: 'created', new_value: 'UBND <https://a.gov.vn>' }))).toMatchObject({ what: 'Trang', field: 'Tạo', change: 'UBND <https://a.gov.vn>' });
    expect(auditLine(e({ field: 'checklist', old_value: '[false,false]', new_value: '[true,false]' })).change).toBe('0/2 mục đã đánh dấu → 1/2 mục đã đánh dấu');
    const all = JSON.stringify(
      ['outcome', 'tool_outcome', 'status', 'created', 'detached', 'visits'].map((field) => auditLine(e({ field, new_value: 'pass', old_value: 'fail' })).field),
    );
    expect(all).not.toMatch(/outcome|status|created|detached|visits/);
  });
  it('lists the newest first', () => {
    const lines = auditLines([e({ at: '2026-11-27T01:00:00Z' }), e({ at: '2026-11-27T02:00:00Z' })]);
    expect(lines.map((l) => l.at)).toEqual(['2026-11-27T02:00:00Z', '2026-11-27T01:00:00Z']);
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB with a decimal comma', () => {
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(1536)).toBe('1,5 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB');
  });
});
