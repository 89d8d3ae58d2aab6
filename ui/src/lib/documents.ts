// Pure helpers for the document assistant in the review form: what a finding says, the state of
// each checklist item, the outcome the items propose, and where a quote sits in a page's text.
import type { Analysis, ChecklistAnswer, ItemFinding, Outcome } from './bindings';
import { formatPoints } from './format';

/** The kinds the assistant reads (pictures are shown, and answered "cannot tell"). */
export function readable(mediaType: string): boolean {
  return (
    mediaType === 'application/pdf' ||
    mediaType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ||
    mediaType === 'application/vnd.oasis.opendocument.text' ||
    mediaType.startsWith('image/')
  );
}

/** Why nothing could be read, for a finding that cannot tell. */
export function unknownWhy(a: Pick<Analysis, 'kind' | 'text_layer'>): string {
  if (a.kind === 'image') return 'tài liệu là ảnh chụp, không có lớp chữ';
  if (!a.text_layer) return 'tài liệu là bản quét, không có lớp chữ';
  return 'có trang không có lớp chữ hoặc mục này cần người đọc';
}

/** A finding as the reviewer reads it (the page is a link in the panel; here it is text). */
export function findingText(f: ItemFinding, a: Pick<Analysis, 'kind' | 'text_layer'>): string {
  if (f.found === true) return f.page ? `Tìm thấy ở trang ${f.page}: “${f.quote ?? ''}”` : 'Tìm thấy';
  if (f.found === false) return f.page && f.quote ? `Không đạt yêu cầu (trang ${f.page}: “${f.quote}”)` : 'Không tìm thấy';
  return `Không xác định được (${unknownWhy(a)})`;
}

export type ItemState = 'yes' | 'no' | 'unknown';

/** Analyses of the documents attached, with the content hash that names each. */
export interface AnalysedDocument {
  sha256: string;
  analysis: Analysis;
}

/**
 * Whether each checklist item is satisfied, as the form stands: the reviewer's answers first
 * (present in any document is enough), then the reviewer's tick, then the assistant's findings
 * (found in any document; "cannot tell" in one and found in none stays unknown).
 */
export function itemStates(count: number, ticks: boolean[], docs: AnalysedDocument[], answers: ChecklistAnswer[]): ItemState[] {
  return Array.from({ length: count }, (_, i) => {
    const mine = answers.filter((a) => a.index === i);
    if (mine.length) return mine.some((a) => a.present) ? 'yes' : 'no';
    if (ticks[i]) return 'yes';
    const found = docs.map((d) => d.analysis.items[i]?.found ?? null);
    if (found.some((f) => f === true)) return 'yes';
    if (found.length === 0 || found.some((f) => f === null)) return 'unknown';
    return 'no';
  });
}

export type Proposal =
  | { outcome: Outcome; points: string; found: number; total: number; text: string }
  | { outcome: null; text: string };

/**
 * The outcome the checklist proposes: every item there → pass, some → partial (points in
 * proportion, to two decimals), none → fail. An item nobody could read leaves it to the reviewer:
 * "could not see" is never "fail".
 */
export function proposal(states: ItemState[], maxPoints: number): Proposal {
  const total = states.length;
  const unknown = states.filter((s) => s === 'unknown').length;
  if (total === 0) return { outcome: null, text: 'Tiêu chí không có danh mục kiểm tra.' };
  if (unknown) return { outcome: null, text: `Chưa đề xuất được: còn ${unknown}/${total} mục chưa xác định, hãy đọc và xác nhận.` };
  const found = states.filter((s) => s === 'yes').length;
  if (found === total) return { outcome: 'pass', points: '', found, total, text: `Đạt (${found}/${total} mục có)` };
  if (found === 0) return { outcome: 'fail', points: '', found, total, text: `Không đạt (không có mục nào trong ${total} mục)` };
  const pts = Math.round(((maxPoints * found) / total) * 100) / 100;
  const shown = formatPoints(pts);
  return { outcome: 'partial', points: shown, found, total, text: `Đạt một phần (${found}/${total} mục có · ${shown} điểm)` };
}

/** What the answer buttons mean: agreeing with a finding or correcting it; `present` for an unknown one. */
export function presentFor(found: boolean | null, agree: boolean): boolean {
  return found === null ? agree : agree ? found : !found;
}

/** Which answer button is pressed: "agree" (Đúng / Có), "disagree" (Sai / Không có), or none. */
export function pressed(found: boolean | null, answer: ChecklistAnswer | undefined): 'agree' | 'disagree' | null {
  if (!answer) return null;
  if (found === null) return answer.present ? 'agree' : 'disagree';
  return answer.present === found ? 'agree' : 'disagree';
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a quote sits in a page's text, as [start, end) ranges. A title's quote joins its lines with
 * " / ", a long quote ends with "…", and the page breaks lines where the quote has spaces: each
 * part is found on its own, spaces matching any run of white space, case aside.
 */
export function highlightRanges(text: string, quote: string | null | undefined): [number, number][] {
  if (!quote) return [];
  const parts = quote
    .normalize('NFC')
    .replace(/…\s*$/, '')
    .split(' / ')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const page = text.normalize('NFC');
  const out: [number, number][] = [];
  let from = 0;
  for (const part of parts) {
    const re = new RegExp(part.split(/\s+/).map(escape).join('\\s+'), 'giu');
    re.lastIndex = from;
    let m = re.exec(page);
    if (!m && from > 0) {
      re.lastIndex = 0;
      m = re.exec(page);
    }
    if (!m) continue;
    out.push([m.index, m.index + m[0].length]);
    from = m.index + m[0].length;
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** A page's text cut into plain and highlighted pieces. */
export function segments(text: string, ranges: [number, number][]): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at) continue;
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** "2024-03-12" → "12/03/2024". */
export function documentDate(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** An answer logged in the audit trail (field `checklist_item`): the suggestion as a line. */
export function answerSuggestionText(json: string): string {
  try {
    const s = JSON.parse(json) as { item?: string; document?: string; found?: boolean | null; page?: number | null; quote?: string | null };
    const finding =
      s.found === true
        ? `tìm thấy${s.page ? ` ở trang ${s.page}` : ''}${s.quote ? `: “${s.quote}”` : ''}`
        : s.found === false
          ? 'không tìm thấy'
          : 'không xác định được';
    return `“${s.item ?? ''}” trong “${s.document ?? ''}”, gợi ý: ${finding}`;
  } catch {
    return json;
  }
}
