import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, launch, openX, requireBrowser, type Session } from './harness';
import { HTML_DIR, realFixturesAvailable } from '../fixtures/x/real.mjs';
import { renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';

/**
 * "Keep copies of images" in real Chromium on X's own saved markup: the background copies a clipped
 * post's photo from the media CDN (served here), and the library then shows it with every request
 * to X's media CDN refused.
 */
const run = requireBrowser() && realFixturesAvailable();

// A 1×1 PNG, so the library's <img> decodes to a real image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PHOTO = 'https://pbs.twimg.com/media/placeholder_image.jpg?name=orig';
const POST = '1983130065320780162';

function page(body: string): string {
  return `<!doctype html><html dir="ltr" lang="en" data-theme="light" style="color-scheme: light;"><head><meta charset="utf-8"><title>X</title></head><body><div id="react-root"><main role="main">${body}</main></div></body></html>`;
}

/** The images table, read through an extension page (without the bytes). */
async function readCopies(session: Session): Promise<Array<{ postId: string; url: string; state: string; size: number; type?: string }>> {
  const tab = await session.context.newPage();
  await tab.goto(`chrome-extension://${session.extensionId}/popup.html`);
  const rows = await tab.evaluate(
    () =>
      new Promise<Array<{ postId: string; url: string; state: string; size: number; type?: string }>>((done, fail) => {
        const open = indexedDB.open('lga-guide-clipper');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          if (!open.result.objectStoreNames.contains('images')) return done([]);
          const all = open.result.transaction('images', 'readonly').objectStore('images').getAll();
          all.onsuccess = () => done(all.result.map(({ postId, url, state, size, type }) => ({ postId, url, state, size, type })));
          all.onerror = () => fail(all.error);
        };
      }),
  );
  await tab.close();
  return rows;
}

async function setKeepImageCopies(options: Page, on: boolean) {
  await options.evaluate(async (value) => {
    const chrome = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...((settings as object | undefined) ?? {}), keepImageCopies: value } });
  }, on);
}

describe.runIf(run)('image copies in Chromium', () => {
  let session: Session;
  const served: string[] = [];
  beforeAll(async () => {
    session = await launch();
    // X's media CDN, as the real one answers an extension: an image, readable cross-origin.
    await session.context.route('https://pbs.twimg.com/media/**', (route) => {
      served.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', headers: { 'access-control-allow-origin': '*' }, body: PNG });
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('copies the library\u2019s photos when the choice is turned on, each clipped photo right after the clip, and the library shows a copy with X\u2019s media CDN blocked', async () => {
    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/options.html`);
    await options.getByRole('checkbox', { name: 'Keep copies of images', checked: false }).waitFor();

    // Off (the default): a clip copies nothing.
    const html = readFileSync(resolve(HTML_DIR, 'tweetyoink__x-tweet-quote.html'), 'utf8').replace(
      'This is a quote tweet with additional commentary',
      'This is a quote tweet with additional commentary <a href="/hashtag/LGAdigital?src=hashtag_click">#LGAdigital</a>',
    );
    const tab = await openX(session, '/home', page(html));
    await tab.getByRole('button', { name: /Send to LGA guide/ }).click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    await tab.close();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readCopies(session)).toEqual([]);
    expect(served.filter((u) => u.includes('name=medium'))).toEqual([]); // only the X page's own image

    // On: the photo already in the library is copied (the quoted post's, from X's real markup).
    // The choice is set as options leave it once the media permission is granted: that prompt is the
    // browser's own, which a test cannot answer (the options page's part is in ImageCopies.test.tsx).
    await setKeepImageCopies(options, true);
    await options.getByRole('checkbox', { name: 'Keep copies of images', checked: true }).waitFor();
    await expect.poll(() => readCopies(session), { timeout: 15_000 }).toEqual([{ postId: POST, url: PHOTO, state: 'kept', size: PNG.length, type: 'image/png' }]);
    expect(served.filter((u) => u.includes('name=medium'))).toEqual(['https://pbs.twimg.com/media/placeholder_image.jpg?name=medium']);

    // A post clipped now has its four photos copied right after the clip.
    const four = samplePosts.fourPhotos;
    const timeline = await openX(session, '/home', renderTimelinePage([four]));
    await timeline.locator(`[data-lga-post="${four.id}"] button.lga-btn`).click();
    await timeline.waitForSelector(`[data-lga-post="${four.id}"][data-state="saved"]`);
    await timeline.close();
    await expect.poll(async () => (await readCopies(session)).filter((c) => c.postId === four.id && c.state === 'kept').length, { timeout: 15_000 }).toBe(4);

    // From here on, X's media CDN is unreachable.
    await session.context.unroute('https://pbs.twimg.com/media/**');
    const blocked: string[] = [];
    await session.context.route('https://pbs.twimg.com/**', (route) => {
      blocked.push(route.request().url());
      return route.abort();
    });

    const library = await session.context.newPage();
    await library.goto(`chrome-extension://${session.extensionId}/library.html`);
    const article = library.locator(`article[data-post-id="${POST}"]`);
    await article.waitFor();
    const img = article.locator('.post-quoted img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0 && el.currentSrc.startsWith('blob:chrome-extension://')), { timeout: 10_000 }).toBe(true);
    const photos = library.locator(`article[data-post-id="${four.id}"] .post-media img`);
    await photos.first().waitFor();
    await expect.poll(() => photos.evaluateAll((els) => els.map((el) => (el as HTMLImageElement).currentSrc.startsWith('blob:'))), { timeout: 10_000 }).toEqual([true, true, true, true]);
    expect(blocked.filter((u) => u.includes('/media/'))).toEqual([]);

    // Options show the storage used, and the section passes axe.
    await options.reload();
    await options.getByText('Images kept').waitFor();
    expect(await axeViolations(options)).toEqual([]);
    await library.close();
    await options.close();
  });
});
