import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';
import { buttons, host, launch, openExtensionPage, openX, readClippings, requireFirefox, type Session } from './harness';

/**
 * The popup, library and options pages of the Firefox build over clippings made on an X page: they
 * read the extension's database, and their changes reach the background (moz-extension:// sender)
 * and every X tab.
 */
const run = requireFirefox();
const S = samplePosts;
const clipped = [S.taggedLink, S.fourPhotos, S.welsh];

describe.runIf(run)('popup, library and options in Firefox', () => {
  let session: Session;
  let x: Page;
  beforeAll(async () => {
    session = await launch();
    x = await openX(session, '/home', renderTimelinePage(Object.values(samplePosts)));
    for (const p of clipped) {
      await x.waitForSelector(`${host(p.id)}[data-state="unsaved"]`);
      await x.click(`${host(p.id)} button.lga-btn`);
      await x.waitForSelector(`${host(p.id)}[data-state="saved"]`);
    }
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the popup shows the count and the latest clippings, and keeps a verdict chosen there', async () => {
    const popup = await openExtensionPage(session, 'popup');
    const shown = await popup.waitFor(() => {
      const articles = document.querySelectorAll('article').length;
      const count = document.querySelector('.count')?.textContent;
      return articles === 3 && count ? { count, articles } : null;
    });
    expect(shown).toEqual({ count: '3 clippings', articles: 3 });
    const article = await popup.evaluate(() => {
      const first = document.querySelector('article')!;
      const doRadio = [...first.querySelectorAll<HTMLInputElement>('input[type="radio"]')].find((r) => r.labels?.[0]?.textContent?.trim() === 'Do')!;
      doRadio.click();
      return first.getAttribute('data-post-id')!;
    });
    const rows = await popup.waitFor(
      (id) =>
        new Promise((resolve) => {
          const open = indexedDB.open('lga-guide-clipper');
          open.onsuccess = () => {
            const get = open.result.transaction('annotations').objectStore('annotations').get([id, 'me']);
            get.onsuccess = () => resolve(get.result?.verdict === 'do' ? get.result.verdict : null);
          };
        }),
      article,
    );
    expect(rows).toBe('do');
    await popup.close();
  });

  it('the library lists every clipping, and a removal there reaches the background and the X tab', async () => {
    const library = await openExtensionPage(session, 'library');
    expect(await library.waitFor(() => document.querySelector('[role="status"]')?.textContent)).toBe('Showing 3 of 3 clippings');
    // Each row of the virtualised list reads its own record, so rows appear one by one.
    const ids = await library.waitFor(() => {
      const found = [...document.querySelectorAll('article[data-post-id]')].map((a) => a.getAttribute('data-post-id'));
      return found.length === 3 ? found : null;
    });
    expect([...(ids ?? [])].sort()).toEqual(clipped.map((p) => p.id).sort());

    // The List view (a user's first view): the row opens its details, where Remove is.
    await library.evaluate((id) => (document.querySelector(`article.list-row[data-post-id="${id}"] .list-row-text`) as HTMLElement).click(), S.fourPhotos.id);
    await library.waitFor(() => document.querySelector('[aria-label="Clipping details"] article button.button-secondary'));
    await library.evaluate(() => {
      const panel = document.querySelector('[aria-label="Clipping details"]')!;
      ([...panel.querySelectorAll('article button')].find((b) => b.textContent?.trim() === 'Remove') as HTMLButtonElement).click();
    });
    expect(await library.waitFor(() => /Showing 2 of 2 clippings/.test(document.querySelector('[role="status"]')?.textContent ?? '') && document.querySelector('[role="status"]')!.textContent)).toBe(
      'Showing 2 of 2 clippings',
    );
    // The X tab hears of it through the background's change feed.
    await x.waitForSelector(`${host(S.fourPhotos.id)}[data-state="unsaved"]`);
    const record = (await readClippings(session)).find((r) => r.postId === S.fourPhotos.id);
    expect(record?.removed).toBeTruthy();
    await library.close();
  });

  it('the options page hides the button on X, and shows it again', async () => {
    const options = await openExtensionPage(session, 'options');
    await options.waitFor(() => document.getElementById('show-button'));
    await options.evaluate(() => (document.getElementById('show-button') as HTMLInputElement).click());
    await x.waitForFunction(() => document.querySelectorAll('[data-lga-host]').length === 0);
    await options.evaluate(() => (document.getElementById('show-button') as HTMLInputElement).click());
    await x.waitForSelector(`${host(S.taggedLink.id)}[data-state="saved"]`);
    expect((await buttons(x)).find((b) => b.postId === S.welsh.id)).toMatchObject({ state: 'saved', pressed: 'true' });
    await options.close();
  });

  it('raised no error on any page', () => {
    expect(session.errors).toEqual([]);
  });
});
