// Pure helpers for the review form.
import type { CriterionResult, Outcome, ReviewInput } from './bindings';
import { parsePoints } from './frameworkEdit';

export const REVIEW_OUTCOMES: Outcome[] = ['pass', 'partial', 'fail', 'not_applicable'];

export interface ReviewDraft {
  outcome: Outcome | null;
  points: string;
  note: string;
  checklist: boolean[];
  reason: string;
}

/** The form's starting state: the reviewer's last decision, or empty. */
export function draftFrom(review: CriterionResult | null, checklistLength: number): ReviewDraft {
  const ev = (review?.evidence ?? {}) as { checklist?: unknown; reason?: unknown };
  const ticks = Array.isArray(ev.checklist) ? ev.checklist.map(Boolean) : [];
  return {
    outcome: review?.outcome ?? null,
    points: review && review.outcome === 'partial' ? String(review.points).replace('.', ',') : '',
    note: review?.note ?? '',
    checklist: Array.from({ length: checklistLength }, (_, i) => ticks[i] ?? false),
    reason: typeof ev.reason === 'string' ? ev.reason : '',
  };
}

/** Turns the form into what the backend takes, or says in Vietnamese why it cannot be saved yet. */
export function toReviewInput(
  d: ReviewDraft,
  maxPoints: number,
  toolOutcome: Outcome | null,
): { ok: true; input: ReviewInput } | { ok: false; error: string } {
  if (!d.outcome) return { ok: false, error: 'Chọn kết quả để lưu.' };
  let points: number | null = null;
  if (d.outcome === 'partial') {
    const p = parsePoints(d.points);
    if (!p.ok) return { ok: false, error: p.error };
    if (p.value > maxPoints) return { ok: false, error: `Điểm không vượt quá ${String(maxPoints).replace('.', ',')}.` };
    points = p.value;
  }
  if (toolOutcome && toolOutcome !== d.outcome && !d.reason.trim()) {
    return { ok: false, error: 'Kết quả khác với công cụ: hãy ghi lý do điều chỉnh.' };
  }
  return {
    ok: true,
    input: { outcome: d.outcome, share: null, points, note: d.note, checklist: d.checklist, reason: d.reason },
  };
}

/** Bytes the way people read them: 1,2 MB. */
export function formatSize(n: number): string {
  const f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${f.format(n / 1024)} KB`;
  return `${f.format(n / 1024 / 1024)} MB`;
}
