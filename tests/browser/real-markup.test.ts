import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buttons, launch, openX, readClippings, requireBrowser, type Session } from './harness';
import { HTML_DIR, cellOf, loadRealPage, realFixturesAvailable, postOf, realShellWith, withArticleHashtag, withHashtag, withPhotos, withPostId, withRepost, withShowMore } from '../fixtures/x/real.mjs';
import { installXApp } from '../fixtures/x/posts.mjs';

/**
 * The built extension in real Chromium on X's own saved markup (../shared/fixtures/x, read in place),
 * with #lgadigital inserted at test time. It also proves the build loads at all: a raw U+FFFF in the
 * content script would make Chromium refuse the whole extension, silently (no worker, no buttons).
 */
const SHARED = HTML_DIR;
const run = requireBrowser() && realFixturesAvailable();

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

  it('keeps Dexie, Preact and valibot out of the content script', () => {
    const js = readFileSync(resolve(import.meta.dirname, '../../.output/chrome-mv3/content-scripts/x.js'), 'utf8');
    // Markers each library leaves in a minified build (found in background.js and the pages' chunk).
    for (const marker of ['Dexie', 'IDBKeyRange', 'valibot', '__H']) expect(js.includes(marker), marker).toBe(false);
  });
});

/*
 * Every clipping case, each on X's real saved markup (read in place, variants
 * derived here): the whole app shell (the saved post page, its timeline holding real cells), every
 * surface, every form of the tag and the non-matches, quoted posts with the tag as plain text,
 * reposts, hashflags, four photos, "Show more", recycled cells, in-place re-renders, reused
 * articles, SPA navigation with back and forward, and reload.
 */
const Q = () => loadRealPage('quote'); // timeline quote post; its quoted post has a photo
const QV = () => loadRealPage('quoteVideo'); // quote post; its quoted post has a video
const S = () => loadRealPage('sample'); // a focal post with a link card
const QUOTED_ID = '1983129251856470493'; // the post quote.html quotes (its photo link names it)
/** A post id of our own, for derived variants. */
const pid = (n: number) => String(1990000000000000000n + BigInt(n));

/** A timeline cell of real markup: `html` given another post id, optionally tagged. */
function cell(html: string, id?: string): string {
  return cellOf(id ? withPostId(html, id) : html);
}

/** X's window.__x (tests/fixtures/x/posts.mjs: recycling, re-rendering, reuse, navigation) on the real shell. */
const X_APP = `(${installXApp.toString()})(window);`;
function shell(cells: string[], timelineLabel = 'Timeline: Your Home Timeline'): string {
  return realShellWith(cells, { timelineLabel, script: X_APP });
}

async function settle(page: Page) {
  // Two animation frames and a round trip to the background.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))));
}
const host = (id: string) => `[data-lga-host][data-lga-post="${id}"]`;
async function press(page: Page, id: string, to: 'saved' | 'unsaved') {
  await page.locator(`${host(id)} button.lga-btn`).click();
  await page.waitForSelector(`${host(id)}[data-state="${to}"]`);
}
const ids = async (page: Page) => (await buttons(page)).map((b) => b.postId);

describe.runIf(run)("every clipping case on X's real markup, in Chromium", () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
    // The saved shell still names X's own scripts and hashflag images on abs.twimg.com: never fetched here.
    await session.context.route('https://abs.twimg.com/**', (route) => route.abort());
    // The extension's service worker (and any that replaces it) must log no error either.
    const watch = (worker: typeof session.worker) => worker.on('console', (msg) => msg.type() === 'error' && workerErrors.push(msg.text()));
    watch(session.worker);
    session.context.on('serviceworker', watch);
  });
  const workerErrors: string[] = [];
  afterAll(async () => {
    await session?.close();
  });

  /** Serves `html` at `path` (its query ignored when serving) and opens it. */
  async function open(path: string, html: string): Promise<Page> {
    session.pages.set(new URL(path, 'https://x.com').pathname, html);
    const page = await session.context.newPage();
    await page.goto(`https://x.com${path}`);
    await settle(page);
    return page;
  }

  it('puts one button on each tagged post, whatever form the tag takes, and none on the non-matches', async () => {
    const yes: Array<[number, Parameters<typeof withHashtag>[1]]> = [
      [1, { form: 'link' }],
      [2, { form: 'absolute' }],
      [3, { form: 'encoded' }],
      [4, { form: 'hashflag' }],
      [5, { form: 'text' }], // pasted text
      [6, { form: 'link', tag: 'LGADigital' }], // any letter case
      [7, { form: 'text', tag: 'LgaDigital', position: 'start' }],
      [8, { form: 'text', where: 'quoted' }], // X writes a quoted post's hashtags as plain text
      [9, { form: 'encoded', tag: 'LGADIGITAL', where: 'quoted' }],
    ];
    const no: Array<[number, Parameters<typeof withHashtag>[1]]> = [
      [21, { form: 'link', tag: 'lgadigital2015' }],
      [22, { form: 'text', tag: 'lgadigital2015' }],
      [23, { form: 'text', tag: 'notlgadigital' }],
      [24, { form: 'link', tag: 'notlgadigital' }],
      [25, { form: 'word' }], // lgadigital without #
      [26, { form: 'word', where: 'quoted' }],
    ];
    const cells = [...yes, ...no].map(([n, options]) => cell(withHashtag(Q(), options), pid(n)));
    cells.push(cell(S()), cell(QV())); // untagged real posts
    const page = await open('/home', shell(cells));
    await page.waitForSelector(host(pid(1)));
    const found = await buttons(page);
    expect(found.map((b) => b.postId).sort()).toEqual(yes.map(([n]) => pid(n)).sort());
    for (const b of found) expect(b).toMatchObject({ pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' });
    // Each sits in its post's own action bar.
    expect(await page.$$eval('[data-lga-host]', (hs) => hs.every((h) => h.parentElement?.matches('[role="group"]') && h.closest('article') !== null))).toBe(true);
    await page.close();
  });

  const surfaces: Array<{ name: string; path: string; label: string }> = [
    { name: 'home', path: '/home', label: 'Timeline: Your Home Timeline' },
    { name: 'a list', path: '/i/lists/1712345678901234567', label: 'Timeline: Council comms' },
    { name: 'a community', path: '/i/communities/1612345678901234567', label: 'Timeline: Community' },
    { name: 'search', path: '/search?q=%23lgadigital&src=typed_query&f=live', label: 'Timeline: Search timeline' },
    { name: 'a hashtag page', path: '/hashtag/lgadigital?src=hashtag_click', label: 'Timeline: Search timeline' },
    { name: 'a profile', path: '/TestQuoter', label: 'Timeline: Test Quoter’s posts' },
  ];
  for (const surface of surfaces) {
    it(`decorates every tagged post on ${surface.name} (${surface.path})`, async () => {
      const cells = [cell(withHashtag(Q()), pid(31)), cell(S()), cell(withHashtag(QV(), { form: 'text', where: 'quoted' })), cell(withHashtag(S(), { form: 'hashflag' }), pid(32))];
      const page = await open(surface.path, shell(cells, surface.label));
      await page.waitForSelector(host(pid(31)));
      expect((await ids(page)).sort()).toEqual([pid(31), postOf(QV()).postId, pid(32)].sort());
      await page.close();
    });
  }

  it('on a post page, buttons the focal post and the tagged replies, and a tag only in a reply buttons only the reply', async () => {
    const focal = postOf(S()).postId;
    const replies = [cell(withHashtag(Q()), pid(41)), cell(Q(), pid(42)), cell(withHashtag(QV(), { form: 'absolute' }))];
    let page = await open(`/TestUser123/status/${focal}`, realShellWith([cell(withHashtag(S())), ...replies], { keepFocal: false }));
    await page.waitForSelector(host(pid(41)));
    expect((await ids(page)).sort()).toEqual([focal, pid(41), postOf(QV()).postId].sort());
    await page.close();

    page = await open(`/TestUser123/status/${focal}`, realShellWith([cell(S()), ...replies], { keepFocal: false }));
    await page.waitForSelector(host(pid(41)));
    expect((await ids(page)).sort()).toEqual([pid(41), postOf(QV()).postId].sort());
    await page.close();
  });

  it('buttons an X Article tagged in its body on the whole saved post page, and clips its title and body', async () => {
    const ARTICLE_ID = '2013045749580259680';
    const untagged = await open(`/arscontexta/status/${ARTICLE_ID}`, shell([], 'Timeline: Conversation'));
    expect(await buttons(untagged)).toEqual([]);
    await untagged.close();

    const page = await open(`/arscontexta/status/${ARTICLE_ID}`, withArticleHashtag(shell([cell(withHashtag(Q()), pid(45))], 'Timeline: Conversation'), { form: 'text', tag: 'LGAdigital' }));
    await page.waitForSelector(host(ARTICLE_ID));
    expect((await ids(page)).sort()).toEqual([ARTICLE_ID, pid(45)].sort());
    await press(page, ARTICLE_ID, 'saved');
    const record = (await readClippings(session)).find((r) => r.postId === ARTICLE_ID);
    expect(record?.snapshot).toMatchObject({
      postId: ARTICLE_ID,
      permalink: `https://x.com/arscontexta/status/${ARTICLE_ID}`,
      author: { handle: 'arscontexta', name: 'Heinrich' },
      isArticle: true,
      postedAt: '2026-01-19T00:28:01.000Z',
      media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/G-_GGKzXkAAHz_w?format=jpg&name=orig' }],
    });
    expect(record?.snapshot.text).toMatch(/^obsidian \+ claude code 101\n\nive spent the last year .* #LGAdigital\n/);
    await page.close();
  });

  it('clips reposts, hashflags, four photos, "Show more" and quotes tagged as plain text into faithful records', async () => {
    const photos = [1, 2, 3, 4].map((n) => ({ url: `https://pbs.twimg.com/media/GlgaPhoto${n}?format=jpg&name=small`, alt: `Gritter number ${n} at the depot` }));
    const posts = {
      fourPhotos: cell(withPhotos(withHashtag(S()), photos), pid(51)),
      repost: cell(withRepost(withHashtag(QV()), { name: 'Example Borough Council', handle: 'ExampleBoroCncl' }), pid(52)),
      hashflag: cell(withHashtag(Q(), { form: 'hashflag', tag: 'LGAdigital' }), pid(53)),
      showMore: cell(withShowMore(withHashtag(QV(), { position: 'start' })), pid(54)),
      quotedText: cell(withHashtag(Q(), { form: 'text', where: 'quoted' }), pid(55)),
    };
    const page = await open('/home', shell(Object.values(posts)));
    for (const n of [51, 52, 53, 54, 55]) {
      await press(page, pid(n), 'saved');
      // Pressed at once: the button's state and words say so.
      expect(await page.locator(`${host(pid(n))} button.lga-btn`).getAttribute('aria-pressed')).toBe('true');
    }
    const records = new Map((await readClippings(session)).map((r) => [r.postId as string, r.snapshot]));

    expect(records.get(pid(51))).toMatchObject({
      postId: pid(51),
      permalink: `https://x.com/TestUser123/status/${pid(51)}`,
      author: { handle: 'TestUser123' },
      text: expect.stringMatching(/#lgadigital$/),
      postedAt: expect.stringMatching(/^2025-10-2\dT/),
      media: photos.map((p) => ({ type: 'photo', url: p.url.replace('name=small', 'name=orig'), altText: p.alt })),
      pageUrl: 'https://x.com/home',
    });
    expect(records.get(pid(52))).toMatchObject({
      postId: pid(52),
      permalink: `https://x.com/QuotingUser/status/${pid(52)}`,
      author: { handle: 'QuotingUser' },
      repostedBy: { name: 'Example Borough Council', handle: 'ExampleBoroCncl' },
      text: expect.stringContaining('#lgadigital'),
      quoted: { media: [expect.objectContaining({ type: 'video' })] },
    });
    expect(records.get(pid(53))).toMatchObject({
      postId: pid(53),
      author: { handle: 'TestQuoter' },
      text: 'This is a quote tweet with additional commentary #LGAdigital',
      entities: { hashtags: expect.arrayContaining([expect.stringMatching(/^lgadigital$/i)]) },
      postedAt: '2025-10-28T11:13:47.000Z',
      quoted: { postId: QUOTED_ID, media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/placeholder_image.jpg?name=orig' }] },
    });
    expect(records.get(pid(54))).toMatchObject({ postId: pid(54), truncated: true, text: expect.stringMatching(/^#lgadigital /) });
    expect(records.get(pid(55))).toMatchObject({
      postId: pid(55),
      permalink: `https://x.com/TestQuoter/status/${pid(55)}`,
      quoted: { postId: QUOTED_ID, author: { handle: 'OriginalAuthor' }, text: expect.stringMatching(/#lgadigital$/) },
    });
    await page.close();
  });

  it('keeps exactly one right button through recycled cells, in-place re-renders, reused articles and a reload', async () => {
    const A = pid(61);
    const B = pid(62);
    const tagged = withHashtag(Q());
    const cells = [cell(tagged, A), cell(withHashtag(S(), { form: 'encoded' }), B), cell(QV())];
    const page = await open('/home', shell(cells));
    await page.waitForSelector(host(A));
    await press(page, A, 'saved');
    const one = async (id: string) => (await buttons(page)).filter((b) => b.postId === id);

    // A cell scrolled out of X's window and back: the same node, re-added.
    expect(await page.evaluate((id) => (window as any).__x.removeCell(id), A)).toBe(true);
    await settle(page);
    expect(await one(A)).toEqual([]);
    expect(await page.evaluate((id) => (window as any).__x.readdCell(id), A)).toBe(true);
    await settle(page);
    expect(await one(A)).toEqual([{ postId: A, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' }]);

    // React re-renders the article in place: attributes, text and children replaced (our node goes too)…
    expect(await page.evaluate(([id, html]) => (window as any).__x.rerender(id, html), [A, cell(tagged, A)] as const)).toBe(true);
    await settle(page);
    expect(await one(A)).toEqual([{ postId: A, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' }]);
    // …or patches it, leaving our node where it was.
    expect(await page.evaluate(([id, html]) => (window as any).__x.rerender(id, html, { keepForeign: true }), [A, cell(tagged, A)] as const)).toBe(true);
    await settle(page);
    expect(await one(A)).toHaveLength(1);

    // The article is reused for another tagged post: the button follows it, unsaved.
    const C = pid(63);
    expect(await page.evaluate(([id, html]) => (window as any).__x.reuse(id, html), [A, cell(withHashtag(QV(), { form: 'hashflag' }), C)] as const)).toBe(true);
    await settle(page);
    expect(await one(A)).toEqual([]);
    expect(await one(C)).toEqual([{ postId: C, pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' }]);
    // …and then for an untagged post: the button goes.
    expect(await page.evaluate(([id, html]) => (window as any).__x.reuse(id, html), [C, cell(S(), pid(64))] as const)).toBe(true);
    await settle(page);
    expect((await ids(page)).sort()).toEqual([B]);
    // Back to the saved post: saved at once.
    expect(await page.evaluate(([id, html]) => (window as any).__x.reuse(id, html), [pid(64), cell(tagged, A)] as const)).toBe(true);
    await settle(page);
    expect(await one(A)).toEqual([{ postId: A, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' }]);

    await page.reload();
    await page.waitForSelector(`${host(A)}[data-state="saved"]`);
    await settle(page);
    expect(await buttons(page)).toEqual([
      { postId: A, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' },
      { postId: B, pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' },
    ]);
    await page.close();
  });

  it('follows SPA navigation (pushState), back and forward, with the saved state right', async () => {
    const A = pid(71);
    const D = pid(72);
    const E = pid(73);
    const page = await open('/home', shell([cell(withHashtag(Q()), A), cell(withHashtag(S()), D)]));
    await page.waitForSelector(host(A));
    await press(page, A, 'saved');

    await page.evaluate((list) => (window as any).__x.navigate('/search?q=%23lgadigital', list), [cell(withHashtag(S(), { form: 'absolute' }), E), cell(QV()), cell(withHashtag(Q(), { form: 'text' }), A)]);
    await settle(page);
    expect(page.url()).toBe('https://x.com/search?q=%23lgadigital');
    expect((await buttons(page)).map((b) => [b.postId, b.pressed])).toEqual([
      [E, 'false'],
      [A, 'true'],
    ]);
    await press(page, E, 'saved');

    await page.goBack();
    await settle(page);
    expect(page.url()).toBe('https://x.com/home');
    expect((await buttons(page)).map((b) => [b.postId, b.pressed])).toEqual([
      [A, 'true'],
      [D, 'false'],
    ]);
    await page.goForward();
    await settle(page);
    expect((await buttons(page)).map((b) => [b.postId, b.pressed])).toEqual([
      [E, 'true'],
      [A, 'true'],
    ]);
    await page.close();
  });

  it('shows saved apart from unsaved in shape and words, not colour alone, also in forced colours', async () => {
    const page = await open('/home', shell([cell(withHashtag(Q()), pid(81)), cell(withHashtag(S()), pid(82))]));
    await page.waitForSelector(host(pid(82)));
    await press(page, pid(81), 'saved');
    const look = (id: string) =>
      page.$eval(`${host(id)} button.lga-btn`, (b) => {
        const style = getComputedStyle(b);
        const icon = b.querySelector('.lga-icon')!;
        const drawn = getComputedStyle(icon);
        return {
          icon: drawn.maskImage || drawn.webkitMaskImage,
          iconHidden: icon.getAttribute('aria-hidden'),
          iconBox: `${drawn.width} ${drawn.height}`,
          iconColour: drawn.backgroundColor,
          colour: style.color,
          words: (b as HTMLElement).innerText.trim(),
          border: `${style.borderTopStyle} ${style.borderTopWidth}`,
        };
      });
    const [saved, unsaved] = [await look(pid(81)), await look(pid(82))];
    expect(saved.icon).not.toBe(unsaved.icon);
    for (const look of [saved, unsaved]) {
      // An icon is shown, in the button's colour, and hidden from assistive technology.
      expect(look.icon).toMatch(/^url\("data:image\/svg\+xml,/);
      expect(look.iconHidden).toBe('true');
      expect(look.iconBox).toBe('18.75px 18.75px');
      expect(look.iconColour).toBe(look.colour);
    }
    expect(saved.words).toBe('Saved');
    expect(unsaved.words).toBe('');
    await page.emulateMedia({ forcedColors: 'active' });
    const [fSaved, fUnsaved] = [await look(pid(81)), await look(pid(82))];
    expect(fUnsaved.border).toBe('solid 1px');
    expect(fSaved.border).toBe('solid 2px');
    expect(fSaved.words).toBe('Saved');
    expect(fSaved.icon).not.toBe(fUnsaved.icon);
    // In forced colours the icon keeps the button's system colour, not the page's background.
    expect(fUnsaved.iconColour).toBe(fUnsaved.colour);
    expect(fSaved.iconColour).toBe(fSaved.colour);
    expect(fSaved.iconColour).not.toBe(fUnsaved.iconColour);
    await page.close();
  });

  it('raised no console error and no page error on any page, nor in the service worker', () => {
    expect(session.errors).toEqual([]);
    expect(workerErrors).toEqual([]);
  });
});
