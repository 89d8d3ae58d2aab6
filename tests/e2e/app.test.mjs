// End-to-end: the real Tauri window, driven over WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.
// Run through tests/e2e/run.sh, which builds the app and starts Xvfb.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Harness, application, cli, freePort, repo } from './harness.mjs';

const h = new Harness();
const work = h.work;
let wd;
const launchDriver = (env) => h.launch(env);
const shot = (name) => h.shot(name);
const choose = (selectCss, value) => h.choose(selectCss, value);
const withFailureShot = (fn) => h.guard(fn);

let stopDriver = async () => {};
after(() => stopDriver());

test('first launch opens the demo campaign; a campaign and a site survive a restart', { timeout: 180000 }, withFailureShot(async () => {
  const launched = await launchDriver({ TTDT_DB: join(work, 'e2e.db') });
  wd = launched.client;
  stopDriver = launched.stop;
  // --- first launch: the reviewer gives a name, then the demo campaign is there, on the sites page.
  await wd.start(application);
  await wd.type(await wd.waitFor('#r-name', { timeout: 30000 }), 'Nguyễn Thị Kiểm Tra');
  await wd.type(await wd.find('#r-unit'), 'Sở KH&CN tỉnh Sơn Hà');
  await wd.click(await wd.find('[data-action="save-reviewer"]'));
  await wd.waitGone('.modal-backdrop');
  await wd.waitFor('[data-testid="reviewer"]', { text: 'Nguyễn Thị Kiểm Tra (Sở KH&CN tỉnh Sơn Hà)' });
  await wd.waitFor('[data-testid="current-campaign"]', { text: 'Chiến dịch mẫu', timeout: 30000 });
  await wd.waitFor('tr[data-site-url]', { text: 'Bộ Thông tin Mẫu' });
  assert.equal((await wd.findAll('tr[data-site-url]')).length, 4, 'demo campaign should have 4 sample portals');
  await shot('01-demo-campaign.png');

  // --- create a campaign.
  await wd.click(await wd.find('[data-nav="campaigns"]'));
  await wd.click(await wd.waitFor('[data-action="new-campaign"]'));
  const name = await wd.waitFor('#c-name');
  await wd.type(name, 'Đánh giá cổng TTĐT 2026');
  const year = await wd.find('#c-year');
  await wd.clear(year);
  await wd.type(year, '2026');
  await wd.click(await wd.find('button[form="campaign-form"]'));
  await wd.waitFor('[data-testid="current-campaign"]', { text: 'Đánh giá cổng TTĐT 2026' });
  await wd.waitFor('.empty', { text: 'chưa có trang nào' });

  // --- add a site with a URL to normalise.
  await wd.click(await wd.find('[data-action="new-site"]'));
  await wd.type(await wd.waitFor('#s-agency'), 'Sở Tư pháp tỉnh Sơn Hà');
  await wd.type(await wd.find('#s-url'), 'STP.SonHa.gov.vn');
  await choose('#s-level', 'provincial_department');
  await wd.click(await wd.find('[data-action="save-site"]'));
  const row = await wd.waitFor('tr[data-site-url="https://stp.sonha.gov.vn/"]');
  // WebKitWebDriver's rendered text skips plain-text cells with an ellipsis; read the cells' content.
  const rowText = await wd.property(row, 'textContent');
  assert.match(rowText, /Sở Tư pháp tỉnh Sơn Hà/);
  assert.match(rowText, /Sở, ban, ngành/);
  assert.match(rowText, /Khối sở, ban, ngành/);

  // --- a duplicate is refused with a Vietnamese message, and nothing is added.
  await wd.click(await wd.find('[data-action="new-site"]'));
  await wd.type(await wd.waitFor('#s-agency'), 'Trùng địa chỉ');
  await wd.type(await wd.find('#s-url'), 'http://stp.sonha.gov.vn');
  await choose('#s-level', 'provincial_department');
  await wd.click(await wd.find('[data-action="save-site"]'));
  await wd.waitFor('[data-testid="site-form-error"]', { text: 'đã có trong chiến dịch' });
  await shot('02-duplicate-refused.png');
  await wd.keys('\uE00C'); // Escape closes the form
  await wd.waitGone('.modal-backdrop');
  assert.equal((await wd.findAll('tr[data-site-url]')).length, 1);

  // --- the site page lists the framework's criteria by group.
  await wd.click(await wd.find('tr[data-site-url="https://stp.sonha.gov.vn/"] a'));
  await wd.waitFor('[data-testid="site-title"]', { text: 'Sở Tư pháp tỉnh Sơn Hà' });
  await wd.waitFor('tr[data-code="KN.01"]', { text: 'Mã giám sát EMC trên trang chủ' });
  assert.equal((await wd.findAll('tr[data-code]')).length, 56);
  await shot('03-site-page.png');

  // --- edit the campaign's copy of its framework: the total follows at once and is saved without a button.
  await wd.click(await wd.find('[data-nav="criteria"]'));
  await wd.waitFor('[data-testid="framework-total"]', { text: 'Tổng: 100 điểm' });
  await wd.click(await wd.find('[data-action="edit-framework"]'));
  const kn01 = await wd.waitFor('input[data-points="KN.01"]');
  await wd.clear(kn01);
  await wd.type(kn01, '5,5\uE004'); // Tab leaves the cell, which saves it
  await wd.waitFor('[data-testid="save-state"]', { text: 'Đã lưu' });
  await wd.waitFor('[data-testid="framework-total"]', { text: 'Tổng: 101,5 điểm' });
  await shot('04-framework-edit.png');

  // --- close the app, launch it again.
  await wd.quit();
  await wd.start(application);
  await wd.waitFor('[data-testid="current-campaign"]', { timeout: 30000 });
  await wd.click(await wd.find('[data-nav="campaigns"]'));
  // Clicking a cell focuses its row; Enter then opens it, as a keyboard user would.
  const campaignCell = await wd.waitFor('tr[data-campaign="Đánh giá cổng TTĐT 2026"] td:nth-child(2)');
  await wd.click(campaignCell);
  await wd.keys('\uE007'); // Enter opens the campaign's sites
  const again = await wd.waitFor('tr[data-site-url="https://stp.sonha.gov.vn/"]');
  assert.match(await wd.property(again, 'textContent'), /Sở Tư pháp tỉnh Sơn Hà/);
  await shot('05-after-restart.png');
  await wd.click(await wd.find('[data-nav="criteria"]'));
  await wd.waitFor('[data-testid="framework-total"]', { text: 'Tổng: 101,5 điểm' });
  await wd.waitFor('tr[data-code="KN.01"]', { text: '5,5' });
  await stopDriver();
  stopDriver = async () => {};
}));

test('a reviewer fills a manual criterion with a PDF, overrides a tool result, finalises, and the evaluation locks', { timeout: 180000 }, withFailureShot(async () => {
  const db = join(work, 'review.db');
  const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8' });
  ttdt('reviewer', 'set', '--name', 'Trần Văn Thẩm Định', '--unit', 'Cục Chuyển đổi số quốc gia');
  ttdt('demo', 'init');
  const sites = JSON.parse(ttdt('--json', 'sites', 'list', 'Chiến dịch mẫu'));
  const commune = sites.find((s) => s.level === 'commune');
  // The tool failed KN.01; every other applicable criterion but QL.01 is already decided.
  ttdt('results', 'record', String(commune.id), 'KN.01', '--outcome', 'fail', '--evidence', '{"looked_for":"_govaq","found":false}');
  const detail = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));
  const framework = JSON.parse(ttdt('--json', 'framework', 'show', '--campaign', 'Chiến dịch mẫu'));
  const needsDocument = new Set(framework.criteria.filter((c) => c.document_required).map((c) => c.code));
  const lines = detail.blocking
    .filter((code) => code !== 'QL.01' && code !== 'KN.01')
    .map((code) => JSON.stringify({ site: commune.id, code, outcome: needsDocument.has(code) ? 'fail' : 'pass' }))
    .join('\n');
  execFileSync(cli, ['--db', db, 'review', 'apply'], { input: lines + '\n', encoding: 'utf8' });
  assert.deepEqual(JSON.parse(ttdt('--json', 'review', 'status', String(commune.id))).blocking, ['QL.01']);

  const launched = await launchDriver({ TTDT_DB: db });
  wd = launched.client;
  stopDriver = launched.stop;
  await wd.start(application);
  await wd.click(await wd.waitFor(`tr[data-site-url="${commune.url}"] a`, { timeout: 30000 }));
  await wd.waitFor('[data-testid="site-title"]', { text: 'Ủy ban nhân dân xã Thanh Bình' });

  // QL.01 needs its document before it can pass.
  await wd.click(await wd.find('tr[data-code="QL.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="review-panel"][data-code="QL.01"]');
  await wd.click(await wd.find('[data-outcome="pass"]'));
  await wd.waitFor('[data-testid="review-error"]', { text: 'bắt buộc có tài liệu' });
  // Drop the PDF on the documents box, as a user dragging it from the file manager does.
  // (WebKitWebDriver cannot fill a file input; the drop goes through the same upload path.)
  const pdf = readFileSync(join(repo, 'tests', 'fixtures', 'documents', 'quy-che-van-hanh.pdf'));
  await wd.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const dt = new DataTransfer();
     dt.items.add(new File([bytes], arguments[1], { type: 'application/pdf' }));
     const zone = document.querySelector('[aria-label="Tài liệu minh chứng"]');
     zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));`,
    [pdf.toString('base64'), 'quy-che-van-hanh.pdf'],
  );
  if (process.env.E2E_VERBOSE) console.log('NOTICE', await wd.property(await wd.waitFor('.notice'), 'textContent'));
  await wd.waitFor('[data-attachment="quy-che-van-hanh.pdf"]');
  await wd.waitFor('[data-testid="review-saved"]', { text: 'Đã lưu' });
  await wd.type(await wd.find('[data-testid="review-note"]'), 'Quy chế ban hành kèm Quyết định 15/QĐ-UBND');
  await wd.waitFor('[data-testid="review-saved"]', { text: 'Đã lưu' });
  await wd.waitFor('tr[data-code="QL.01"]', { text: 'Đạt' });
  await shot('11-manual-criterion-with-pdf.png');

  // KN.01: the tool said fail; the reviewer passes it, which needs a reason.
  await wd.click(await wd.find('tr[data-code="KN.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="review-panel"][data-code="KN.01"]', { text: 'Kết quả công cụ' });
  await wd.click(await wd.find('[data-outcome="pass"]'));
  await wd.waitFor('[data-testid="review-error"]', { text: 'lý do' });
  await wd.type(await wd.find('[data-testid="review-reason"]'), 'Mã EMC được nạp bằng khung giao diện; đã xem trên trình duyệt');
  await wd.waitFor('[data-testid="review-saved"]', { text: 'Đã lưu' });
  await wd.waitFor('tr[data-code="KN.01"]', { text: 'Đạt ✎' });
  await shot('12-override-with-reason.png');

  // Submit and finalise.
  await wd.click(await wd.find('[data-action="submit"]'));
  await wd.waitFor('[data-testid="evaluation-status"]', { text: 'Đã nộp' });
  // The campaign asks for a second person to finalise: the approver takes the desk.
  await wd.click(await wd.find('[data-testid="reviewer"]'));
  const approver = await wd.waitFor('#r-name');
  await wd.clear(approver);
  await wd.type(approver, 'Nguyễn Thị Duyệt');
  await wd.click(await wd.find('[data-action="save-reviewer"]'));
  await wd.waitGone('.modal-backdrop');
  await wd.click(await wd.find('[data-action="finalise"]'));
  await wd.waitFor('[data-testid="evaluation-status"]', { text: 'Đã chốt' });

  // Locked: the form cannot be changed, and the backend refuses a change too.
  await wd.click(await wd.find('tr[data-code="QL.03"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="review-panel"][data-code="QL.03"]');
  assert.equal(await wd.property(await wd.find('[data-outcome="fail"]'), 'disabled'), true);
  await wd.waitFor('[data-action="reopen"]');
  await shot('13-finalised-locked.png');
  assert.throws(
    () => execFileSync(cli, ['--db', db, 'review', 'set', String(commune.id), 'QL.03', '--outcome', 'fail'], { stdio: 'pipe' }),
    /đã chốt/,
  );
  const status = JSON.parse(ttdt('--json', 'review', 'status', String(commune.id)));
  assert.equal(status.status, 'finalised');

  // The scorecard and the campaign's ranking workbook are exported from the window.
  await wd.click(await wd.find('[data-action="export-scorecard"]'));
  await wd.waitFor('.notice', { text: 'Đã xuất phiếu đánh giá' });
  const card = readdirSync(work).find((f) => f.startsWith(`phieu-danh-gia-${commune.id}-`) && f.endsWith('.xlsx'));
  assert.ok(card, `no scorecard in ${work}: ${readdirSync(work)}`);
  assert.equal(readFileSync(join(work, card)).subarray(0, 2).toString(), 'PK');
  await wd.click(await wd.find('[data-nav="reports"]'));
  await wd.waitFor(`[data-block="${commune.block}"]`, { text: 'Ủy ban nhân dân xã Thanh Bình' });
  await wd.click(await wd.find('[data-action="export-ranking"]'));
  await wd.waitFor('.notice', { text: 'xep-hang-chien-dich' });
  assert.ok(readdirSync(work).some((f) => f.startsWith('xep-hang-chien-dich-') && f.endsWith('.xlsx')));
  await shot('14-reports.png');
  // Finalised by the second person, after the first submitted.
  assert.equal(status.status_by, 'Nguyễn Thị Duyệt (Cục Chuyển đổi số quốc gia)');
  await stopDriver();
  stopDriver = async () => {};
}));

test('automated checks run from the window on the sample portals, with progress, and each verdict shows its evidence', { timeout: 240000 }, withFailureShot(async () => {
  const db = join(work, 'scan.db');
  const demoPort = String(await freePort());
  const ttdt = (...args) => execFileSync(cli, ['--db', db, ...args], { encoding: 'utf8', env: { ...process.env, TTDT_DEMO_PORT: demoPort } });
  ttdt('reviewer', 'set', '--name', 'Lê Văn Quét', '--unit', 'Cục Chuyển đổi số quốc gia');
  ttdt('demo', 'init');
  const sites = JSON.parse(ttdt('--json', 'sites', 'list', 'Chiến dịch mẫu'));
  const ministry = sites.find((s) => s.level === 'ministry');
  assert.ok(ministry.url.includes(`:${demoPort}/`), ministry.url);

  const launched = await launchDriver({ TTDT_DB: db, TTDT_DEMO_PORT: demoPort });
  wd = launched.client;
  stopDriver = launched.stop;
  await wd.start(application);
  await wd.waitFor(`tr[data-site-url="${ministry.url}"]`, { timeout: 30000 });

  // The whole campaign, from the sites list.
  await wd.click(await wd.find('[data-action="scan-all"]'));
  await wd.waitFor('.notice', { text: 'Đã kiểm tra 4 trang', timeout: 120000 });

  // The ministry portal: the EMC code is found, with the snippet and the site id as evidence.
  await wd.click(await wd.find(`tr[data-site-url="${ministry.url}"] a`));
  await wd.waitFor('[data-testid="site-title"]', { text: 'Bộ Thông tin Mẫu' });
  await wd.waitFor('[data-testid="scan-info"]', { text: 'trang đã lấy mẫu' });
  await wd.waitFor('tr[data-code="KN.01"]', { text: 'Đạt' });
  await wd.click(await wd.find('tr[data-code="KN.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="evidence"]', { text: '2093' });
  // A loopback address is not a .gov.vn name: TM.01 fails, with what was looked for.
  await wd.click(await wd.find('tr[data-code="TM.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="evidence"]', { text: 'tenbonganh.gov.vn' });
  await wd.waitFor('tr[data-code="TM.01"]', { text: 'Không đạt' });
  // A light page measured in the real browser (installed by the test set-up) loads well within the limits.
  await wd.waitFor('tr[data-code="HN.01"]', { text: 'Đạt' });
  await wd.click(await wd.find('tr[data-code="HN.01"] td:nth-child(2)'));
  await wd.waitFor('[data-testid="evidence"]', { text: 'FCP' });
  // The browser's screenshot of the homepage is kept as evidence.
  await wd.click(await wd.find('[data-action="show-screenshot"]'));
  const img = await wd.waitFor('[data-testid="screenshot"]');
  assert.ok((await wd.property(img, 'naturalWidth')) > 300, 'screenshot decodes');
  await shot('15-automated-checks-evidence.png');

  // The same results are in the database, as the tool's results.
  const status = JSON.parse(ttdt('--json', 'review', 'status', String(ministry.id)));
  assert.ok(status.total > 0, JSON.stringify(status));
  assert.ok(!status.blocking.includes('KN.01'), 'KN.01 has a tool result');

  // One site again from its page: "Chạy kiểm tra" runs and reports.
  await wd.click(await wd.find('[data-action="scan"]'));
  await wd.waitFor('.notice', { text: 'Đã kiểm tra tự động', timeout: 60000 });
  await stopDriver();
  stopDriver = async () => {};
}));

test('a work bundle from an inspector\'s laptop is previewed, imported from the window, and its conflict listed', { timeout: 180000 }, withFailureShot(async () => {
  const db = join(work, 'team.db');
  const laptop = join(work, 'inspector.db');
  const on = (file) => (...args) => execFileSync(cli, ['--db', file, ...args], { encoding: 'utf8' });
  const coord = on(db);
  const inspector = on(laptop);
  coord('reviewer', 'set', '--name', 'Trần Điều Phối', '--unit', 'Cục Chuyển đổi số quốc gia');
  coord('campaigns', 'create', '--name', 'Đánh giá nhóm', '--year', '2026');
  const site = JSON.parse(coord('--json', 'sites', 'add', 'Đánh giá nhóm', '--agency', 'UBND xã Thanh Bình', '--level', 'xa', '--url', 'thanhbinh.sonha.gov.vn'));
  coord('sites', 'assign', 'Đánh giá nhóm', String(site.id), '--inspector', 'Nguyễn Văn An', '--unit', 'Đoàn 1');
  const out = join(work, 'an.ttdt');
  coord('bundle', 'export', 'Đánh giá nhóm', '--inspector', 'Nguyễn Văn An', '-o', out);
  // On the inspector's laptop: the campaign arrives, the inspector decides QL.03 and sends the work back.
  inspector('bundle', 'import', out);
  inspector('reviewer', 'set', '--name', 'Nguyễn Văn An', '--unit', 'Đoàn 1');
  const there = JSON.parse(inspector('--json', 'sites', 'list', 'Đánh giá nhóm'))[0];
  inspector('review', 'set', String(there.id), 'QL.03', '--outcome', 'pass', '--note', 'Có kế hoạch năm 2026');
  const back = join(work, 'tu-an.ttdt');
  inspector('bundle', 'export', 'Đánh giá nhóm', '-o', back);
  // Meanwhile the coordinator decided the same criterion otherwise.
  coord('review', 'set', String(site.id), 'QL.03', '--outcome', 'fail', '--note', 'Chưa thấy kế hoạch');

  const launched = await launchDriver({ TTDT_DB: db });
  wd = launched.client;
  stopDriver = launched.stop;
  await wd.start(application);
  await wd.waitFor(`tr[data-site-url="${site.url}"]`, { timeout: 30000 });
  await wd.waitFor(`tr[data-site-url="${site.url}"] [data-assignee]`, { text: 'Nguyễn Văn An (Đoàn 1)' });

  await wd.click(await wd.find('[data-action="bundles"]'));
  await wd.click(await wd.waitFor('[data-tab="import"]'));
  const bytes = readFileSync(back);
  await wd.execute(
    `const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
     const dt = new DataTransfer();
     dt.items.add(new File([bytes], arguments[1], { type: 'application/zip' }));
     const zone = document.querySelector('[data-testid="bundle-drop"]');
     zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));`,
    [bytes.toString('base64'), 'tu-an.ttdt'],
  );
  // The preview says what would be added; nothing is written until "Nhập".
  await wd.waitFor('[data-testid="bundle-preview"]', { text: '1 xung đột' });
  assert.equal(JSON.parse(coord('--json', 'bundle', 'conflicts', 'Đánh giá nhóm')).length, 0);
  await shot('16-bundle-preview.png');
  await wd.click(await wd.find('[data-action="import-bundle"]'));
  await wd.waitFor('.notice', { text: 'Đã nhập gói' });
  assert.equal(JSON.parse(coord('--json', 'bundle', 'conflicts', 'Đánh giá nhóm')).length, 1);

  // The conflict is listed with both decisions and leads to the site.
  await wd.click(await wd.find('[data-action="bundles"]'));
  await wd.click(await wd.waitFor('[data-tab="conflicts"]'));
  await wd.waitFor('table[aria-label="Xung đột"]', { text: 'Hai quyết định khác nhau' });
  await wd.waitFor('table[aria-label="Xung đột"]', { text: 'Nguyễn Văn An (Đoàn 1)' });
  await wd.waitFor('table[aria-label="Xung đột"]', { text: 'Trần Điều Phối' });
  await shot('17-bundle-conflicts.png');
  await stopDriver();
  stopDriver = async () => {};
}));
