// End-to-end: an official agency list imported in a 1024×700 window (title rows, a numbering row,
// mistakes and signatures), its refused rows saved for the agency, then the work queue walked
// with "next" into the site page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, application, cli, repo } from './harness.mjs';

const h = new Harness();
const work = h.work;
let stopDriver = async () => {};
after(() => stopDriver());

const fixture = join(repo, 'tests/fixtures/imports/danh-sach-so-nganh-xa-son-ha-2026.xlsx');

test('an official list is imported at 1024×700 and the work queue leads to the criterion', { timeout: 240000 }, h.guard(async () => {
  const db = join(work, 'queue-import.db');
  const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
  ttdt('reviewer', 'set', '--name', 'Phạm Thị Nhập', '--unit', 'Sở KH&CN tỉnh Sơn Hà');
  const campaign = JSON.parse(ttdt('--json', 'campaigns', 'create', '--name', 'Đánh giá năm 2026', '--year', '2026'));

  const launched = await h.launch({ TTDT_DB: db });
  const wd = launched.client;
  stopDriver = launched.stop;
  await wd.start(application);
  await wd.setWindowRect({ width: 1024, height: 700 });
  await wd.waitFor('[data-nav="sites"]', { timeout: 30000 });
  await wd.execute(`location.hash = arguments[0];`, [`#/campaigns/${campaign.id}/sites`]);
  await wd.waitFor('[data-testid="current-campaign"]', { text: 'Đánh giá năm 2026' });

  // --- the import dialog: a Vietnamese file button, no native English control in sight.
  await wd.execute(`[...document.querySelectorAll('button')].find((b) => b.textContent.includes('Nhập từ Excel'))?.click();`);
  await wd.waitFor('[data-action="choose-import-file"]', { text: 'Chọn tệp…' });
  await wd.waitFor('[data-testid="import-file-name"]', { text: 'Chưa chọn tệp' });
  // WebDriver cannot drive the native picker: the file goes to the real input as a change event.
  await wd.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const dt = new DataTransfer();
     dt.items.add(new File([bytes], arguments[1]));
     const input = document.querySelector('#imp-file');
     input.files = dt.files;
     input.dispatchEvent(new Event('change', { bubbles: true }));`,
    [readFileSync(fixture).toString('base64'), 'danh-sach-so-nganh-xa-son-ha-2026.xlsx'],
  );
  // The raw sheet is shown, and the header found below the title, subtitle and blank row, above the numbering row.
  await wd.waitFor('[data-testid="import-preview"]', { text: 'DANH SÁCH CỔNG/TRANG THÔNG TIN ĐIỆN TỬ' });
  assert.equal(await wd.property(await wd.find('#imp-head'), 'value'), '5');
  const mapped = async () => {
    const out = {};
    for (const f of ['agency', 'level', 'url', 'block', 'parent']) out[f] = await wd.property(await wd.find(`[data-map="${f}"]`), 'value');
    return out;
  };
  assert.deepEqual(await mapped(), { agency: '1', level: '2', url: '4', block: '3', parent: '' });
  assert.match(await wd.property(await wd.find('[data-map="url"] option[value="4"]'), 'textContent'), /Cột E: Địa chỉ cổng TTĐT/);
  assert.equal((await wd.findAll('[data-preview-row]')).length, 20, 'the first 20 rows of the sheet');
  await h.shot('qi-01-import-preview.png');

  // Changing the number of header rows finds the columns again: the title alone names none.
  const head = await wd.find('#imp-head');
  const setHead = async (n) => {
    await wd.execute(`const i = document.querySelector('#imp-head'); i.value = arguments[0]; i.dispatchEvent(new Event('change', { bubbles: true }));`, [String(n)]);
  };
  await setHead(1);
  await waitUntil(async () => (await mapped()).agency === '', 'mapping cleared for a title-only header');
  await setHead(5);
  await waitUntil(async () => (await mapped()).agency === '1', 'mapping found again');
  assert.ok(head);

  // --- check: counts, Vietnamese levels, reasons; the footer stays in the 700 px window.
  await wd.click(await wd.find('[data-action="import-check"]'));
  await wd.waitFor('[data-testid="import-summary"]', { text: '10 dòng hợp lệ' });
  const summary = await wd.property(await wd.find('[data-testid="import-summary"]'), 'textContent');
  assert.match(summary, /4\s*dòng lỗi/);
  assert.match(summary, /4 dòng cuối bảng không phải dữ liệu/);
  const line6 = await wd.property(await wd.find('[data-import-line="6"]'), 'textContent');
  assert.match(line6, /Tỉnh, thành phố/);
  assert.doesNotMatch(line6, /province/);
  assert.match(await wd.property(await wd.find('[data-import-line="18"]'), 'textContent'), /cấp “Huyện” không hợp lệ/);
  assert.match(await wd.property(await wd.find('[data-import-line="17"]'), 'textContent'), /trùng địa chỉ với dòng 7/);
  const fits = await wd.execute(
    `const f = document.querySelector('.modal footer').getBoundingClientRect();
     const m = document.querySelector('.modal').getBoundingClientRect();
     return { bottom: f.bottom, right: m.right, height: innerHeight, width: innerWidth };`,
  );
  assert.ok(fits.bottom <= fits.height, `footer bottom ${fits.bottom} in a ${fits.height} px window`);
  assert.ok(fits.right <= fits.width, `dialog right ${fits.right} in a ${fits.width} px window`);
  await h.shot('qi-02-import-checked-1024.png');

  // --- the refused rows, saved for the agency (TTDT_EXPORT_DIR stands in for the save dialog).
  await wd.click(await wd.find('[data-action="export-rejected"]'));
  await wd.waitFor('[data-testid="rejected-saved"]', { text: 'dong-loi-danh-sach-trang.csv' });
  const csvPath = join(work, 'dong-loi-danh-sach-trang.csv');
  assert.ok(existsSync(csvPath));
  const csv = readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(csv.length, 5, 'the header and the 4 refused rows');
  assert.match(csv[0], /"Dòng","STT","Tên cơ quan","Cấp","Khối","Địa chỉ cổng TTĐT","Ghi chú","Lý do"/);
  assert.match(csv[3], /"UBND huyện Đông Hải","Huyện"/);

  // --- import the good rows.
  await wd.click(await wd.find('.modal .chk input[type="checkbox"]:not([data-option])'));
  await wd.click(await wd.find('[data-action="import-commit"]'));
  await wd.waitFor('[data-testid="import-summary"]', { text: 'Đã nhập 10 trang' });
  await wd.click(await wd.find('[data-action="import-done"]'));
  await wd.waitGone('.modal-backdrop');
  await wd.waitFor('tr[data-site-url="https://sonha.gov.vn/"]');
  assert.equal((await wd.findAll('tr[data-site-url]')).length, 10);

  // --- the tool's results beside the window: unsure of KN.01 for the province, TM.01 not collected.
  const sites = JSON.parse(ttdt('--json', 'sites', 'list', String(campaign.id)));
  const province = sites.find((s) => s.url === 'https://sonha.gov.vn/');
  ttdt('results', 'record', String(province.id), 'KN.01', '--outcome', 'needs_review', '--evidence', '{"looked_for":"_govaq"}');
  ttdt('results', 'record', String(province.id), 'TM.01', '--outcome', 'error', '--evidence', '{"reason":"dns"}');

  // --- the work queue (Alt+5), filtered to what the tool was unsure of.
  await chord(wd, '\uE00A', '5'); // Alt+5
  await wd.waitFor('[data-testid="queue-table"]');
  await h.choose('[data-filter="reason"]', 'needs_review');
  await waitUntil(async () => (await count(wd)).startsWith('1 /'), 'one item the tool was unsure of');
  await h.shot('qi-03-queue-needs-review.png');
  await h.choose('[data-filter="reason"]', 'collection_error');
  await waitUntil(async () => (await count(wd)).startsWith('1 /'), 'one item not collected');
  await h.choose('[data-filter="reason"]', '');
  await h.choose('[data-filter="group"]', 'KN');
  const rows = await wd.findAll('tr[data-queue-item]');
  assert.ok(rows.length >= 10, `KN items of 10 undecided sites: ${rows.length}`);

  // Enter on the first row opens the site page on that criterion, with the queue's bar.
  const firstCode = await wd.execute(
    `const r = document.querySelector('tr[data-queue-item]'); return { siteId: r.dataset.siteId, queueItem: r.dataset.queueItem };`,
  );
  await wd.execute(`document.querySelector('tr[data-queue-item]').focus();`);
  await wd.keys('\uE015'); // ArrowDown moves to the second row
  await wd.keys('\uE013'); // ArrowUp back to the first
  await wd.keys('\uE007'); // Enter
  await wd.waitFor('[data-testid="queue-bar"]');
  await wd.waitFor('[data-testid="queue-position"]', { text: 'Mục 1/' });
  let hash = await wd.execute('return location.hash;');
  assert.match(hash, new RegExp(`^#/sites/${firstCode.siteId}\\?code=${firstCode.queueItem.replace('.', '\\.')}$`));
  await wd.waitFor(`tr[data-code="${firstCode.queueItem}"].sel`);
  // Next (button, then Alt+N) walks the queue; previous comes back.
  await wd.click(await wd.find('[data-action="queue-next"]'));
  await wd.waitFor('[data-testid="queue-position"]', { text: 'Mục 2/' });
  await chord(wd, '\uE00A', 'n'); // Alt+N
  await wd.waitFor('[data-testid="queue-position"]', { text: 'Mục 3/' });
  hash = await wd.execute('return location.hash;');
  assert.match(hash, /^#\/sites\/\d+\?code=KN\.\d\d$/);
  const code = decodeURIComponent(hash.split('code=')[1]);
  await wd.waitFor(`tr[data-code="${code}"].sel`);
  await h.shot('qi-04-site-from-queue.png');
  await wd.click(await wd.find('[data-action="queue-prev"]'));
  await wd.waitFor('[data-testid="queue-position"]', { text: 'Mục 2/' });
  await wd.click(await wd.find('[data-action="queue-back"]'));
  await wd.waitFor('[data-testid="queue-table"]');
}));

async function count(wd) {
  return (await wd.property(await wd.find('[data-testid="queue-count"]'), 'textContent')).trim();
}

/** Presses keys together (e.g. Alt and a letter), then lets them go in reverse order. */
async function chord(wd, ...keys) {
  const down = keys.map((value) => ({ type: 'keyDown', value }));
  const up = [...keys].reverse().map((value) => ({ type: 'keyUp', value }));
  await wd.req('POST', wd.s('/actions'), { actions: [{ type: 'key', id: 'kbd', actions: [...down, ...up] }] });
  await wd.req('DELETE', wd.s('/actions'));
}

async function waitUntil(check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out: ${what}`);
}
