// What every end-to-end test file shares: paths, free ports, launching the app under
// tauri-driver, screenshots, and a screenshot when a step fails.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebDriver } from './webdriver.mjs';

export const repo = resolve(import.meta.dirname, '../..');
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(repo, process.env.CARGO_TARGET_DIR) : join(repo, 'target');
export const application = process.env.TTDT_APP_BINARY || join(targetDir, 'debug', 'ttdt-workbench');
export const cli = join(targetDir, 'debug', 'ttdt');
const artifacts = join(repo, 'tests', 'artifacts');

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function waitForPort(port, logOf, timeout = 20000) {
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
  throw new Error(`tauri-driver did not listen on ${port}:\n${logOf()}`);
}

/** One test file's window: the WebDriver client of the app it launched, and its work folder. */
export class Harness {
  constructor() {
    this.work = mkdtempSync(join(tmpdir(), 'ttdt-e2e-'));
    this.wd = null;
    // Every window this file launched, stopped at the end whatever happened: a window left open
    // by a failed step would keep the test runner waiting on its processes.
    this.running = new Set();
    after(() => this.stopAll());
  }

  /** Stops every window still running. */
  async stopAll() {
    for (const stop of [...this.running]) await stop();
  }

  /**
   * Starts tauri-driver with the app's environment (database, ports); returns the WebDriver client and a stop function.
   * tauri-driver runs WebKitWebDriver, which runs the app: stopping ends the whole process group.
   */
  async launch(env) {
    assert.ok(existsSync(application), `app binary missing: ${application} (build it first)`);
    const port = await freePort();
    const nativePort = await freePort();
    let log = '';
    const proc = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      detached: true,
      env: { ...process.env, TTDT_DEMO_PORT: String(await freePort()), TTDT_EXPORT_DIR: this.work, RUST_LOG: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    await waitForPort(port, () => log);
    const client = new WebDriver(`http://127.0.0.1:${port}`);
    this.wd = client;
    const stop = async () => {
      this.running.delete(stop);
      try {
        await client.quit();
      } catch {
        /* the window may already be gone */
      }
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      proc.stdout.destroy();
      proc.stderr.destroy();
      if (process.env.E2E_VERBOSE) console.log(log);
    };
    this.running.add(stop);
    return { client, stop };
  }

  /** Saves a screenshot of the window under tests/artifacts. */
  async shot(name) {
    mkdirSync(artifacts, { recursive: true });
    // Let the window paint what the DOM already holds.
    await new Promise((r) => setTimeout(r, 600));
    const file = join(artifacts, name);
    writeFileSync(file, await this.wd.screenshot());
    assert.ok(statSync(file).size > 5000, `screenshot ${name} looks empty`);
    return file;
  }

  /** Picks an <option> of a <select> by its value, the way a user does: open, click the option. */
  async choose(selectCss, value) {
    await this.wd.click(await this.wd.find(selectCss));
    await this.wd.click(await this.wd.find(`${selectCss} option[value="${value}"]`));
    const chosen = await this.wd.property(await this.wd.find(selectCss), 'value');
    assert.equal(chosen, value, `could not choose ${value} in ${selectCss}`);
  }

  /** A test body that saves a screenshot of the window when a step fails, then fails. */
  guard(fn) {
    return async () => {
      try {
        await fn();
      } catch (e) {
        try {
          await this.shot('failure.png');
        } catch {
          /* no window to capture */
        }
        await this.stopAll();
        throw e;
      }
    };
  }
}
