import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { requireBrowserAndBuild } from '../required';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { expectedButtons, renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';

/**
 * Starts Debian's Chromium with the built extension loaded, and serves X pages from our own fixtures
 * (context.route on https://x.com/**), so the content script runs as it does on the real site.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

export function requireBrowser(): boolean {
  return requireBrowserAndBuild({ tests: 'Browser tests', executable: CHROMIUM, install: 'apt-get install -y chromium', extensionDir: EXTENSION_DIR, build: 'npm run build' });
}

export interface Session {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Pages served for https://x.com/<path>: path → HTML. */
  pages: Map<string, string>;
  /** Console errors and page errors seen on X pages. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * `locale`: the browser's preferred language for pages (navigator.languages, Accept-Language).
 * `libraryView`: the library's layout until a test chooses another on the page. A user starts in
 * "List"; the suites that test each card's controls in the library start in "Cards" (the default here),
 * and the workbench's own suite asks for "list".
 */
export async function launch(options: { userDataDir?: string; locale?: string; libraryView?: 'list' | 'cards'; extensionDir?: string } = {}): Promise<Session> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'lga-chromium-'));
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: extensions need the new headless mode
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1200, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const pages = new Map<string, string>();
  const errors: string[] = [];
  await context.route('https://x.com/**', async (route) => {
    const url = new URL(route.request().url());
    const html = pages.get(url.pathname) ?? pages.get('*');
    if (html === undefined) return route.fulfill({ status: 404, body: 'not served in this test' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  // X's media CDN: answer with a tiny image so pages render without the network.
  await context.route('https://pbs.twimg.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') }),
  );
  context.on('page', (page) => watchErrors(page, errors));
  await context.addInitScript((view: string) => {
    if (location.protocol === 'chrome-extension:' && localStorage.getItem('lga-library-view') === null) localStorage.setItem('lga-library-view', view);
  }, options.libraryView ?? 'cards');
  return {
    context,
    extensionId,
    worker,
    pages,
    errors,
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function watchErrors(page: Page, errors: string[]) {
  page.on('console', (msg) => {
    // Resources the saved pages point at (blob: videos, X's CDN) are not served here: not our errors.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

/** Opens an X page we serve and waits for the content script to have decorated what it will. */
export async function openX(session: Session, path: string, html: string): Promise<Page> {
  session.pages.set(path, html);
  const page = await session.context.newPage();
  watchErrors(page, session.errors);
  await page.goto(`https://x.com${path}`);
  return page;
}

/**
 * A copy of the Chromium build whose manifest also grants these origins (a team's server on
 * 127.0.0.1): headless Chromium cannot answer a permission prompt, but a request for an origin
 * already granted resolves at once, so the product's own `permissions.request` runs unchanged.
 * Removed with `rmSync` by the caller.
 */
export function buildGranting(origins: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lga-build-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

/** Reads every clipping from the extension's own database, through an extension page. */
export async function readClippings(session: Session): Promise<Array<Record<string, any>>> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
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

export const BUTTON = 'button.lga-btn';

/** The state of every button on the page: [postId, aria-pressed, accessible name]. */
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

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.2 A and AA violations on the page as it is now, one line each (none is the goal). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Opens a timeline of every sample post and presses each tagged post's button until it shows saved. */
export async function clipAll(session: Session): Promise<void> {
  const x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
  await x.waitForSelector('[data-lga-host][data-state="unsaved"]');
  for (const id of expectedButtons) {
    await x.locator(`[data-lga-post="${id}"] button.lga-btn`).click();
    await x.waitForSelector(`[data-lga-post="${id}"][data-state="saved"]`);
  }
  await x.close();
}
