// End-to-end: the reviewer's desk on the site page — drafts that survive moving away and a restart,
// one score on the site page and the sites list, the keyboard, finalising, documents and links at 1024×700.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, application, cli, repo } from './harness.mjs';

const h = new Harness();
let stop = async () => {};
after(() => stop());

/** A database with a reviewer and the demo campaign; returns the CLI bound to it and the commune portal. */
function prepare(name) {
  const db = join(h.work, name);
  const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
  ttdt('reviewer', 'set', '--name', 'Trần Văn Chấm', '--unit', 'Sở KH&CN tỉnh Sơn Hà');
  ttdt('demo', 'init');
  const commune = JSON.parse(ttdt('--json', 'sites', 'list', 'Chiến dịch mẫu')).find((s) => s.level === 'commune');
  return { db, ttdt, commune };
}

/** A folder whose `xdg-open` always fails, as on a machine with no viewer and no browser. */
function noViewerPath() {
  const bin = join(h.work, 'no-viewer-bin');
  mkdirSync(bin, { recursive: true });
  const fake = join(bin, 'xdg-open');
  writeFileSync(fake, '#!/bin/sh\nexit 3\n');
  chmodSync(fake, 0o755);
  return `${bin}:${process.env.PATH}`;
}

const text = async (wd, css) => (await wd.property(await wd.find(css), 'textContent')).replace(/\s+/g, ' ').trim();

async function openSite(wd, commune) {
  await wd.click(await wd.waitFor(`tr[data-site-url="${commune.url}"] a`, { timeout: 30000 }));
  await wd.waitFor('[data-testid="site-title"]', { text: 'Ủy ban nhân dân xã Thanh Bình' });
}

async function selectRow(wd, code) {
  await wd.click(await wd.find(`tr[data-code="${code}"] td:nth-child(2)`));
  await wd.waitFor(`[data-testid="review-panel"][data-code="${code}"]`);
}

test('a refused partial is kept as a draft when moving away and after a restart, and saves once the document is attached', { timeout: 240000 }, h.guard(async () => {
  const { db, ttdt, commune } = prepare('drafts.db');
  const launched = await h.launch({ TTDT_DB: db, PATH: noViewerPath() });
  const wd = launched.client;
  stop = launched.stop;
  await wd.start(application);
  await openSite(wd, commune);

  // AT.01 needs its approval decision attached: a partial with points and a note is refused, without calling it a pass.
  await selectRow(wd, 'AT.01');
  await wd.click(await wd.find('[data-outcome="partial"]'));
  await wd.type(await wd.waitFor('[data-testid="review-points"]'), '2,5');
  await wd.type(await wd.find('[data-testid="review-note"]'), 'Chưa có quyết định phê duyệt cấp độ');
  await new Promise((r) => setTimeout(r, 1500)); // the note's pause-then-save
  const refusal = await wd.waitFor('[data-testid="review-error"]', { text: 'bắt buộc có tài liệu' });
  const refusalText = await wd.property(refusal, 'textContent');
  assert.doesNotMatch(refusalText.toLowerCase(), /đạt/, refusalText);
  await wd.waitFor('[data-testid="review-state"]', { text: 'đã giữ bản nháp' });
  await h.shot('rd-01-partial-refused.png');

  // Moving away warns; the draft is kept and marked on the row.
  await wd.click(await wd.find('tr[data-code="AT.02"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="leave-warning"]', { text: 'AT.01' });
  await h.shot('rd-02-leave-warning.png');
  await wd.click(await wd.find('[data-action="leave-anyway"]'));
  await wd.waitFor('[data-testid="review-panel"][data-code="AT.02"]');
  await wd.waitFor('tr[data-code="AT.01"] [data-testid="row-draft"]');

  // Coming back: the draft is shown with its values, and restores into the form.
  await selectRow(wd, 'AT.01');
  await wd.waitFor('[data-testid="review-draft-summary"]', { text: 'Đạt một phần · 2,5 điểm' });
  assert.match(await text(wd, '[data-testid="review-draft"]'), /Chưa có quyết định phê duyệt cấp độ/);
  assert.match(await text(wd, '[data-testid="review-draft"]'), /Trần Văn Chấm/);
  await wd.click(await wd.find('[data-action="restore-draft"]'));
  assert.equal(await wd.property(await wd.waitFor('[data-testid="review-points"]'), 'value'), '2,5');
  assert.equal(await wd.property(await wd.find('[data-testid="review-note"]'), 'value'), 'Chưa có quyết định phê duyệt cấp độ');
  await wd.waitFor('[data-testid="review-error"]', { text: 'bắt buộc có tài liệu' });

  // A restart: the draft is still there.
  await wd.quit();
  await wd.start(application);
  await openSite(wd, commune);
  await selectRow(wd, 'AT.01');
  await wd.waitFor('[data-testid="review-draft-summary"]', { text: 'Đạt một phần · 2,5 điểm' });
  await h.shot('rd-03-draft-after-restart.png');

  // Restored, then the document attached: the decision saves and the draft is gone.
  await wd.click(await wd.find('[data-action="restore-draft"]'));
  await wd.waitFor('[data-testid="review-error"]', { text: 'bắt buộc có tài liệu' });
  const pdf = readFileSync(join(repo, 'tests', 'fixtures', 'documents', 'quy-che-van-hanh.pdf'));
  const longName = 'quyet-dinh-phe-duyet-cap-do-an-toan-he-thong-thong-tin-cong-thong-tin-dien-tu-xa-thanh-binh-2026.pdf';
  await wd.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const dt = new DataTransfer();
     dt.items.add(new File([bytes], arguments[1], { type: 'application/pdf' }));
     document.querySelector('[aria-label="Tài liệu minh chứng"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));`,
    [pdf.toString('base64'), longName],
  );
  await wd.waitFor(`[data-attachment="${longName}"]`);
  await wd.waitFor('[data-testid="review-saved"]', { text: 'Đã lưu' });
  await wd.waitFor('tr[data-code="AT.01"]', { text: 'Đạt một phần' });
  await wd.waitGone('tr[data-code="AT.01"] [data-testid="row-draft"]');
  await wd.waitGone('[data-testid="review-draft"]');
  const status = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));
  assert.ok(!status.blocking.includes('AT.01'));

  // At 1024×700 the attachment's name is visible and "Mở" / "Gỡ" sit inside the panel.
  await wd.setWindowRect({ width: 1024, height: 700 });
  await new Promise((r) => setTimeout(r, 500));
  const box = await wd.execute(
    `const li = document.querySelector('[data-attachment]');
     const panel = document.querySelector('aside.detail').getBoundingClientRect();
     const r = (el) => el.getBoundingClientRect();
     const name = li.querySelector('.name');
     return { panelLeft: panel.left, panelRight: panel.right, name: r(name).width, title: name.title,
              open: r(li.querySelector('[data-action="open-document"]')).right, detach: r(li.querySelector('[data-action="detach-document"]')).right,
              scrollsSideways: document.querySelector('aside.detail').scrollWidth > document.querySelector('aside.detail').clientWidth,
              windowWidth: window.innerWidth };`,
  );
  assert.ok(box.windowWidth <= 1024, `window ${box.windowWidth}`);
  assert.ok(box.name > 80, `file name width ${box.name}`);
  assert.equal(box.title, longName);
  assert.ok(box.open <= box.panelRight && box.detach <= box.panelRight, JSON.stringify(box));
  assert.equal(box.scrollsSideways, false);
  await h.shot('rd-04-attachment-1024.png');

  // "Mở" with no viewer on the machine says so, in Vietnamese, in the panel.
  await wd.click(await wd.find('[data-action="open-document"]'));
  await wd.waitFor('[data-testid="document-error"]', { text: 'Không mở được tệp', timeout: 20000 });
  // The site's address opens in the system browser, or says why not.
  await wd.click(await wd.find('[data-action="open-site"]'));
  await wd.waitFor('.notice', { text: 'Không mở được địa chỉ', timeout: 20000 });
  await h.shot('rd-05-no-viewer.png');
  await stop();
  stop = async () => {};
}));

test('one score everywhere after a not applicable, the keyboard, and finalising', { timeout: 240000 }, h.guard(async () => {
  const { db, ttdt, commune } = prepare('numbers.db');
  // Every applicable criterion decided but KN.02 and one more (pass, or fail where a document would be needed).
  const detail = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));
  const framework = JSON.parse(ttdt('--json', 'framework', 'show', '--campaign', 'Chiến dịch mẫu'));
  const needsDocument = new Set(framework.criteria.filter((c) => c.document_required).map((c) => c.code));
  const leftOpen = detail.blocking.find((c) => c !== 'KN.02' && c !== 'QL.03');
  const lines = detail.blocking
    .filter((code) => code !== 'KN.02' && code !== leftOpen)
    .map((code) => JSON.stringify({ site: commune.id, code, outcome: needsDocument.has(code) ? 'fail' : 'pass' }))
    .join('\n');
  execFileSync(cli, ['--db', db, 'review', 'apply'], { input: lines + '\n', encoding: 'utf8' });
  const ql03 = framework.criteria.find((c) => c.code === 'QL.03');
  const before = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));

  const launched = await h.launch({ TTDT_DB: db });
  const wd = launched.client;
  stop = launched.stop;
  await wd.start(application);
  await openSite(wd, commune);

  // --- keyboard: Tab enters the table once; arrows move focus, never the form; Space selects; 1 sets the outcome.
  const shown = () => wd.execute(`return document.querySelector('[data-testid="review-panel"]').dataset.code;`);
  const focusedCode = () => wd.execute('return document.activeElement.dataset.code ?? null;');
  await selectRow(wd, 'KN.02');
  await wd.keys('\uE015\uE015\uE015'); // ↓ ×3: focus moves, the form stays on KN.02
  assert.equal(await shown(), 'KN.02');
  assert.ok(!['KN.02', null].includes(await focusedCode()));
  await wd.keys('\uE004\uE004\uE004'); // Tab ×3 leaves the table for the form: the form does not follow focus
  assert.equal(await shown(), 'KN.02');
  assert.equal(await wd.execute('return document.querySelectorAll(\'tr[data-row][tabindex="0"]\').length;'), 1, 'one tab stop in the table');
  await selectRow(wd, 'KN.02');
  await wd.keys('1'); // focus in the table: KN.02 passes
  await wd.waitFor('tr[data-code="KN.02"]', { text: 'Đạt' });
  await wd.keys('\uE015'); // ↓ then Space: selects the focused row only
  const next = await focusedCode();
  await wd.keys(' ');
  await wd.waitFor(`[data-testid="review-panel"][data-code="${next}"]`);
  const decided = JSON.parse(ttdt('--json', 'review', 'log', String(commune.id)))
    .filter((e) => e.entity === 'criterion_result')
    .map((e) => e.entity_id.split('/')[1]);
  assert.deepEqual([...new Set(decided.filter((c) => !detail.blocking.includes(c) || c === 'KN.02'))], ['KN.02'], 'only the shown criterion changed');
  await h.shot('rd-06-keyboard.png');

  // F1 lists the keys and the legend.
  await wd.keys('\uE031');
  await wd.waitFor('[data-testid="help"]', { text: 'Không áp dụng' });
  assert.match(await text(wd, '[data-testid="help"]'), /✎/);
  await wd.keys('\uE00C');
  await wd.waitGone('[data-testid="help"]');

  // --- "Không áp dụng" on QL.03 with key 4: its row shows "—", and the maximum and counter drop.
  await selectRow(wd, 'QL.03');
  await wd.keys('4');
  await wd.waitFor('tr[data-code="QL.03"]', { text: 'Không áp dụng' });
  const cells = await wd.execute(`return [...document.querySelectorAll('tr[data-code="QL.03"] td.num')].map((td) => td.textContent.trim());`);
  assert.deepEqual(cells, ['—', '—']);
  const after = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));
  assert.equal(after.max, before.max - ql03.points);
  const fmt = (n) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
  await wd.waitFor('[data-testid="site-score"]', { text: `${fmt(after.total)} / ${fmt(after.max)}` });
  const progress = await text(wd, '[data-testid="site-progress"]');
  assert.equal(progress, `${after.progress.done}/${after.progress.applicable}`);
  await h.shot('rd-07-not-applicable.png');

  // --- "Chốt" early names what blocks, each code a link; after deciding and submitting, the submitter cannot finalise.
  await wd.click(await wd.find('[data-action="finalise"]'));
  await wd.waitFor('[data-testid="blocked"]', { text: 'Chưa chốt được' });
  assert.deepEqual(after.blocking, [leftOpen]);
  await wd.waitFor('[data-testid="blocked"]', { text: '1 tiêu chí' });
  assert.equal(await wd.execute(`return document.querySelector('[data-action="finalise"]').classList.contains('primary');`), false);
  await wd.click(await wd.find(`[data-blocking="${leftOpen}"]`));
  await wd.waitFor(`[data-testid="review-panel"][data-code="${leftOpen}"]`);
  await h.shot('rd-08-finalise-early.png');

  // --- Esc goes back to the list, which shows the same count.
  await wd.click(await wd.find('[data-testid="site-title"]'));
  await wd.keys('\uE00C');
  const row = await wd.waitFor(`tr[data-site-url="${commune.url}"]`);
  assert.match(await wd.property(row, 'textContent'), new RegExp(`${after.progress.done}/${after.progress.applicable}`));
  await stop();
  stop = async () => {};
}));
