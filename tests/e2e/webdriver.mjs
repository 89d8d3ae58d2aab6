// A small W3C WebDriver client over fetch: just what the end-to-end tests need.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base) {
    this.base = base.replace(/\/$/, '');
    this.session = null;
  }

  async req(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    }
    if (!res.ok || (json.value && json.value.error)) {
      const v = json.value || {};
      const err = new Error(`${method} ${path}: ${v.error || res.status}: ${v.message || text.slice(0, 300)}`);
      err.code = v.error;
      throw err;
    }
    return json.value;
  }

  s(path) {
    return `/session/${this.session}${path}`;
  }

  async start(application) {
    const caps = { browserName: 'wry', 'tauri:options': { application } };
    // tauri-driver accepts connections before its WebKitWebDriver is ready, and a previous app may
    // still be shutting down: a dropped connection is retried for a few seconds.
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await this.req('POST', '/session', { capabilities: { alwaysMatch: caps } });
        this.session = value.sessionId;
        return value;
      } catch (e) {
        if (attempt >= 10 || !(e instanceof TypeError)) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async quit() {
    if (!this.session) return;
    try {
      await this.req('DELETE', this.s(''));
    } finally {
      this.session = null;
    }
  }

  /** A lookup retried when the page changes under it (WebKit then reports a stale element). */
  async lookup(path, css) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.req('POST', this.s(path), { using: 'css selector', value: css });
      } catch (e) {
        if (attempt >= 5 || e.code !== 'stale element reference') throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async find(css) {
    return (await this.lookup('/element', css))[ELEMENT];
  }

  async findAll(css) {
    return (await this.lookup('/elements', css)).map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches an element (and, if given, its text content includes `text`). */
  async waitFor(css, { text, timeout = 15000 } = {}) {
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      try {
        const ids = await this.findAll(css);
        for (const id of ids) {
          if (text === undefined) return id;
          // textContent, not rendered text: WebKitWebDriver leaves out cells cut with an ellipsis.
          last = await this.property(id, 'textContent');
          if (last.includes(text)) return id;
        }
      } catch (e) {
        last = String(e);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${css}${text ? ` containing “${text}”` : ''} (last: ${last.slice(0, 200)})`);
  }

  /** Waits until nothing matches `css`. */
  async waitGone(css, { timeout = 10000 } = {}) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      try {
        if ((await this.findAll(css)).length === 0) return;
      } catch (e) {
        // The page changed under the query (WebKit reports a stale element): look again.
        if (e.code !== 'stale element reference') throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${css} to disappear`);
  }

  /** Scrolls the element to the middle of its scroll area (away from sticky headers), then clicks it. */
  async click(id) {
    await this.execute("arguments[0].scrollIntoView({ block: 'center' });", [{ [ELEMENT]: id }]);
    await this.req('POST', this.s(`/element/${id}/click`), {});
  }

  async type(id, text) {
    await this.req('POST', this.s(`/element/${id}/value`), { text });
  }

  async clear(id) {
    await this.req('POST', this.s(`/element/${id}/clear`), {});
  }

  async text(id) {
    return this.req('GET', this.s(`/element/${id}/text`));
  }

  async property(id, name) {
    return this.req('GET', this.s(`/element/${id}/property/${name}`));
  }

  async keys(text) {
    const actions = [...text].flatMap((c) => [
      { type: 'keyDown', value: c },
      { type: 'keyUp', value: c },
    ]);
    await this.req('POST', this.s('/actions'), { actions: [{ type: 'key', id: 'kbd', actions }] });
    await this.req('DELETE', this.s('/actions'));
  }

  /** Runs a script in the page; `args` are passed as `arguments`. */
  async execute(script, args = []) {
    return this.req('POST', this.s('/execute/sync'), { script, args });
  }

  /** Sets the window's outer size (and position); returns the rectangle the window got. */
  async setWindowRect(rect) {
    return this.req('POST', this.s('/window/rect'), rect);
  }

  async screenshot() {
    return Buffer.from(await this.req('GET', this.s('/screenshot')), 'base64');
  }

  async pageText() {
    return this.text(await this.find('body'));
  }
}
