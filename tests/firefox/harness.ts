import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { requireBrowserAndBuild } from '../required';

/**
 * Starts Debian's firefox-esr through puppeteer-core over WebDriver BiDi, installs the Firefox build
 * (.output/firefox-mv2) as a temporary add-on, and serves X pages from our own fixtures (request
 * interception on https://x.com/**), so the content script runs as it does on the real site.
 */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv2');

/**
 * Firefox gives each add-on a random moz-extension:// host per profile. This pref fixes it, so the
 * tests can open the extension's pages (the id is the manifest's browser_specific_settings.gecko.id).
 */
export const EXTENSION_UUID = '6c9a3e0e-1f2b-4c7d-9a4e-3b5d7f1a2c60';

export function requireFirefox(): boolean {
  return requireBrowserAndBuild({ tests: 'Firefox tests', executable: FIREFOX, install: 'apt-get install -y firefox-esr', extensionDir: EXTENSION_DIR, build: 'npm run build:firefox' });
}

export interface Session {
  browser: Browser;
  /** The add-on's id, as Firefox reports it after installing. */
  addonId: string;
  /** moz-extension://<uuid>/ */
  baseUrl: string;
  /** Pages served for https://x.com/<path>: path → HTML. */
  pages: Map<string, string>;
  /** Console errors and page errors seen on X pages (BiDi does not see extension pages' consoles). */
  errors: string[];
  close(): Promise<void>;
}

function geckoId(): string {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('The Firefox build has no browser_specific_settings.gecko.id');
  return id;
}

export async function launch(): Promise<Session> {
  const id = geckoId();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    // Test-only: lets BiDi evaluate in the browser's chrome, from where extension pages are driven
    // (see openExtensionPage).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
      // No first-run pages, no updates, no telemetry: only what the test opens.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  const addonId = await browser.installExtension(EXTENSION_DIR);
  if (addonId !== id) throw new Error(`Firefox installed the add-on as ${addonId}, not as its gecko id ${id}`);
  const pages = new Map<string, string>();
  const errors: string[] = [];
  return {
    browser,
    addonId,
    baseUrl: `moz-extension://${EXTENSION_UUID}/`,
    pages,
    errors,
    async close() {
      await browser.close();
    },
  };
}

function watchErrors(page: Page, errors: string[]) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error instanceof Error ? error.message : String(error)}`));
}

const GIF = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');

/** A new tab whose requests to X are answered from session.pages (and X's media CDN with a tiny image). */
export async function newXPage(session: Session): Promise<Page> {
  const page = await session.browser.newPage();
  watchErrors(page, session.errors);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'https:' && (url.hostname === 'x.com' || url.hostname === 'twitter.com')) {
      const html = session.pages.get(url.pathname) ?? session.pages.get('*');
      if (html === undefined) return void request.respond({ status: 404, contentType: 'text/plain', body: 'not served in this test' });
      return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    if (url.hostname === 'pbs.twimg.com' || url.hostname === 'video.twimg.com') return void request.respond({ status: 200, contentType: 'image/gif', body: GIF });
    if (url.protocol === 'https:' || url.protocol === 'http:') return void request.respond({ status: 404, contentType: 'text/plain', body: 'no network in tests' });
    return void request.continue();
  });
  return page;
}

/** Opens an X page we serve. */
export async function openX(session: Session, path: string, html: string): Promise<Page> {
  session.pages.set(path, html);
  const page = await newXPage(session);
  await page.goto(`https://x.com${path}`);
  return page;
}

/**
 * One of the extension's own pages (popup, library, options) open in a tab.
 *
 * Firefox's WebDriver BiDi does not reach extension pages yet (bug 1755014), so these are driven from
 * the browser's chrome (allowed by --remote-allow-system-access): the tab is opened there, and
 * `evaluate` runs a function in the page through a frame script, in a sandbox with the page's own
 * principal and no Xray wrappers, so it sees the page as the page's scripts do.
 */
export interface ExtensionTab {
  /** Runs `fn(...args)` in the page and returns its (JSON-serialisable) result. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
  /**
   * Clicks the element matching `selector` as a user does: while the page is handling user input,
   * which Firefox requires of `permissions.request`.
   */
  userClick(selector: string): Promise<void>;
  /** Polls `fn` in the page until it returns a truthy value (or the timeout passes) and returns it. */
  waitFor<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
  close(): Promise<void>;
}

/** Each browser's chrome window, as a BiDi context id. */
const chromeContexts = new WeakMap<Session, string>();

/** Evaluates a JavaScript expression in the browser's chrome window (privileged) and returns its JSON result. */
export async function inChrome(session: Session, expression: string): Promise<any> {
  // puppeteer's BiDi browser keeps its connection public at run time but not in its types.
  const connection = (session.browser as unknown as { connection: { send(method: string, params: object): Promise<{ result: any }> } }).connection;
  let chromeContext = chromeContexts.get(session);
  if (!chromeContext) {
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    chromeContext = tree.result.contexts[0]?.context as string;
    chromeContexts.set(session, chromeContext);
  }
  const { result } = await connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context: chromeContext },
    awaitPromise: true,
  });
  if (result.type === 'exception') throw new Error(`In Firefox's chrome: ${result.exceptionDetails?.text ?? 'exception'}`);
  return JSON.parse(result.result.value as string);
}

/** Frame-script code that runs `fn(...args)` in the page's sandbox (see ExtensionTab) and returns its result. */
function inPage(source: string, args: unknown[]): string {
  return `async () => {
    const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
    const fn = Components.utils.evalInSandbox(${JSON.stringify(`(${source})`)}, sandbox);
    const args = Components.utils.evalInSandbox(${JSON.stringify(`(${JSON.stringify(args)})`)}, sandbox);
    return fn(...args);
  }`;
}

/**
 * Frame-script code that clicks the element matching `selector` while the page is handling user input
 * (windowUtils.setHandlingUserInput, as Firefox's own input handling and its extension tests do).
 */
function userClick(selector: string): string {
  return `async () => {
    const element = content.document.querySelector(${JSON.stringify(selector)});
    if (!element) throw new Error('nothing matches ' + ${JSON.stringify(selector)});
    // What Firefox's own input handling sets while it dispatches a click: the page is handling user input.
    const handling = content.windowUtils.setHandlingUserInput(true);
    try {
      element.click();
    } finally {
      handling.destruct();
    }
    return true;
  }`;
}

/** The frame script that runs one function in the page (or one user click) and sends back its result. */
function frameScript(token: string, url: string, source: string, args: unknown[], click = false): string {
  return `(async () => {
    const token = ${JSON.stringify(token)};
    try {
      // A new tab shows about:blank first: wait for the extension page itself to have loaded.
      const { setTimeout } = ChromeUtils.importESModule('resource://gre/modules/Timer.sys.mjs');
      const deadline = Date.now() + 20000;
      while (!(content.location.href === ${JSON.stringify(url)} && content.document.readyState === 'complete')) {
        if (Date.now() > deadline) throw new Error('the page did not load: ' + content.location.href);
        await new Promise((r) => setTimeout(r, 20));
      }
      const value = await (${click ? userClick(source) : inPage(source, args)})();
      sendAsyncMessage('lga:evaluate', { token, value: JSON.stringify(value ?? null) });
    } catch (error) {
      sendAsyncMessage('lga:evaluate', { token, error: String(error) + ' ' + String(error && error.stack) });
    }
  })();`;
}

let tabs = 0;

export async function openExtensionPage(session: Session, name: string): Promise<ExtensionTab> {
  const key = `tab${++tabs}`;
  const url = `${session.baseUrl}${name}.html`;
  await inChrome(
    session,
    `(async () => {
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      const tab = win.gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      win.gBrowser.selectedTab = tab;
      (globalThis.__lgaTabs ??= new Map()).set(${JSON.stringify(key)}, { win, tab });
      // The tab starts on about:blank in a web content process, then moves to the extension process:
      // a frame script loaded before that move would be lost with the old process.
      const browser = tab.linkedBrowser;
      const deadline = Date.now() + 20000;
      while (!(browser.currentURI.spec === ${JSON.stringify(url)} && browser.remoteType === 'extension' && !browser.webProgress?.isLoadingDocument)) {
        if (Date.now() > deadline) throw new Error('${name}.html did not load: ' + browser.currentURI.spec);
        await new Promise((r) => win.setTimeout(r, 20));
      }
      return true;
    })()`,
  );
  let evaluations = 0;
  const inFrame = async (source: string, args: unknown[], click: boolean): Promise<unknown> => {
    const token = `${key}-${++evaluations}`;
    const reply = (await inChrome(
      session,
      `(async () => {
        const browser = globalThis.__lgaTabs.get(${JSON.stringify(key)}).tab.linkedBrowser;
        const mm = browser.messageManager;
        const reply = new Promise((resolve) => {
          const listener = (message) => {
            if (message.data.token !== ${JSON.stringify(token)}) return;
            mm.removeMessageListener('lga:evaluate', listener);
            resolve(message.data);
          };
          mm.addMessageListener('lga:evaluate', listener);
        });
        mm.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(frameScript(token, url, source, args, click))}), false);
        const win = globalThis.__lgaTabs.get(${JSON.stringify(key)}).win;
        return Promise.race([reply, new Promise((r) => win.setTimeout(() => r({ error: 'no answer from the page in 20 s' }), 20000))]);
      })()`,
    )) as { value?: string; error?: string };
    if (reply.error !== undefined) throw new Error(`In ${name}.html: ${reply.error}`);
    return JSON.parse(reply.value ?? 'null');
  };
  const evaluate: ExtensionTab['evaluate'] = async (fn, ...args) => (await inFrame(fn.toString(), args, false)) as never;
  return {
    evaluate,
    async userClick(selector) {
      await inFrame(selector, [], true);
    },
    async waitFor(fn, ...args) {
      const until = Date.now() + 20_000;
      let last: unknown;
      for (;;) {
        try {
          last = await evaluate(fn, ...args);
          if (last) return last as never;
        } catch (error) {
          last = error; // the page may still be loading
        }
        if (Date.now() > until) throw new Error(`${name}.html: still waiting; last result ${String(last)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await inChrome(session, `(() => { const tabs = globalThis.__lgaTabs; const { win, tab } = tabs.get(${JSON.stringify(key)}); tabs.delete(${JSON.stringify(key)}); win.gBrowser.removeTab(tab); return true; })()`);
    },
  };
}

/** Reads every clipping from the extension's own database, through an extension page. */
export async function readClippings(session: Session): Promise<Array<Record<string, any>>> {
  const page = await openExtensionPage(session, 'popup');
  const rows = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('lga-guide-clipper');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('clippings', 'readonly');
          const all = tx.objectStore('clippings').getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        };
      }),
  );
  await page.close();
  return rows as Array<Record<string, any>>;
}

export const host = (id: string) => `[data-lga-host][data-lga-post="${id}"]`;

/** The state of every button on the page: [postId, aria-pressed, accessible name, state]. */
export async function buttons(page: Page): Promise<Array<{ postId: string; pressed: string | null; label: string | null; state: string | null }>> {
  return page.$$eval('[data-lga-host]', (hosts) =>
    hosts
      .filter((h) => h.hasAttribute('data-lga-post'))
      .map((h) => {
        const b = h.querySelector('button.lga-btn');
        return { postId: h.getAttribute('data-lga-post') ?? '', pressed: b?.getAttribute('aria-pressed') ?? null, label: b?.getAttribute('aria-label') ?? null, state: h.getAttribute('data-state') };
      }),
  );
}

/**
 * Fires the extension's keyboard shortcut as Firefox does once it has matched the keys: the
 * `command` event of the add-on's <key> in the browser window. (Keys typed through BiDi reach only
 * the page, never the browser's own key handling.) Returns the key's modifiers and key.
 */
export async function fireShortcut(session: Session): Promise<{ modifiers: string | null; key: string | null }> {
  return inChrome(
    session,
    `(() => {
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      const keys = [...win.document.querySelectorAll('keyset[id^="ext-keyset-id-lga-guide-clipper"] > key')];
      if (keys.length !== 1) throw new Error('expected one shortcut of ours, found ' + keys.length);
      keys[0].dispatchEvent(new win.Event('command'));
      return { modifiers: keys[0].getAttribute('modifiers'), key: keys[0].getAttribute('key') };
    })()`,
  );
}

/**
 * Chooses our item on the page's context menu, which a right-click (through BiDi) has opened, and
 * returns the labels of the extension items it showed; `choose: false` only looks.
 */
export async function chooseContextMenuItem(session: Session, choose = true): Promise<string[]> {
  return inChrome(
    session,
    `(async () => {
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      const menu = win.document.getElementById('contentAreaContextMenu');
      const deadline = Date.now() + 5000;
      const ours = () => [...menu.querySelectorAll('menuitem[id^="lga-guide-clipper"]')].filter((m) => !m.hidden);
      while (menu.state !== 'open' && Date.now() < deadline) await new Promise((r) => win.setTimeout(r, 50));
      const items = ours();
      if (${choose} && items[0]) items[0].doCommand();
      menu.hidePopup();
      return items.map((m) => m.getAttribute('label'));
    })()`,
  );
}

/**
 * Waits for the add-on's permission prompt (the doorhanger `permissions.request` opens) and answers
 * it as the user would: Allow, or Don't allow. Returns the prompt's text.
 */
export async function answerPermissionPrompt(session: Session, allow: boolean): Promise<string> {
  return inChrome(
    session,
    `(async () => {
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      const deadline = Date.now() + 10000;
      let prompt;
      while (!(prompt = win.PopupNotifications._currentNotifications.find((n) => n.id === 'addon-webext-permissions'))) {
        if (Date.now() > deadline) throw new Error('no permission prompt was shown');
        await new Promise((r) => win.setTimeout(r, 50));
      }
      while (win.PopupNotifications.panel.state !== 'open') {
        if (Date.now() > deadline) throw new Error('the permission prompt did not open');
        await new Promise((r) => win.setTimeout(r, 50));
      }
      const shown = [...win.PopupNotifications.panel.children].map((n) => n.textContent.replace(/\\s+/g, ' ').trim()).join(' ');
      const action = ${allow} ? prompt.mainAction : prompt.secondaryActions[0];
      action.callback({});
      win.PopupNotifications.remove(prompt);
      return shown;
    })()`,
  );
}

/** Two animation frames and a round trip to the background. */
export async function settle(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))));
}
