// npm run screenshots: pictures of what a user gets, for the README and docs/. Builds nothing itself
// (npm run screenshots builds first); clips the sample posts on a served X page, annotates a few,
// then photographs the button on X and the popup, library and options pages in light and dark.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { expectedButtons, renderTimelinePage, samplePosts } from '../tests/fixtures/x/posts.mjs';

const root = resolve(import.meta.dirname, '..');
const extension = join(root, '.output/chrome-mv3');
const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'lga-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: false,
  args: ['--headless=new', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1100, height: 900 },
});
const blank = Buffer.from('R0lGODlhAQABAIAAAM/Z3gAAACwAAAAAAQABAAACAkQBADs=', 'base64');
await context.route('https://pbs.twimg.com/**', (r) => r.fulfill({ status: 200, contentType: 'image/gif', body: blank }));
await context.route('https://abs.twimg.com/**', (r) => r.fulfill({ status: 200, contentType: 'image/gif', body: blank }));
let theme = 'light';
await context.route('https://x.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: renderTimelinePage(Object.values(samplePosts), { theme }) }));
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(worker.url()).host;

const x = await context.newPage();
await x.goto('https://x.com/home');
await x.waitForSelector('[data-lga-host][data-state="unsaved"]');
for (const post of expectedButtons.slice(0, 12)) {
  await x.locator(`[data-lga-post="${post}"] button.lga-btn`).click();
  await x.waitForSelector(`[data-lga-post="${post}"][data-state="saved"]`);
}
const shootPost = async (name) => {
  const article = x.locator(`article:has([data-lga-post="${expectedButtons[1]}"])`);
  await article.screenshot({ path: join(out, name) });
};
await x.locator(`[data-lga-post="${expectedButtons[2]}"] button.lga-btn`).focus();
await shootPost('x-button-light.png');
theme = 'dark';
await x.reload();
await x.waitForSelector(`[data-lga-post="${expectedButtons[1]}"][data-state="saved"]`);
await shootPost('x-button-dark.png');
await x.close();

const page = await context.newPage();
const setView = (view) => page.evaluate((v) => localStorage.setItem('lga-library-view', v), view);
await page.goto(`chrome-extension://${id}/library.html`);
// Annotate a few in the Cards view, each control in sight, and pick two for the guide.
await setView('cards');
await page.reload();
const first = page.locator('article').first();
await first.getByRole('radio', { name: 'Do', exact: true }).check();
await first.getByRole('textbox', { name: 'Lesson' }).fill('Give the route and the time: residents plan round them');
await first.getByRole('checkbox', { name: /Emergencies/ }).check();
await first.getByRole('checkbox', { name: 'For the guide' }).check();
const second = page.locator('article').nth(1);
await second.getByRole('radio', { name: "Don't" }).check();
await second.getByRole('textbox', { name: 'Lesson' }).fill('A photo with no alt text shuts out screen reader users');
await second.getByRole('checkbox', { name: /Emergencies/ }).check();
await second.getByRole('checkbox', { name: 'For the guide' }).check();
await page.waitForTimeout(800);
for (const scheme of ['light', 'dark']) {
  await page.emulateMedia({ colorScheme: scheme });
  for (const [name, size] of [['options', { width: 1100, height: 1000 }], ['popup', { width: 420, height: 700 }], ['guide', { width: 1100, height: 1000 }]]) {
    await page.setViewportSize(size);
    await page.goto(`chrome-extension://${id}/${name}.html`);
    await page.waitForTimeout(500);
    // The Guide page at the theme the two picked examples are in.
    if (name === 'guide') await page.locator('#theme-emergencies').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `${name}-${scheme}.png`) });
  }
  // The library: its List view (what a user first sees), a clipping's details open beside it, and Cards.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`chrome-extension://${id}/library.html`);
  await setView('list');
  await page.reload();
  await page.locator('article.list-row').first().waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `library-${scheme}.png`) });
  await page.locator('article.list-row').first().locator('.list-row-text').click();
  await page.getByRole('region', { name: 'Clipping details' }).waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `library-details-${scheme}.png`) });
  await setView('cards');
  await page.setViewportSize({ width: 1100, height: 1000 });
  await page.reload();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `library-cards-${scheme}.png`) });
  // The export dialog, as an editor-bound contributor first meets it (no name in Options yet).
  await page.getByRole('button', { name: 'Export bundle' }).click();
  await page.getByRole('dialog', { name: 'Export bundle' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `export-${scheme}.png`) });
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`Screenshots written to ${out}`);
