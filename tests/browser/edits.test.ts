import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, launch, openX, readClippings, requireBrowser, type Session } from './harness';
import { HTML_DIR, realFixturesAvailable } from '../fixtures/x/real.mjs';

/**
 * An edited post re-clipped, in real Chromium on X's own saved markup: the clipping keeps both texts,
 * and the library shows the earlier one under "Edited: 1 earlier version".
 */
const run = requireBrowser() && realFixturesAvailable();
const POST = '1983130065320780162';
const ORIGINAL = 'This is a quote tweet with additional commentary';

function page(body: string): string {
  return `<!doctype html><html dir="ltr" lang="en" data-theme="light" style="color-scheme: light;"><head><meta charset="utf-8"><title>X</title></head><body><div id="react-root"><main role="main">${body}</main></div></body></html>`;
}

/** X's saved quote post with #LGAdigital in its text, and the rest of its text as given. */
function quotePost(text: string): string {
  const html = readFileSync(resolve(HTML_DIR, 'tweetyoink__x-tweet-quote.html'), 'utf8');
  if (!html.includes(ORIGINAL)) throw new Error('the saved page no longer has the text this test edits');
  return page(html.replace(ORIGINAL, `${text} <a href="/hashtag/LGAdigital?src=hashtag_click">#LGAdigital</a>`));
}

describe.runIf(run)('an edited post re-clipped', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('keeps both texts, and the library shows the earlier one', async () => {
    let tab = await openX(session, '/home', quotePost(ORIGINAL));
    await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    await tab.close();

    // The author edits the post; the user sees it again, removes it and sends it again.
    const edited = 'This is a quote tweet with corrected commentary';
    tab = await openX(session, '/home', quotePost(edited));
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    await tab.getByRole('button', { name: 'Saved to LGA guide' }).click();
    await tab.waitForSelector('[data-lga-host][data-state="unsaved"]');
    await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    expect(await buttons(tab)).toEqual([{ postId: POST, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' }]);
    await tab.close();

    const [record] = await readClippings(session);
    expect(record?.snapshot.text).toBe(`${edited} #LGAdigital`);
    expect(record?.versions).toHaveLength(1);
    expect(record?.versions[0]).toMatchObject({ text: `${ORIGINAL} #LGAdigital` });
    expect(Date.parse(record?.versions[0].capturedAt)).toBeLessThan(Date.parse(record?.snapshot.capturedAt));

    const library = await session.context.newPage();
    await library.goto(`chrome-extension://${session.extensionId}/library.html`);
    const article = library.locator('article', { hasText: edited });
    await article.getByText('Edited: 1 earlier version').click();
    await expect.poll(() => article.locator('details[open]').getByText(`${ORIGINAL} #LGAdigital`).isVisible()).toBe(true);
    expect(session.errors).toEqual([]);
    await library.close();
  });
});
