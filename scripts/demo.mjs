// npm run demo: opens Chromium with the built extension on a sample X timeline made from our own
// fixtures, so anyone can try it without an X account. With --headless (or no display) it clips a
// sample post itself, prints the stored record and saves a screenshot in demo-output/.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { renderTimelinePage, samplePosts } from '../tests/fixtures/x/posts.mjs';

const root = resolve(import.meta.dirname, '..');
const extension = join(root, '.output/chrome-mv3');
const headless = process.argv.includes('--headless') || (!process.env.DISPLAY && process.platform === 'linux');
const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  console.error('No Chromium found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
if (!existsSync(join(extension, 'manifest.json'))) {
  console.error('No build found: run `npm run build` first (npm run demo does).');
  process.exit(1);
}

const page = renderTimelinePage(Object.values(samplePosts), { title: 'Home / X', path: '/home' });
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'lga-demo-')), {
  executablePath,
  headless: false,
  args: [
    ...(headless ? ['--headless=new'] : []),
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(headless ? ['--disable-gpu'] : []),
  ],
  viewport: headless ? { width: 1280, height: 1000 } : null,
});
// Serve the sample timeline for any x.com address, and a blank image for X's media CDN.
await context.route('https://x.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
await context.route('https://pbs.twimg.com/**', (route) =>
  route.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') }),
);
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const tab = context.pages()[0] ?? (await context.newPage());
await tab.goto('https://x.com/home');

if (!headless) {
  console.log('Chromium is open on a sample X timeline with LGA Guide Clipper loaded.');
  console.log('Press "Send to LGA guide" on a post, then open the extension\'s popup. Close the window to finish.');
  await new Promise((done) => context.on('close', done));
  process.exit(0);
}

const button = tab.getByRole('button', { name: /Send to LGA guide/ }).first();
await button.waitFor();
await button.click();
await tab.waitForSelector('[data-lga-host][data-state="saved"]');
const popup = await context.newPage();
await popup.goto(`chrome-extension://${extensionId}/popup.html`);
const records = await popup.evaluate(
  () =>
    new Promise((done, fail) => {
      const open = indexedDB.open('lga-guide-clipper');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('clippings').objectStore('clippings').getAll();
        all.onsuccess = () => done(all.result);
      };
    }),
);
const out = join(root, 'demo-output');
mkdirSync(out, { recursive: true });
await tab.screenshot({ path: join(out, 'timeline.png') });
await popup.setViewportSize({ width: 380, height: 600 });
await popup.screenshot({ path: join(out, 'popup.png') });
writeFileSync(join(out, 'clipping.json'), JSON.stringify(records, null, 2));
console.log(JSON.stringify(records[0], null, 2));
console.log(`\nClipped ${records.length} post. Screenshots and the record are in ${out}/`);
await context.close();
