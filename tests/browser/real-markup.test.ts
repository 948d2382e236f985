import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttons, launch, openX, readClippings, requireBrowser, type Session } from './harness';

/**
 * The built extension in real Chromium on X's own saved markup (../shared/fixtures/x, read in place),
 * with #lgadigital inserted at test time. It also proves the build loads at all: a raw U+FFFF in the
 * content script would make Chromium refuse the whole extension, silently (no worker, no buttons).
 */
const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures/x/html');
const haveShared = existsSync(SHARED);
const run = requireBrowser() && haveShared;
if (!haveShared) console.warn(`Skipping real-markup browser tests: ${SHARED} is absent (a clone without shared/).`);

function page(body: string): string {
  return `<!doctype html><html dir="ltr" lang="en" data-theme="light" style="color-scheme: light;"><head><meta charset="utf-8"><title>X</title></head><body><div id="react-root"><main role="main">${body}</main></div></body></html>`;
}
function real(name: string): string {
  return readFileSync(resolve(SHARED, name), 'utf8');
}

describe.runIf(run)('real X markup in Chromium', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('loads the extension: its worker runs and the content script is ASCII-only', () => {
    expect(session.extensionId).toMatch(/^[a-p]{32}$/);
    const js = readFileSync(resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts/x.js'), 'utf8');
    expect(/[^\x00-\x7f]/.test(js)).toBe(false);
  });

  it('puts one button on a quote post tagged in its own text, saves it, and keeps it saved after reload', async () => {
    const html = real('tweetyoink__x-tweet-quote.html').replace(
      'This is a quote tweet with additional commentary',
      'This is a quote tweet with additional commentary <a href="/hashtag/LGAdigital?src=hashtag_click">#LGAdigital</a>',
    );
    const tab = await openX(session, '/home', page(html));
    await tab.waitForSelector('[data-lga-host][data-state="unsaved"]');
    expect(await buttons(tab)).toEqual([{ postId: '1983130065320780162', pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' }]);

    await tab.getByRole('button', { name: /Send to LGA guide/ }).click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    const saved = tab.getByRole('button', { name: /LGA guide/ });
    expect(await saved.getAttribute('aria-pressed')).toBe('true');
    expect(await saved.getAttribute('aria-label')).toBe('Saved to LGA guide');

    await tab.reload();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    expect((await buttons(tab))[0]?.pressed).toBe('true');

    const [record] = await readClippings(session);
    expect(record?.postId).toBe('1983130065320780162');
    expect(record?.snapshot).toMatchObject({
      postId: '1983130065320780162',
      permalink: 'https://x.com/TestQuoter/status/1983130065320780162',
      author: { handle: 'TestQuoter', name: 'Test Quoter' },
      text: 'This is a quote tweet with additional commentary #LGAdigital',
      postedAt: '2025-10-28T11:13:47.000Z',
      counts: { replies: 2534, reposts: 4483, likes: 25616, bookmarks: 797, views: 2596467 },
      quoted: {
        author: { handle: 'OriginalAuthor' },
        text: 'This is the original quoted tweet content that provides important context and information for the conversation',
        media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/placeholder_image.jpg?name=orig' }],
      },
      pageUrl: 'https://x.com/home',
    });
    await tab.close();
  });

  it('buttons a quote post whose quoted post carries the tag as plain text, and nothing untagged', async () => {
    const tagged = real('tweetyoink__x-tweet-quote-video.html').replace(
      'your link is copied instantly.',
      'your link is copied instantly. #lgadigital',
    );
    const untagged = real('tweetyoink__x-tweet-sample.html');
    const tab = await openX(session, '/search', page(tagged + untagged));
    await tab.waitForSelector('[data-lga-host]');
    await tab.waitForTimeout(300);
    const found = await buttons(tab);
    expect(found.map((b) => b.postId)).toEqual(['1983128852952998358']);
    expect(session.errors).toEqual([]);
    await tab.close();
  });
});
