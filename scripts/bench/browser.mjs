// Chromium for the bench: Debian's, new headless, with or without the built extension, X's pages
// and media CDN served locally (as tests/browser/harness.ts does), and a CDP session per page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
const GIF = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');

/**
 * @param {{ extension: boolean, extensionDir?: string }} options extensionDir: another copy of the build
 *   (the team part runs one whose manifest grants the local server's origin)
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, extensionId: string | null, pages: Map<string, string>, close(): Promise<void> }>}
 */
export async function launchChromium({ extension, extensionDir = EXTENSION_DIR }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lga-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: extensions need the new headless mode
    args: [
      '--headless=new',
      ...(extension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ['--disable-extensions']),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A page in a background tab must not be throttled while it is measured.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--enable-precise-memory-info',
    ],
    viewport: { width: 1200, height: 900 },
  });
  let extensionId = null;
  if (extension) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    extensionId = new URL(worker.url()).host;
  }
  const pages = new Map();
  await context.route('https://x.com/**', (route) => {
    const html = pages.get(new URL(route.request().url()).pathname) ?? pages.get('*');
    if (html === undefined) return route.fulfill({ status: 404, body: 'not served in this bench' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  await context.route('https://pbs.twimg.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: GIF }));
  await context.route('https://abs*.twimg.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: GIF }));
  return {
    context,
    extensionId,
    pages,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The browser's own version string ("Chrome/156.0…"). */
export async function browserVersion(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const { product } = await cdp.send('Browser.getVersion');
  await page.close();
  return product;
}
