import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectedButtons, samplePosts } from '../fixtures/x/posts.mjs';
import { type Session, axeViolations, clipAll, launch, requireBrowser } from './harness';

/**
 * Bundles end to end in Chromium: clip and annotate on an X page, export from the library with the
 * defaults, read every file of the zip, import it into a fresh profile as another contributor, import it
 * again, and feed hostile files that must each raise an alert and change nothing.
 */
const run = requireBrowser();
const work = mkdtempSync(join(tmpdir(), 'lga-bundle-'));

const COUNCIL = samplePosts.taggedAbsolute; // North Shire Council
const FORMULA = samplePosts.formula; // by a resident, text starts with =HYPERLINK(
const MARKUP = samplePosts.markup; // by a resident, text holds <img onerror> markup
const LESSON = 'Thank the crews by name: residents notice';
const MARKUP_LESSON = 'Never paste <img src=x onerror=alert(1)> into a post';

async function countText(page: Page) {
  return page.locator('p.count[role=status]').textContent();
}

/** The library's list is virtualised: search for a post to bring its article onto the page. */
async function findArticle(page: Page, query: string, postId: string) {
  await page.getByRole('searchbox', { name: 'Search clippings' }).fill(query);
  const article = page.locator(`article[data-post-id="${postId}"]`);
  await article.waitFor();
  return article;
}

async function exportWithDefaults(page: Page, name?: string): Promise<Uint8Array> {
  await page.getByRole('button', { name: 'Export bundle' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export bundle' });
  await dialog.waitFor();
  expect(await dialog.getByRole('checkbox', { name: 'Anonymise members of the public' }).isChecked()).toBe(true);
  expect(await dialog.getByRole('checkbox', { name: 'Include images' }).isChecked()).toBe(false);
  if (name) {
    // No name in Options: the dialog asks for one, and says so when it is left empty.
    await dialog.getByRole('button', { name: 'Download bundle' }).click();
    await dialog.getByText('Enter your name').waitFor();
    await dialog.getByRole('textbox', { name: 'Your name' }).fill(name);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download bundle' }).click()]);
  const path = join(work, download.suggestedFilename());
  await download.saveAs(path);
  expect(download.suggestedFilename()).toMatch(/^lga-guide-clippings-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.zip$/);
  await dialog.getByText('Bundle downloaded').waitFor();
  return new Uint8Array(readFileSync(path));
}

async function importFile(page: Page, name: string, bytes: Uint8Array | string) {
  const path = join(work, name);
  writeFileSync(path, bytes);
  await page.locator('input#import-bundle').setInputFiles(path);
}

describe.runIf(run)('bundles in Chromium', () => {
  let session: Session;
  let page: Page;
  let zip: Uint8Array;
  const url = (s: Session, name: string) => `chrome-extension://${s.extensionId}/${name}.html`;

  beforeAll(async () => {
    session = await launch();
    await clipAll(session);
    page = await session.context.newPage();
    await page.goto(url(session, 'library'));
    const council = await findArticle(page, 'mince pies', COUNCIL.id);
    await council.getByRole('radiogroup', { name: 'Verdict' }).getByRole('radio', { name: 'Do', exact: true }).click();
    await council.getByRole('textbox', { name: 'Lesson' }).fill(LESSON);
    await council.getByRole('combobox', { name: 'Author type' }).selectOption({ label: 'Council' });
    await page.waitForTimeout(900); // text saves half a second after typing stops
    const markup = await findArticle(page, 'from:ResidentR markup', MARKUP.id);
    await markup.getByRole('textbox', { name: 'Lesson' }).fill(MARKUP_LESSON);
    await markup.getByRole('combobox', { name: 'Author type' }).selectOption({ label: 'Member of the public' });
    await page.waitForTimeout(900); // text saves half a second after typing stops
  });
  afterAll(async () => {
    await session?.close();
  });

  it('exports with the defaults: every file, a BOM, no formula cell, escaped HTML, the lesson in Word, no resident', async () => {
    await page.goto(url(session, 'library'));
    await expect.poll(() => countText(page)).toBe(`Showing ${expectedButtons.length} of ${expectedButtons.length} clippings`);
    zip = await exportWithDefaults(page, 'Ann Editor');
    const files = unzipSync(zip);
    for (const name of ['bundle.json', 'bundle.schema.json', 'clippings.csv', 'guide-draft.docx', 'clippings.html', 'README.txt']) {
      expect(Object.keys(files), name).toContain(name);
    }
    expect(Object.keys(files).some((f) => f.startsWith('media/'))).toBe(false);

    const bundle = JSON.parse(new TextDecoder().decode(files['bundle.json']));
    expect(bundle).toMatchObject({ format: 'lga-guide-clippings', version: 2, contributor: { name: 'Ann Editor' } });
    expect(bundle.clippings).toHaveLength(expectedButtons.length);
    const council = bundle.clippings.find((c: { postId: string }) => c.postId === COUNCIL.id);
    expect(council.annotations[0]).toMatchObject({ verdict: 'do', lesson: LESSON, contributor: { name: 'Ann Editor' } });

    const csvBytes = files['clippings.csv']!;
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = Papa.parse<string[]>(new TextDecoder().decode(csvBytes).slice(1), { skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data.length).toBe(expectedButtons.length + 1);
    for (const row of csv.data) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv.data.some((row) => row.some((cell) => cell.includes('HYPERLINK(')))).toBe(true);

    const html = new TextDecoder().decode(files['clippings.html']);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const docx = unzipSync(files['guide-draft.docx']!);
    const documentXml = new TextDecoder().decode(docx['word/document.xml']);
    expect(documentXml).toContain(LESSON);

    // The residents who wrote the formula and markup posts appear nowhere: not by handle, not by name.
    const texts = [
      ...Object.entries(files).filter(([n]) => n !== 'guide-draft.docx').map(([, b]) => new TextDecoder().decode(b)),
      ...Object.values(docx).map((b) => new TextDecoder().decode(b)),
    ];
    for (const text of texts) {
      expect(text).not.toContain(FORMULA.handle);
      expect(text).not.toContain(FORMULA.name);
      expect(text).not.toContain(MARKUP.handle);
    }
    expect(JSON.stringify(bundle)).toContain(`https://x.com/i/status/${FORMULA.id}`);
  });

  it('the export dialog has no axe-core violations, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(session, 'library'));
      await page.getByRole('button', { name: 'Export bundle' }).click();
      await page.getByRole('dialog', { name: 'Export bundle' }).waitFor();
      expect(await axeViolations(page), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('imports into a fresh profile as another contributor, shows both verdicts, and adds nothing the second time', async () => {
    const other = await launch();
    try {
      const options = await other.context.newPage();
      await options.goto(url(other, 'options'));
      await options.getByRole('textbox', { name: 'Your name' }).fill('Bea Reviewer');
      await options.getByRole('textbox', { name: 'Organisation' }).fill('Westvale District Council');
      await options.waitForTimeout(900);
      await options.close();

      const lib = await other.context.newPage();
      await lib.goto(url(other, 'library'));
      await expect.poll(() => countText(lib)).toBe('Showing 0 of 0 clippings');
      // The whole import (read, checks, plan, writes) runs in a worker of the extension's, not on the page.
      const reader = lib.waitForEvent('worker', { predicate: (w) => /\/assets\/import\.worker-[\w-]+\.js$/.test(w.url()), timeout: 10_000 });
      await importFile(lib, 'first.zip', zip);
      const worker = await reader;
      let workerEnded = false;
      worker.on('close', () => (workerEnded = true));
      const dialog = lib.getByRole('dialog', { name: 'Import bundle' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(`${expectedButtons.length} new clippings`);
      expect(await dialog.textContent()).toContain('Ann Editor');
      // The worker holds the bundle while the dialog asks (one that failed would have been ended, the import on the page).
      expect(await worker.evaluate(() => typeof indexedDB)).toBe('object');
      expect(workerEnded).toBe(false);
      await dialog.getByRole('button', { name: `Import ${expectedButtons.length} clippings` }).click();
      await lib.locator('.import-done[role=status]').waitFor();
      await expect.poll(() => workerEnded).toBe(true);
      await expect.poll(() => countText(lib)).toBe(`Showing ${expectedButtons.length} of ${expectedButtons.length} clippings`);

      // Ann's verdict and lesson show under her name; Bea's own controls start undecided.
      const council = await findArticle(lib, 'mince pies', COUNCIL.id);
      await council.getByText('Ann Editor').waitFor();
      expect(await council.locator('.others').textContent()).toContain(LESSON);
      expect(await council.getByRole('radio', { name: 'Undecided' }).isChecked()).toBe(true);
      await council.getByRole('radiogroup', { name: 'Verdict' }).getByRole('radio', { name: "Don't" }).click();
      await expect.poll(() => council.locator('.agreement').textContent()).toContain("1 do, 1 don't");

      // Markup from the bundle is shown as text and never runs.
      const markup = await findArticle(lib, 'onerror', MARKUP.id);
      await markup.getByText(MARKUP_LESSON, { exact: false }).waitFor();
      expect(await lib.locator('article img[onerror]').count()).toBe(0);

      // The disagreement filter finds the post they disagree on.
      await lib.getByRole('searchbox', { name: 'Search clippings' }).fill('');
      await lib.getByText('Filters').click();
      await lib.getByRole('checkbox', { name: 'Only clippings where contributors disagree' }).check();
      await expect.poll(() => countText(lib)).toBe(`Showing 1 of ${expectedButtons.length} clippings`);
      await lib.getByRole('checkbox', { name: 'Only clippings where contributors disagree' }).uncheck();

      // The same bundle again: the dialog says nothing will change, and nothing does.
      const before = await readAll(lib);
      await importFile(lib, 'again.zip', zip);
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('already in your library');
      await dialog.getByRole('button', { name: /^Import \d+ clippings$/ }).click();
      await expect.poll(() => lib.locator('.import-done[role=status]').textContent()).toContain('nothing changed');
      expect(await readAll(lib)).toEqual(before);

      // Hostile files: each gets an alert that says what is wrong, and the library is unchanged.
      const valid = JSON.parse(new TextDecoder().decode(unzipSync(zip)['bundle.json']));
      const bad = valid.clippings.map((c: unknown) => c);
      bad[0] = { ...valid.clippings[0], snapshot: { ...valid.clippings[0].snapshot, postId: 'not-an-id' } };
      const cases: Array<[string, Uint8Array | string, RegExp]> = [
        ['notes.json', 'hello, this is not JSON', /not a bundle|damaged/],
        ['picture.zip', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]), /not a bundle|damaged/],
        ['other.json', JSON.stringify({ format: 'something-else', version: 1 }), /not a bundle from LGA Guide Clipper/],
        ['newer.json', JSON.stringify({ ...valid, version: 99 }), /newer version of the extension: update/],
        ['invalid.json', JSON.stringify({ ...valid, clippings: bad }), /clippings\.0\.snapshot\.postId/],
        ['empty.zip', zipSync({ 'notes.txt': strToU8('no bundle here') }), /no bundle\.json/],
        // 20 MB of spaces deflates to a few kilobytes: refused while inflating, never held whole.
        ['bomb.zip', zipSync({ 'bundle.json': new Uint8Array(20 * 1024 * 1024).fill(0x20) }, { level: 9 }), /far more than a bundle/],
        ['huge.zip', new Uint8Array(101 * 1024 * 1024), /larger than 100 MB/],
      ];
      for (const [name, bytes, message] of cases) {
        await importFile(lib, name, bytes);
        const alert = lib.getByRole('alert');
        await expect.poll(async () => (await alert.count()) > 0 && message.test((await alert.first().textContent()) ?? ''), { message: name }).toBe(true);
        expect(await lib.getByRole('dialog', { name: 'Import bundle' }).count(), name).toBe(0);
      }
      expect(await readAll(lib)).toEqual(before);
      expect(other.errors.filter((e) => !e.includes('[LGA Guide Clipper]'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a long import shows its progress, and Cancel stops it with the library unchanged', async () => {
    // The exported bundle's clippings copied to 8,000 posts: long enough to press Cancel while it writes.
    const valid = JSON.parse(new TextDecoder().decode(unzipSync(zip)['bundle.json']));
    const many = 8000;
    const clippings = Array.from({ length: many }, (_, i) => {
      const from = valid.clippings[i % valid.clippings.length];
      const postId = String(1846300000000000000n + BigInt(i));
      return { ...from, postId, snapshot: { ...from.snapshot, postId } };
    });
    const big = JSON.stringify({ ...valid, clippings });
    const total = many.toLocaleString('en-GB');
    const other = await launch();
    try {
      const lib = await other.context.newPage();
      await lib.goto(url(other, 'library'));
      await expect.poll(() => countText(lib)).toBe('Showing 0 of 0 clippings');
      const dialog = lib.getByRole('dialog', { name: 'Import bundle' });

      await importFile(lib, 'big.json', big);
      await dialog.getByRole('button', { name: `Import ${total} clippings` }).click();
      await dialog.getByRole('progressbar', { name: 'Import progress' }).waitFor();
      // Some clippings written, not all: Cancel now stops the transaction part way.
      await dialog.getByText(new RegExp(`^Importing [1-9][\\d,]* of ${total} clippings$`)).waitFor();
      expect(Number(await dialog.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value'))).toBeLessThan(many);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => lib.locator('.import-done[role=status]').textContent()).toBe('Import stopped. Your library is unchanged');
      expect(await dialog.count()).toBe(0);
      await lib.reload();
      // The reload's reads wait behind IndexedDB undoing the stopped transaction's writes: more than the
      // default second on a busy machine (CI failed once here at 1 s).
      await expect.poll(() => countText(lib), { timeout: 15_000 }).toBe('Showing 0 of 0 clippings');

      // Left to finish, the same file imports in full, its progress ending at every clipping.
      await importFile(lib, 'big-again.json', big);
      await dialog.getByRole('button', { name: `Import ${total} clippings` }).click();
      const seen = new Set<string>();
      while ((await lib.locator('.import-done[role=status]').count()) === 0) {
        // Read without waiting: the dialog closes when the import ends.
        for (const text of await dialog.locator('.export-status p').allTextContents()) seen.add(text);
        await lib.waitForTimeout(50);
      }
      expect(await lib.locator('.import-done[role=status]').textContent()).toContain(`${total} new clippings`);
      expect([...seen].some((t) => t.startsWith('Importing ')), [...seen].join(' | ')).toBe(true);
      await expect.poll(() => countText(lib), { timeout: 15_000 }).toBe(`Showing ${total} of ${total} clippings`);
      expect(other.errors.filter((e) => !e.includes('[LGA Guide Clipper]'))).toEqual([]);
    } finally {
      await other.close();
    }
  }, 120_000);

  it('the popup exports every clipping with the saved defaults', async () => {
    const popup = await session.context.newPage();
    await popup.goto(url(session, 'popup'));
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export bundle' }).click()]);
    const path = join(work, `popup-${download.suggestedFilename()}`);
    await download.saveAs(path);
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const bundle = JSON.parse(new TextDecoder().decode(files['bundle.json']));
    expect(bundle.contributor.name).toBe('Ann Editor'); // the name given in the dialog was kept
    expect(bundle.clippings).toHaveLength(expectedButtons.length);
    await popup.close();
  });
});

/** Every record of the library's tables, to prove a failed or repeated import changed nothing. */
async function readAll(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('lga-guide-clipper');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const out: Record<string, unknown[]> = {};
          for (const name of names) {
            const req = tx.objectStore(name).getAll();
            req.onsuccess = () => (out[name] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
