// End-to-end: the window at 1440×900 and at 1024×700 (columns, dialogs, the sidebar), full keyboard
// work in the lists (arrival focus, dialogs that give focus back, a safe delete confirmation), what a
// scan says when sites cannot be reached, Vietnamese form checks and the notice after an export.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Harness, application, cli, freePort } from './harness.mjs';

const h = new Harness();
const db = join(h.work, 'layout.db');
const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
const CAMPAIGN = 'Đánh giá cổng thông tin điện tử các cơ quan tỉnh Sơn Hà năm 2026';
const KEY = { down: '\uE015', up: '\uE013', enter: '\uE007', esc: '\uE00C', del: '\uE017', f2: '\uE032', ctrl: '\uE009' };
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

let wd;
let stop = async () => {};
let closedPort;
// A server that accepts connections and never answers: a scan of it keeps running until cancelled.
const hanging = createServer(() => {});
const opened = join(h.work, 'opened.txt');

before(async () => {
  closedPort = await freePort();
  await new Promise((r) => hanging.listen(0, '127.0.0.1', r));
  const hangPort = hanging.address().port;
  ttdt('reviewer', 'set', '--name', 'Lê Thị Bố Cục', '--unit', 'Sở Khoa học và Công nghệ tỉnh Sơn Hà');
  ttdt('campaigns', 'create', '--name', CAMPAIGN, '--year', '2026');
  const add = (agency, level, url) => ttdt('sites', 'add', CAMPAIGN, '--agency', agency, '--level', level, '--url', url);
  add('Sở Tài nguyên và Môi trường tỉnh Sơn Hà', 'so', `http://127.0.0.1:${closedPort}/stnmt/`);
  add('Sở Tư pháp tỉnh Sơn Hà', 'so', `http://127.0.0.1:${closedPort}/stp/`);
  add('Ủy ban nhân dân xã Thanh Bình, huyện Sơn Tây, tỉnh Sơn Hà', 'xa', `http://127.0.0.1:${closedPort}/thanhbinh/`);
  add('Sở Giáo dục và Đào tạo tỉnh Sơn Hà', 'so', `http://127.0.0.1:${hangPort}/`);
  add('Sở Y tế tỉnh Sơn Hà', 'so', 'https://syt.sonha.gov.vn/');
  // The commune's evaluation is finalised: every criterion decided, submitted, finalised.
  const sites = JSON.parse(ttdt('--json', 'sites', 'list', CAMPAIGN));
  const commune = sites.find((s) => s.level === 'commune');
  const framework = JSON.parse(ttdt('--json', 'framework', 'show', '--campaign', CAMPAIGN));
  const needsDocument = new Set(framework.criteria.filter((c) => c.document_required).map((c) => c.code));
  const blocking = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id))).blocking;
  const lines = blocking.map((code) => JSON.stringify({ site: commune.id, code, outcome: needsDocument.has(code) ? 'fail' : 'pass' }));
  execFileSync(cli, ['--db', db, 'review', 'apply'], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  ttdt('review', 'submit', String(commune.id));
  // A second person finalises what the first submitted.
  ttdt('reviewer', 'set', '--name', 'Trần Văn Duyệt', '--unit', 'Sở Khoa học và Công nghệ tỉnh Sơn Hà');
  ttdt('review', 'finalise', String(commune.id));
  ttdt('reviewer', 'set', '--name', 'Lê Thị Bố Cục', '--unit', 'Sở Khoa học và Công nghệ tỉnh Sơn Hà');
  // "Mở thư mục" runs the system's opener; this one records what it was asked to open.
  const bin = join(h.work, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const launched = await h.launch({ TTDT_DB: db, PATH: `${bin}:${process.env.PATH}` });
  wd = launched.client;
  stop = launched.stop;
  await wd.start(application);
});

after(async () => {
  await stop();
  hanging.close();
});

/** Keys pressed together, e.g. chord(KEY.ctrl, 'f'). */
async function chord(...keys) {
  const actions = [...keys.map((k) => ({ type: 'keyDown', value: k })), ...keys.reverse().map((k) => ({ type: 'keyUp', value: k }))];
  await wd.req('POST', wd.s('/actions'), { actions: [{ type: 'key', id: 'kbd', actions }] });
  await wd.req('DELETE', wd.s('/actions'));
}

/** Empties a field as a user does (select all, erase), so the page hears the input. */
async function empty(id) {
  await wd.click(id);
  await chord(KEY.ctrl, 'a');
  await wd.keys('\uE003');
}

/** What has the keyboard focus. */
const focused = () =>
  wd.execute(`const a = document.activeElement;
    return { tag: a.tagName, row: a.matches('[data-row]'), url: a.dataset.siteUrl ?? null, campaign: a.dataset.campaign ?? null,
             action: a.dataset.action ?? null, id: a.id, inDialog: !!a.closest('.modal') };`);

/** The window's inner size and the rectangles of what `css` matches. */
const rects = (css) =>
  wd.execute(
    `return { w: innerWidth, h: innerHeight, rects: [...document.querySelectorAll(arguments[0])]
       .filter((e) => e.getClientRects().length > 0)
       .map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width }; }) };`,
    [css],
  );

async function setSize({ width, height }) {
  await wd.setWindowRect({ x: 0, y: 0, width, height });
  // The page sees the new size once the window manager (none under Xvfb) and WebKit settle.
  const end = Date.now() + 5000;
  let r;
  do {
    r = await rects('body');
    if (Math.abs(r.w - width) < 40 && Math.abs(r.h - height) < 80) return r;
    await new Promise((res) => setTimeout(res, 100));
  } while (Date.now() < end);
  throw new Error(`window is ${r.w}×${r.h}, asked ${width}×${height}`);
}

/** Every element of the open dialog, and the dialog itself, lies inside the window and inside the dialog box. */
async function assertDialogFits(label) {
  const box = await rects('.modal');
  assert.equal(box.rects.length, 1, `${label}: one dialog`);
  const [m] = box.rects;
  assert.ok(m.left >= 0 && m.right <= box.w + 0.5 && m.top >= 0 && m.bottom <= box.h + 0.5, `${label}: dialog ${JSON.stringify(m)} outside ${box.w}×${box.h}`);
  const parts = await rects('.modal .body input, .modal .body select, .modal .body .form-error, .modal .body .field-error, .modal .body .hint, .modal footer button');
  for (const r of parts.rects) {
    assert.ok(r.left >= m.left - 0.5 && r.right <= m.right + 0.5, `${label}: a field overflows the dialog: ${JSON.stringify(r)} in ${JSON.stringify(m)}`);
  }
  const footer = await rects('.modal footer');
  assert.ok(footer.rects[0].bottom <= box.h + 0.5, `${label}: the footer is below the window`);
}

async function goToSites() {
  await chord('\uE00A', '2'); // Alt+2
  await wd.waitFor('tr[data-site-url]', { text: 'Sở Tư pháp' });
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height}: the agency and campaign names stay readable, dialogs fit, errors are in Vietnamese`, { timeout: 120000 }, h.guard(async () => {
    await wd.waitFor('[data-testid="current-campaign"]', { timeout: 30000 });
    await setSize(size);
    await goToSites();

    // The agency column keeps a readable width; the row number, not the database id, is in "#".
    const agency = await rects('tr[data-site-url] td[data-col="agency_name"]');
    assert.equal(agency.rects.length, 5);
    for (const r of agency.rects) assert.ok(r.width >= 200, `agency column ${r.width}px wide at ${size.width}`);
    const numbers = await wd.execute(`return [...document.querySelectorAll('td[data-row-number]')].map((td) => td.textContent.trim());`);
    assert.deepEqual(numbers, ['1', '2', '3', '4', '5']);
    const table = await rects('table.sites');
    assert.ok(table.rects[0].right <= table.w + 0.5, 'the sites table is wider than the window');
    await h.shot(`lk-sites-${size.width}.png`);

    // The site form: empty fields are named in Vietnamese beside them, inside a dialog that fits.
    await chord(KEY.ctrl, 'n');
    await wd.waitFor('#s-agency');
    await wd.click(await wd.find('[data-action="save-site"]'));
    await wd.waitFor('[data-field-error="s-agency"]', { text: 'Hãy nhập tên cơ quan' });
    await wd.waitFor('[data-field-error="s-url"]', { text: 'Hãy nhập địa chỉ' });
    await wd.waitFor('[data-field-error="s-level"]', { text: 'Hãy chọn cấp' });
    assert.equal((await focused()).id, 's-agency', 'the first field to fix has the focus');
    await assertDialogFits(`site form ${size.width}`);
    await h.shot(`lk-site-form-errors-${size.width}.png`);
    await wd.keys(KEY.esc);
    await wd.waitGone('.modal-backdrop');

    // Campaigns: the name column stays readable; the new-campaign dialog fits with its refusals.
    await chord('\uE00A', '1');
    const name = await wd.waitFor('tr[data-campaign] td.name');
    const nameRect = await rects('tr[data-campaign] td.name');
    assert.ok(nameRect.rects[0].width >= 200, `campaign name ${nameRect.rects[0].width}px wide`);
    assert.match(await wd.property(name, 'textContent'), /Sơn Hà năm 2026/);
    await wd.click(await wd.find('[data-action="new-campaign"]'));
    const year = await wd.waitFor('#c-year');
    await empty(year);
    await wd.type(year, '1999');
    await wd.click(await wd.find('button[form="campaign-form"]'));
    await wd.waitFor('[data-field-error="c-name"]', { text: 'Hãy nhập tên chiến dịch.' });
    await wd.waitFor('[data-field-error="c-year"]', { text: 'Năm phải là số nguyên từ 2000 đến 2100.' });
    await empty(year);
    // A refusal from the backend (a duplicate name) is shown inside the box, wrapped.
    await wd.type(await wd.find('#c-name'), CAMPAIGN);
    await wd.type(year, '2026');
    await wd.click(await wd.find('button[form="campaign-form"]'));
    await wd.waitFor('.modal .form-error', { text: 'Đã có chiến dịch' });
    await assertDialogFits(`campaign form ${size.width}`);
    await h.shot(`lk-campaign-form-${size.width}.png`);
    await wd.keys(KEY.esc);
    await wd.waitGone('.modal-backdrop');

    // The reviewer form refuses an empty name in Vietnamese.
    await wd.click(await wd.find('[data-testid="reviewer"]'));
    await empty(await wd.waitFor('#r-name'));
    await wd.click(await wd.find('[data-action="save-reviewer"]'));
    await wd.waitFor('[data-field-error="r-name"]', { text: 'Hãy nhập họ và tên' });
    await assertDialogFits(`reviewer form ${size.width}`);
    await wd.keys(KEY.esc);
    await wd.waitGone('.modal-backdrop');
  }));
}

test('the sidebar folds with a button and Ctrl+B, and stays folded after a restart', { timeout: 120000 }, h.guard(async () => {
  await setSize(SIZES[1]);
  await goToSites();
  const width = async () => (await rects('[data-testid="sidebar"]')).rects[0].width;
  const before = (await rects('tr[data-site-url] td[data-col="agency_name"]')).rects[0].width;
  assert.ok((await width()) > 150);
  await wd.click(await wd.find('[data-action="toggle-sidebar"]'));
  await wd.waitFor('.shell.collapsed');
  assert.ok((await width()) < 60, 'folded sidebar');
  const after = (await rects('tr[data-site-url] td[data-col="agency_name"]')).rects[0].width;
  assert.ok(after > before, `the page takes the width back (${before} → ${after})`);
  await h.shot('lk-sidebar-folded-1024.png');
  await chord(KEY.ctrl, 'b');
  await wd.waitGone('.shell.collapsed');
  await chord(KEY.ctrl, 'b');
  await wd.waitFor('.shell.collapsed');
  // Remembered: the next launch opens folded.
  await wd.quit();
  await wd.start(application);
  await wd.waitFor('tr[data-site-url]', { text: 'Sở Tư pháp', timeout: 30000 });
  await wd.waitFor('.shell.collapsed');
  await setSize(SIZES[1]);
  await chord(KEY.ctrl, 'b');
  await wd.waitGone('.shell.collapsed');
}));

test('lists work from the keyboard: arrival focus, ↓ from the filter, focus back after dialogs, a safe delete', { timeout: 120000 }, h.guard(async () => {
  await setSize(SIZES[1]);
  // Arriving on the campaigns list, the current campaign's row has the focus: Enter opens it.
  await chord('\uE00A', '1');
  await wd.waitFor('tr[data-campaign]');
  await new Promise((r) => setTimeout(r, 300));
  let f = await focused();
  assert.ok(f.row && f.campaign === CAMPAIGN, `campaign row focused on arrival: ${JSON.stringify(f)}`);
  await wd.keys(KEY.enter);
  await wd.waitFor('tr[data-site-url]', { text: 'Sở Tư pháp' });
  await new Promise((r) => setTimeout(r, 300));
  f = await focused();
  assert.ok(f.row, `a site row has the focus on arrival: ${JSON.stringify(f)}`);
  const rows = await wd.execute(`return [...document.querySelectorAll('tr[data-site-url]')].map((r) => r.dataset.siteUrl);`);
  assert.equal(f.url, rows[0]);
  await wd.keys(KEY.down);
  assert.equal((await focused()).url, rows[1], '↓ moves without a click first');

  // Ctrl+F, then ↓ from the filter enters the table.
  await chord(KEY.ctrl, 'f');
  assert.equal((await focused()).tag, 'INPUT');
  await wd.keys(KEY.down);
  assert.equal((await focused()).url, rows[0], '↓ from the filter box enters the table');

  // Enter opens the site; coming back, its row has the focus again.
  await wd.keys(KEY.down);
  await wd.keys(KEY.enter);
  await wd.waitFor('[data-testid="site-title"]');
  await goToSites();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await focused()).url, rows[1], 'back on the list, on the site just left');

  // F2 edits; Esc gives the focus back to the row.
  await wd.keys(KEY.f2);
  await wd.waitFor('#s-agency');
  await wd.keys(KEY.esc);
  await wd.waitGone('.modal-backdrop');
  assert.equal((await focused()).url, rows[1], 'focus back on the row after the dialog');

  // A finalised site cannot be deleted: its button is disabled and Delete says why.
  const finalised = await wd.find('tr[data-site-status="finalised"]');
  const finalisedUrl = await wd.execute(`return document.querySelector('tr[data-site-status="finalised"]').dataset.siteUrl;`);
  assert.equal(await wd.property(await wd.find('tr[data-site-status="finalised"] [data-action="remove-site"]'), 'disabled'), true);
  await wd.execute('arguments[0].focus();', [{ 'element-6066-11e4-a52e-4f735466cecf': finalised }]);
  await wd.keys(KEY.del);
  await wd.waitFor('[data-notice="error"]', { text: 'đã chốt' });
  assert.equal((await wd.findAll('.modal')).length, 0, 'no confirmation for a finalised site');
  assert.equal((await focused()).url, finalisedUrl);

  // Delete then Enter does not delete: "Hủy" has the focus, and the focus returns to the row.
  await wd.keys(KEY.up);
  const victim = (await focused()).url;
  assert.notEqual(victim, finalisedUrl);
  await wd.keys(KEY.del);
  await wd.waitFor('[data-action="confirm-remove"]');
  await new Promise((r) => setTimeout(r, 200));
  f = await focused();
  assert.equal(f.action, 'cancel-remove', `the safe button has the focus: ${JSON.stringify(f)}`);
  await h.shot('lk-delete-confirmation-1024.png');
  await wd.keys(KEY.enter);
  await wd.waitGone('.modal-backdrop');
  assert.equal((await wd.findAll(`tr[data-site-url="${victim}"]`)).length, 1, 'Enter on the confirmation deleted nothing');
  assert.equal((await focused()).url, victim, 'focus back on the row after cancelling');
}));

test('a scan shows the running site and its phase at once, and unreachable sites end in an error notice', { timeout: 180000 }, h.guard(async () => {
  await setSize(SIZES[0]);
  await goToSites();
  const measure = await wd.find('[data-testid="measure-load"]');
  if ((await wd.property(measure, 'checked')) && !(await wd.property(measure, 'disabled'))) await wd.click(measure);

  // The site that never answers: its name and phase are shown while it runs; cancel stops it.
  const filter = await wd.find('[data-testid="site-filter"]');
  await empty(filter);
  await wd.type(filter, 'Giáo dục');
  await wd.waitGone('tr[data-site-url*="stp"]');
  await wd.click(await wd.find('[data-action="scan-all"]'));
  await wd.waitFor('[data-testid="scan-current"]', { text: 'Sở Giáo dục và Đào tạo tỉnh Sơn Hà: Đang tải các trang', timeout: 5000 });
  await h.shot('lk-scan-running.png');
  await wd.click(await wd.find('[data-action="cancel-scan"]'));
  await wd.waitFor('[data-notice="warn"]', { text: 'Đã dừng kiểm tra', timeout: 30000 });

  // Three sites on a port where nothing listens: an error notice that counts them, and a visible mark per row.
  await empty(filter);
  await wd.type(filter, `127.0.0.1:${closedPort}`);
  await wd.waitGone('tr[data-site-url*="syt"]');
  assert.equal((await wd.findAll('tr[data-site-url]')).length, 3);
  await wd.click(await wd.find('[data-action="scan-all"]'));
  const notice = await wd.waitFor('[data-notice="error"]', { text: '3 trang không tải được', timeout: 90000 });
  assert.doesNotMatch(await wd.property(notice, 'textContent'), /^Đã kiểm tra/);
  assert.equal((await wd.findAll('[data-notice="ok"]')).length, 0, 'no success notice');
  const marks = await rects('[data-scan-ok="false"]');
  assert.equal(marks.rects.length, 3);
  const cells = await rects('tr[data-site-url] td.c-status');
  marks.rects.forEach((m, i) => assert.ok(m.right <= cells.rects[i].right && m.width > 4, `mark ${i} is clipped`));
  await h.shot('lk-scan-unreachable.png');
  await empty(filter);
  await wd.waitFor('tr[data-site-url*="syt"]');
}));

test('the site form warns about a "www." twin, and an export offers to open its folder', { timeout: 120000 }, h.guard(async () => {
  await setSize(SIZES[0]);
  await goToSites();
  await wd.click(await wd.find('[data-action="new-site"]'));
  await wd.type(await wd.waitFor('#s-agency'), 'Sở Y tế (cổng có www)');
  await wd.type(await wd.find('#s-url'), 'www.syt.sonha.gov.vn');
  await h.choose('#s-level', 'provincial_department');
  await wd.click(await wd.find('[data-action="save-site"]'));
  await wd.waitFor('[data-testid="www-twin"]', { text: 'https://syt.sonha.gov.vn/' });
  assert.equal((await wd.findAll('tr[data-site-url="https://www.syt.sonha.gov.vn/"]')).length, 0, 'nothing added before confirming');
  await assertDialogFits('www warning');
  await h.shot('lk-www-twin.png');
  // A warning, not a refusal: pressed again, the site is added.
  await wd.waitFor('[data-action="save-site"]', { text: 'Vẫn thêm' });
  await wd.click(await wd.find('[data-action="save-site"]'));
  await wd.waitFor('tr[data-site-url="https://www.syt.sonha.gov.vn/"]');

  await chord('\uE00A', '4');
  await wd.click(await wd.waitFor('[data-action="export-csv"]'));
  const notice = await wd.waitFor('[data-notice="ok"]', { text: 'ket-qua-chien-dich' });
  const path = (await wd.property(notice, 'textContent')).match(/Đã xuất: (\S+\.csv)/)[1];
  assert.ok(existsSync(path), path);
  await wd.waitFor('[data-notice-action="Mở tệp"]');
  await h.shot('lk-export-notice.png');
  await wd.click(await wd.find('[data-notice-action="Mở thư mục"]'));
  const end = Date.now() + 10000;
  while (!existsSync(opened) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readFileSync(opened, 'utf8').trim(), h.work, 'the folder holding the export was opened');
}));
