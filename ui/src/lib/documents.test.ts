import { describe, expect, it } from 'vitest';
import type { Analysis, ChecklistAnswer, ItemFinding } from './bindings';
import {
  answerSuggestionText,
  documentDate,
  findingText,
  highlightRanges,
  itemStates,
  pressed,
  presentFor,
  proposal,
  segments,
} from './documents';

const finding = (found: boolean | null, page: number | null = null, quote: string | null = null): ItemFinding => ({
  label: 'Quy trình xử lý sự cố',
  found,
  page,
  quote,
});

const analysis = (found: (boolean | null)[], kind: Analysis['kind'] = 'pdf', text_layer = true): Analysis => ({
  kind,
  text_layer,
  pages: 4,
  meta: { number: null, date: null, issuer: null, title: null },
  items: found.map((f) => finding(f, f ? 3 : null, f ? 'Điều 7. Quy trình xử lý, khắc phục sự cố' : null)),
});

const answer = (index: number, present: boolean, sha256 = 'a'): ChecklistAnswer => ({
  index,
  item: '',
  document: 'quy-che.pdf',
  sha256,
  suggested: true,
  page: 3,
  quote: null,
  present,
  answered_by: 'Lê Thị Rà Soát',
  answered_at: '2026-03-01T08:00:00Z',
});

describe('what a finding says', () => {
  it('names the page and the quote, or says it was not found, or why nobody can tell', () => {
    expect(findingText(finding(true, 4, 'Điều 12. Quy trình xử lý sự cố'), analysis([]))).toBe(
      'Tìm thấy ở trang 4: “Điều 12. Quy trình xử lý sự cố”',
    );
    expect(findingText(finding(false), analysis([]))).toBe('Không tìm thấy');
    expect(findingText(finding(null), analysis([], 'pdf', false))).toBe(
      'Không xác định được (tài liệu là bản quét, không có lớp chữ)',
    );
    expect(findingText(finding(null), analysis([], 'image', false))).toMatch(/^Không xác định được \(tài liệu là ảnh chụp/);
    // A security level below the one asked for: not satisfied, with where it says so.
    expect(findingText(finding(false, 1, 'cấp độ 2'), analysis([]))).toBe('Không đạt yêu cầu (trang 1: “cấp độ 2”)');
  });
  it('formats the header date', () => {
    expect(documentDate('2024-03-12')).toBe('12/03/2024');
    expect(documentDate(null)).toBeNull();
  });
});

describe('the outcome the checklist proposes', () => {
  const docs = (found: (boolean | null)[]) => [{ sha256: 'a', analysis: analysis(found) }];

  it('is a pass when every item is found, partial when some are, a fail when none are', () => {
    expect(proposal(itemStates(3, [], docs([true, true, true]), []), 2)).toMatchObject({ outcome: 'pass', found: 3, total: 3 });
    expect(proposal(itemStates(3, [], docs([true, false, false]), []), 2)).toMatchObject({ outcome: 'partial', points: '0,67', found: 1 });
    expect(proposal(itemStates(3, [], docs([false, false, false]), []), 2)).toMatchObject({ outcome: 'fail', found: 0 });
  });

  it('proposes nothing while an item cannot be read, unless the reviewer answered it', () => {
    const scan = docs([null, null, null]);
    const p = proposal(itemStates(3, [], scan, []), 2);
    expect(p.outcome).toBeNull();
    expect(p.text).toContain('3/3 mục chưa xác định');
    const answered = [answer(0, true), answer(1, true), answer(2, false)];
    expect(proposal(itemStates(3, [], scan, answered), 2)).toMatchObject({ outcome: 'partial', points: '1,33' });
    expect(proposal(itemStates(3, [], [], []), 2).outcome).toBeNull();
  });

  it('takes the reviewer over the assistant: answers first, then ticks, then findings in any document', () => {
    // Found, but the reviewer said it is not there.
    expect(itemStates(1, [true], docs([true]), [answer(0, false)])).toEqual(['no']);
    // Not found by the assistant, ticked by the reviewer.
    expect(itemStates(1, [true], docs([false]), [])).toEqual(['yes']);
    // Present in one document of two is enough.
    expect(itemStates(1, [], [{ sha256: 'a', analysis: analysis([false]) }, { sha256: 'b', analysis: analysis([true]) }], [])).toEqual(['yes']);
    expect(itemStates(1, [], docs([true]), [answer(0, false, 'a'), answer(0, true, 'b')])).toEqual(['yes']);
    // A scan beside a document that does not have it: nobody can tell.
    expect(itemStates(1, [], [{ sha256: 'a', analysis: analysis([false]) }, { sha256: 'b', analysis: analysis([null]) }], [])).toEqual(['unknown']);
  });
});

describe('the answer buttons', () => {
  it('agree with or correct a finding; answer an unknown one directly', () => {
    expect(presentFor(true, true)).toBe(true);
    expect(presentFor(true, false)).toBe(false);
    expect(presentFor(false, true)).toBe(false);
    expect(presentFor(false, false)).toBe(true);
    expect(presentFor(null, true)).toBe(true);
    expect(pressed(false, answer(0, true))).toBe('disagree');
    expect(pressed(true, answer(0, true))).toBe('agree');
    expect(pressed(null, answer(0, false))).toBe('disagree');
    expect(pressed(true, undefined)).toBeNull();
  });
  it('shows a logged suggestion as a line', () => {
    const logged = JSON.stringify({ index: 1, item: 'Quy trình xử lý sự cố', document: 'quy-che.pdf', sha256: 'a', found: true, page: 3, quote: 'Điều 7' });
    expect(answerSuggestionText(logged)).toBe('“Quy trình xử lý sự cố” trong “quy-che.pdf”, gợi ý: tìm thấy ở trang 3: “Điều 7”');
  });
});

describe('where a quote sits on its page', () => {
  const page = 'Chương II\nQUY TRÌNH\nĐiều 7. Quy trình xử lý,\nkhắc phục sự cố\n1. Khi phát hiện sự cố …';

  it('finds a quote across a line break, case aside', () => {
    const r = highlightRanges(page, 'Điều 7. Quy trình xử lý, khắc phục sự cố');
    expect(r).toHaveLength(1);
    expect(page.slice(r[0][0], r[0][1])).toBe('Điều 7. Quy trình xử lý,\nkhắc phục sự cố');
    expect(highlightRanges(page, 'điều 7. QUY TRÌNH xử lý,')).toHaveLength(1);
  });

  it('finds each line of a title and a clipped quote without its ellipsis', () => {
    const title = 'ỦY BAN NHÂN DÂN\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế quản lý,\nvận hành';
    const r = highlightRanges(title, 'QUYẾT ĐỊNH / Về việc ban hành Quy chế quản lý, vận hành');
    expect(r.map(([s, e]) => title.slice(s, e))).toEqual(['QUYẾT ĐỊNH', 'Về việc ban hành Quy chế quản lý,\nvận hành']);
    const clipped = highlightRanges(page, 'Điều 7. Quy trình xử…');
    expect(page.slice(clipped[0][0], clipped[0][1])).toBe('Điều 7. Quy trình xử');
  });

  it('finds nothing for a quote that is not there, and treats special characters as text', () => {
    expect(highlightRanges(page, 'Điều 9. Thông báo')).toEqual([]);
    expect(highlightRanges('a (b) c', '(b)')).toEqual([[2, 5]]);
    expect(highlightRanges(page, null)).toEqual([]);
  });

  it('cuts the page into plain and marked pieces that join back to the page', () => {
    const r = highlightRanges(page, 'Điều 7. Quy trình xử lý, khắc phục sự cố');
    const s = segments(page, r);
    expect(s.map((x) => x.text).join('')).toBe(page);
    expect(s.filter((x) => x.mark).map((x) => x.text)).toEqual(['Điều 7. Quy trình xử lý,\nkhắc phục sự cố']);
    expect(segments('abc', [])).toEqual([{ text: 'abc', mark: false }]);
  });
});
