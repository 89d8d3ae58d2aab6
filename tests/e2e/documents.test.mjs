// End-to-end: the document assistant in the review form at 1024×700 — a regulation dropped on
// QL.01 is read at once (each checklist item's page and quote, the document's number, date and
// issuer), a finding's page opens the in-app viewer with the quote highlighted, the reviewer
// confirms an item and applies the proposed outcome, and the audit trail read by the command
// line holds the suggestion, the quote and the decision.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, application, cli, repo } from './harness.mjs';

const h = new Harness();
let stop = async () => {};
after(() => stop());

const fixtures = join(repo, 'tests', 'fixtures', 'documents');

/** What a reviewer reads in a fixture for a criterion, from expected.toml: page per item ("pN"), "no" or "?". */
function expected(name, code) {
  const toml = readFileSync(join(fixtures, 'expected.toml'), 'utf8');
  const block = toml.split('[[document]]').find((b) => b.includes(`name = "${name}"`));
  assert.ok(block, `${name} in expected.toml`);
  const items = new RegExp(`code = "${code.replace('.', '\\.')}", items = \\[([^\\]]*)\\]`).exec(block);
  assert.ok(items, `${code} of ${name} in expected.toml`);
  const meta = (key) => new RegExp(`${key} = "([^"]*)"`).exec(/meta = \{([^}]*)\}/.exec(block)[1])?.[1] ?? null;
  return {
    items: [...items[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    number: meta('number'),
    date: meta('date'),
    issuer: meta('issuer'),
  };
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const text = async (wd, css) => squash(await wd.property(await wd.find(css), 'textContent'));
const attr = (wd, css, name) => wd.execute('return document.querySelector(arguments[0]).getAttribute(arguments[1])', [css, name]);

test('a dropped regulation is read against QL.01, its pages open in the viewer, and a confirmation reaches the audit trail', { timeout: 240000 }, h.guard(async () => {
  const db = join(h.work, 'documents.db');
  const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
  ttdt('reviewer', 'set', '--name', 'Phạm Thu Đối Chiếu', '--unit', 'Sở KH&CN tỉnh Sơn Hà');
  ttdt('demo', 'init');
  const site = JSON.parse(ttdt('--json', 'sites', 'list', 'Chiến dịch mẫu')).find((s) => s.level === 'commune');
  const want = expected('quy-che-day-du', 'QL.01');
  const pdf = readFileSync(join(fixtures, 'quy-che-day-du.pdf'));
  const sha256 = createHash('sha256').update(pdf).digest('hex');

  const launched = await h.launch({ TTDT_DB: db });
  const wd = launched.client;
  stop = launched.stop;
  await wd.start(application);
  await wd.setWindowRect({ width: 1024, height: 700 });
  await wd.click(await wd.waitFor(`tr[data-site-url="${site.url}"] a`, { timeout: 30000 }));
  await wd.waitFor('[data-testid="site-title"]');
  await wd.click(await wd.find('tr[data-code="QL.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="review-panel"][data-code="QL.01"]');

  // Drop the regulation on the documents box, as a user dragging it from the file manager does
  // (WebKitWebDriver cannot fill a file input; the drop goes through the same upload path).
  await wd.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const dt = new DataTransfer();
     dt.items.add(new File([bytes], arguments[1], { type: 'application/pdf' }));
     const zone = document.querySelector('[aria-label="Tài liệu minh chứng"]');
     zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));`,
    [pdf.toString('base64'), 'quy-che-van-hanh.pdf'],
  );
  await wd.waitFor('[data-attachment="quy-che-van-hanh.pdf"]');

  // Read at once: the header's facts and each item's page and quote, as expected.toml says.
  await wd.waitFor('[data-testid="analysis"]', { timeout: 30000 });
  assert.equal(await text(wd, '[data-testid="doc-number"]'), want.number);
  assert.equal(await text(wd, '[data-testid="doc-date"]'), want.date.split('-').reverse().join('/'));
  assert.equal(await text(wd, '[data-testid="doc-issuer"]'), want.issuer);
  const quotes = [];
  for (const [i, w] of want.items.entries()) {
    assert.match(w, /^p\d+$/, 'the complete regulation has every QL.01 part');
    const item = `[data-testid="analysis"] li[data-item="${i}"]`;
    assert.equal(await attr(wd, item, 'data-found'), 'true');
    const finding = await text(wd, `${item} [data-testid="finding"]`);
    assert.match(finding, new RegExp(`^Tìm thấy ở trang ${w.slice(1)}: “.+”$`), finding);
    const quote = await text(wd, `${item} [data-testid="finding-quote"]`);
    assert.ok(quote.length > 5, `item ${i} quotes its text`);
    quotes.push(quote);
  }
  // The incident procedure is an article about incidents; the violating-information one names it.
  assert.match(quotes[1].toLowerCase(), /sự cố/);
  assert.match(quotes[2].toLowerCase(), /vi phạm/);
  await h.shot('doc-01-findings.png');

  // The proposal follows the items, and is not applied by itself.
  await wd.waitFor('[data-testid="proposal-text"]', { text: 'Đạt (3/3 mục có)' });
  assert.equal(await attr(wd, '[data-outcome="pass"]', 'aria-checked'), 'false');

  // The page of item 2 opens the viewer there from the keyboard, with the quote highlighted.
  const incidentPage = Number(want.items[1].slice(1));
  await wd.execute(`document.querySelector('[data-testid="analysis"] li[data-item="1"] [data-action="open-page"]').focus()`);
  await wd.keys('\uE007'); // Enter
  await wd.waitFor('[data-testid="viewer-text"]', { timeout: 20000 });
  assert.equal(await wd.property(await wd.find('[data-testid="viewer-select"]'), 'value'), String(incidentPage));
  assert.equal(squash(await text(wd, '[data-testid="viewer-quote"]')), quotes[1]);
  const pageText = await text(wd, '[data-testid="viewer-text"]');
  assert.ok(pageText.length > quotes[1].length, 'the viewer shows the whole page, not the quote alone');
  // At 1024×700 the dialog and its close button fit the window.
  const fits = await wd.execute(
    `const b = document.querySelector('[data-action="close-viewer"]').getBoundingClientRect();
     return b.bottom <= window.innerHeight && b.right <= window.innerWidth;`,
  );
  assert.ok(fits, 'the viewer fits 1024×700');
  await h.shot('doc-02-viewer.png');
  // Page Down moves to the next page, where the quote is not marked.
  await wd.execute(`document.querySelector('[data-testid="viewer-text"]').focus()`);
  await wd.keys('\uE00F'); // PageDown
  await wd.waitFor(`[data-testid="viewer-text"][data-page="${incidentPage + 1}"]`);
  assert.equal((await wd.findAll('[data-testid="viewer-quote"]')).length, 0);
  await wd.keys('\uE00C'); // Escape closes it
  await wd.waitGone('.modal-backdrop');

  // The reviewer confirms item 2: its box is ticked and the confirmation is shown.
  await wd.click(await wd.find('[data-testid="analysis"] li[data-item="1"] [data-answer="agree"]'));
  await wd.waitFor('[data-testid="analysis"] li[data-item="1"] [data-testid="answer-state"]', { text: 'Đã xác nhận: có mục này' });
  assert.equal(await wd.property(await wd.find('[data-check="1"] input'), 'checked'), true);

  // Applying the proposal chooses "Đạt", with the items ticked, and saves.
  await wd.click(await wd.find('[data-action="apply-proposal"]'));
  await wd.waitFor('[data-testid="review-saved"]', { text: 'Đã lưu', timeout: 20000 });
  assert.equal(await attr(wd, '[data-outcome="pass"]', 'aria-checked'), 'true');
  for (const i of [0, 1, 2]) assert.equal(await wd.property(await wd.find(`[data-check="${i}"] input`), 'checked'), true);
  await wd.waitFor('tr[data-code="QL.01"]', { text: 'Đạt' });
  // The findings make the panel long: it scrolls, the window does not.
  const overflow = await wd.execute('const e = document.scrollingElement; return e.scrollHeight - window.innerHeight;');
  assert.ok(overflow <= 0, `the window is ${overflow}px taller than itself`);
  await h.shot('doc-03-confirmed.png');

  // The audit trail, read by the command line beside the window: the suggestion with page and
  // quote, the reviewer's decision, and the quotes kept with the decision.
  const log = JSON.parse(ttdt('--json', 'review', 'log', String(site.id), '--code', 'QL.01'));
  const answers = log.filter((e) => e.field === 'checklist_item');
  const incident = answers.map((e) => ({ ...JSON.parse(e.old_value), decision: e.new_value, actor: e.actor })).find((a) => a.index === 1);
  assert.ok(incident, JSON.stringify(log, null, 1));
  assert.equal(incident.item, 'Quy trình xử lý sự cố');
  assert.equal(incident.page, incidentPage);
  assert.equal(incident.quote, quotes[1]);
  assert.equal(incident.sha256, sha256);
  assert.equal(incident.decision, 'present');
  assert.match(incident.actor, /Phạm Thu Đối Chiếu/);
  // Applying the proposal accepted the two other findings: they are in the trail too.
  assert.deepEqual(answers.map((e) => JSON.parse(e.old_value).index).sort(), [0, 1, 2]);
  const evidence = log.filter((e) => e.field === 'checklist_evidence').at(-1);
  assert.ok(evidence, 'the decision logs what it rests on');
  const kept = JSON.parse(evidence.new_value);
  assert.deepEqual(kept.map((k) => [k.index, k.page, k.quote, k.sha256, k.present]), quotes.map((q, i) => [i, Number(want.items[i].slice(1)), q, sha256, true]));
  assert.ok(log.some((e) => e.field === 'outcome' && e.new_value === 'pass'));

  // The panel's own trail says it in Vietnamese.
  await wd.click(await wd.find('[data-action="criterion-log"]'));
  await wd.waitFor('.log li', { text: 'Xác nhận mục kiểm tra' });
  assert.match(await text(wd, '.log'), /“Quy trình xử lý sự cố” trong “quy-che-van-hanh\.pdf”, gợi ý: tìm thấy ở trang \d+/);
  await h.shot('doc-04-trail.png');
}));
