// End-to-end: the real Tauri window, driven over WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.
// Run through tests/e2e/run.sh, which builds the app and starts Xvfb.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebDriver } from './webdriver.mjs';

const repo = resolve(import.meta.dirname, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(repo, process.env.CARGO_TARGET_DIR) : join(repo, 'target');
const application = process.env.TTDT_APP_BINARY || join(targetDir, 'debug', 'ttdt-workbench');
const artifacts = join(repo, 'tests', 'artifacts');
const work = mkdtempSync(join(tmpdir(), 'ttdt-e2e-'));
const dbPath = join(work, 'e2e.db');

let driver;
let driverLog = '';
let wd;

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function waitForPort(port, timeout = 20000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        res(true);
      });
      s.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tauri-driver did not listen on ${port}:\n${driverLog}`);
}

async function shot(name) {
  mkdirSync(artifacts, { recursive: true });
  // Let the window paint what the DOM already holds.
  await new Promise((r) => setTimeout(r, 600));
  const file = join(artifacts, name);
  writeFileSync(file, await wd.screenshot());
  assert.ok(statSync(file).size > 5000, `screenshot ${name} looks empty`);
  return file;
}

/** Picks an <option> of a <select> by its value, the way a user does: open, click the option. */
async function choose(selectCss, value) {
  await wd.click(await wd.find(selectCss));
  await wd.click(await wd.find(`${selectCss} option[value="${value}"]`));
  const chosen = await wd.property(await wd.find(selectCss), 'value');
  assert.equal(chosen, value, `could not choose ${value} in ${selectCss}`);
}

before(async () => {
  assert.ok(existsSync(application), `app binary missing: ${application} (build it first)`);
  const port = await freePort();
  const nativePort = await freePort();
  const demoPort = await freePort();
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    detached: true,
    env: { ...process.env, TTDT_DB: dbPath, TTDT_DEMO_PORT: String(demoPort), RUST_LOG: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driver.stdout.on('data', (d) => (driverLog += d));
  driver.stderr.on('data', (d) => (driverLog += d));
  await waitForPort(port);
  wd = new WebDriver(`http://127.0.0.1:${port}`);
});

after(async () => {
  try {
    await wd?.quit();
  } catch {
    /* the window may already be gone */
  }
  // tauri-driver runs WebKitWebDriver, which runs the app: end the whole process group.
  if (driver?.pid) {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  driver?.stdout.destroy();
  driver?.stderr.destroy();
  if (process.env.E2E_VERBOSE) console.log(driverLog);
});

/** Saves a screenshot of the window when a step fails, then fails. */
function withFailureShot(fn) {
  return async () => {
    try {
      await fn();
    } catch (e) {
      try {
        await shot('failure.png');
      } catch {
        /* no window to capture */
      }
      throw e;
    }
  };
}

test('first launch opens the demo campaign; a campaign and a site survive a restart', { timeout: 180000 }, withFailureShot(async () => {
  // --- first launch: the demo campaign is there, on the sites page.
  await wd.start(application);
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
}));
