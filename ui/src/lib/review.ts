// Pure helpers for the review form, its drafts, the site page's filter and keys, and the audit trail.
import type { AuditEntry, CriterionResult, Outcome, ReviewDraft, ReviewInput, SiteCriterion } from './bindings';
import { EVALUATION_STATUS_LABELS, LEVEL_LABELS, OUTCOME_LABELS } from './bindings';
import { parsePoints } from './frameworkEdit';
import { answerSuggestionText } from './documents';

export type { ReviewDraft } from './bindings';

export const REVIEW_OUTCOMES: Outcome[] = ['pass', 'partial', 'fail', 'not_applicable'];

/** The criterion whose decision carries the EMC visit count (as `{"visits": N}` in its evidence). */
export const VISITS_CRITERION = 'SD.01';

function visitsIn(evidence: unknown): string {
  const v = (evidence ?? {}) as { visits?: unknown };
  return typeof v.visits === 'number' || typeof v.visits === 'string' ? String(v.visits) : '';
}

/**
 * The form's starting state: the reviewer's last decision, or empty. The visit count is taken from
 * the decision, else from the tool's result, so that a decision does not drop a recorded count.
 */
export function draftFrom(review: CriterionResult | null, checklistLength: number, tool: CriterionResult | null = null): ReviewDraft {
  const ev = (review?.evidence ?? {}) as { checklist?: unknown; reason?: unknown };
  const ticks = Array.isArray(ev.checklist) ? ev.checklist.map(Boolean) : [];
  return {
    outcome: review?.outcome ?? null,
    points: review && review.outcome === 'partial' ? String(review.points).replace('.', ',') : '',
    note: review?.note ?? '',
    checklist: Array.from({ length: checklistLength }, (_, i) => ticks[i] ?? false),
    reason: typeof ev.reason === 'string' ? ev.reason : '',
    visits: visitsIn(review?.evidence) || visitsIn(tool?.evidence),
  };
}

/** Whether two forms hold the same values (a draft equal to the saved decision is no draft). */
export function sameDraft(a: ReviewDraft, b: ReviewDraft): boolean {
  return (
    a.outcome === b.outcome &&
    a.points.trim() === b.points.trim() &&
    a.note.trim() === b.note.trim() &&
    a.reason.trim() === b.reason.trim() &&
    a.visits.trim() === b.visits.trim() &&
    a.checklist.length === b.checklist.length &&
    a.checklist.every((v, i) => v === b.checklist[i])
  );
}

/** A visit count as typed ("120.500", "120 500", "120500") → 120500; null when empty; an error otherwise. */
export function parseVisits(s: string): { ok: true; value: number | null } | { ok: false; error: string } {
  const t = s.replace(/[\s.,]/g, '');
  if (!t) return { ok: true, value: null };
  if (!/^\d{1,15}$/.test(t)) return { ok: false, error: 'Lượt truy cập phải là một số nguyên không âm.' };
  return { ok: true, value: Number(t) };
}

/** Turns the form into what the backend takes, or says in Vietnamese why it cannot be saved yet. */
export function toReviewInput(
  d: ReviewDraft,
  maxPoints: number,
  toolOutcome: Outcome | null,
  takesVisits = false,
): { ok: true; input: ReviewInput; visits: number | null } | { ok: false; error: string } {
  if (!d.outcome) return { ok: false, error: 'Chọn kết quả để lưu.' };
  let points: number | null = null;
  if (d.outcome === 'partial') {
    const p = parsePoints(d.points);
    if (!p.ok) return { ok: false, error: p.error };
    if (p.value > maxPoints) return { ok: false, error: `Điểm không vượt quá ${String(maxPoints).replace('.', ',')}.` };
    points = p.value;
  }
  let visits: number | null = null;
  if (takesVisits) {
    const v = parseVisits(d.visits);
    if (!v.ok) return v;
    visits = v.value;
  }
  if (toolOutcome && toolOutcome !== d.outcome && !d.reason.trim()) {
    return { ok: false, error: 'Kết quả khác với công cụ: hãy ghi lý do điều chỉnh.' };
  }
  return {
    ok: true,
    input: { outcome: d.outcome, share: null, points, note: d.note, checklist: d.checklist, reason: d.reason },
    visits,
  };
}

/** One line that says what a draft holds: "Đạt một phần · 2,5 điểm · Ghi chú: …". */
export function draftSummary(d: ReviewDraft): string {
  const parts: string[] = [d.outcome ? OUTCOME_LABELS[d.outcome] : 'Chưa chọn kết quả'];
  if (d.outcome === 'partial' && d.points.trim()) parts.push(`${d.points.trim()} điểm`);
  if (d.visits.trim()) parts.push(`${d.visits.trim()} lượt truy cập`);
  const ticked = d.checklist.filter(Boolean).length;
  if (ticked) parts.push(`${ticked}/${d.checklist.length} mục kiểm tra`);
  if (d.reason.trim()) parts.push(`Lý do: ${d.reason.trim()}`);
  if (d.note.trim()) parts.push(`Ghi chú: ${d.note.trim()}`);
  return parts.join(' · ');
}

/** Bytes the way people read them: 1,2 MB. */
export function formatSize(n: number): string {
  const f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${f.format(n / 1024)} KB`;
  return `${f.format(n / 1024 / 1024)} MB`;
}

// --- the site page's filter and keys

export type OutcomeFilter = 'all' | 'needs_person' | 'undecided' | 'draft' | Outcome;

/** The filter's choices, in the order the menu shows them. */
export const OUTCOME_FILTERS: { value: OutcomeFilter; label: string }[] = [
  { value: 'all', label: 'Tất cả tiêu chí' },
  { value: 'needs_person', label: 'Cần người đánh giá' },
  { value: 'undecided', label: 'Chưa có kết quả cuối cùng' },
  { value: 'draft', label: 'Có bản nháp chưa lưu' },
  { value: 'pass', label: OUTCOME_LABELS.pass },
  { value: 'partial', label: OUTCOME_LABELS.partial },
  { value: 'fail', label: OUTCOME_LABELS.fail },
  { value: 'needs_review', label: OUTCOME_LABELS.needs_review },
  { value: 'error', label: OUTCOME_LABELS.error },
  { value: 'not_applicable', label: OUTCOME_LABELS.not_applicable },
];

/** What a row shows as its outcome: not applicable by level, else the effective result's. */
export function rowOutcome(r: SiteCriterion): Outcome | null {
  if (!r.applies) return 'not_applicable';
  return r.result?.outcome ?? null;
}

/** Applicable, and without a final outcome (no result, needs review, not tested, error). */
export function isUndecided(r: SiteCriterion): boolean {
  const o = rowOutcome(r);
  return r.applies && (o === null || o === 'needs_review' || o === 'not_tested' || o === 'error');
}

/** Whether a row passes the site page's filter. "Needs a person": undecided, the tool's result changed, or a draft. */
export function matchesFilter(r: SiteCriterion, f: OutcomeFilter): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'undecided':
      return isUndecided(r);
    case 'draft':
      return !!r.draft;
    case 'needs_person':
      return isUndecided(r) || r.tool_changed || !!r.draft;
    default:
      return rowOutcome(r) === f;
  }
}

/** The next (or, with `step` -1, previous) undecided row after `from`, wrapping around; null when none. */
export function nextUndecided(rows: SiteCriterion[], from: number, step: 1 | -1): number | null {
  const n = rows.length;
  for (let k = 1; k <= n; k++) {
    const i = (((from + step * k) % n) + n) % n;
    if (isUndecided(rows[i])) return i;
  }
  return null;
}

/** The outcome keys 1–4 set on the shown criterion. */
export function outcomeForKey(key: string): Outcome | null {
  const i = ['1', '2', '3', '4'].indexOf(key);
  return i >= 0 ? REVIEW_OUTCOMES[i] : null;
}

// --- the audit trail in Vietnamese

const FIELD_LABELS: Record<string, string> = {
  outcome: 'Kết quả',
  points: 'Điểm',
  note: 'Ghi chú',
  checklist: 'Danh mục kiểm tra',
  checklist_item: 'Xác nhận mục kiểm tra',
  checklist_evidence: 'Trích dẫn làm căn cứ',
  visits: 'Lượt truy cập',
  tool_outcome: 'Kết quả công cụ',
  resolves: 'Giải quyết khác biệt',
  status: 'Trạng thái phiếu',
  attached: 'Đính kèm tài liệu',
  detached: 'Gỡ tài liệu',
  created: 'Tạo',
  removed: 'Xóa',
  restored: 'Khôi phục',
  assignee: 'Người được giao',
  agency_name: 'Tên cơ quan',
  url: 'Địa chỉ',
  level: 'Cấp',
  block: 'Khối',
  parent_site_id: 'Cổng chính',
};

const OUTCOME_VALUE = OUTCOME_LABELS as Record<string, string>;
const STATUS_VALUE = EVALUATION_STATUS_LABELS as Record<string, string>;
const LEVEL_VALUE = LEVEL_LABELS as Record<string, string>;

function valueText(field: string, v: string | null): string {
  if (v === null || v === '') return '—';
  if (field === 'outcome') return OUTCOME_VALUE[v] ?? v;
  if (field === 'status') return STATUS_VALUE[v] ?? v;
  if (field === 'level') return LEVEL_VALUE[v] ?? v;
  if (field === 'tool_outcome') {
    // "needs_review (0)": the outcome and its points.
    const m = /^([a-z_]+) \(([^)]*)\)$/.exec(v);
    if (m) return `${OUTCOME_VALUE[m[1]] ?? m[1]} (${m[2]} điểm)`;
    return OUTCOME_VALUE[v] ?? v;
  }
  if (field === 'checklist_item') {
    if (v === 'present') return 'người đánh giá: có mục này';
    if (v === 'absent') return 'người đánh giá: không có mục này';
    return answerSuggestionText(v);
  }
  if (field === 'checklist_evidence') {
    try {
      const list = JSON.parse(v) as unknown;
      if (Array.isArray(list)) return `${list.length} xác nhận kèm trang và trích dẫn`;
    } catch {
      /* shown as stored */
    }
  }
  if (field === 'checklist') {
    try {
      const ticks = JSON.parse(v) as unknown;
      if (Array.isArray(ticks)) return `${ticks.filter(Boolean).length}/${ticks.length} mục đã đánh dấu`;
    } catch {
      /* shown as stored */
    }
  }
  return v;
}

export interface AuditLine {
  at: string;
  actor: string;
  /** The criterion code, or "Phiếu" / "Trang". */
  what: string;
  field: string;
  change: string;
  reason: string;
}

/** An audit entry as people read it: Vietnamese field names and values. */
export function auditLine(e: AuditEntry): AuditLine {
  const what = e.entity === 'evaluation' ? 'Phiếu' : e.entity === 'site' ? 'Trang' : (e.entity_id.split('/')[1] ?? '');
  const field = FIELD_LABELS[e.field] ?? e.field;
  let change: string;
  if (e.field === 'created' || e.field === 'restored' || e.field === 'attached') change = valueText(e.field, e.new_value);
  else if (e.field === 'removed' || e.field === 'detached') change = valueText(e.field, e.old_value);
  else if (e.old_value === null) change = valueText(e.field, e.new_value);
  else change = `${valueText(e.field, e.old_value)} → ${valueText(e.field, e.new_value)}`;
  return { at: e.at, actor: e.actor, what, field, change, reason: e.reason };
}

/** The trail newest first, as lines. */
export function auditLines(entries: AuditEntry[]): AuditLine[] {
  return entries.map(auditLine).reverse();
}
