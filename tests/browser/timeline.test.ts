import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectedButtons, renderPost, renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';
import { buttons, launch, openX, readClippings, requireBrowser, type Session } from './harness';

/**
 * The built extension in Chromium on X-shaped pages from our own fixtures: the whole app shell,
 * every kind of post, and X's ways of recycling, re-rendering and replacing its DOM.
 */
const run = requireBrowser();
const all = Object.values(samplePosts);
const S = samplePosts;

async function settle(page: Page) {
  // Two animation frames and a round trip to the background.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))));
}
const host = (id: string) => `[data-lga-host][data-lga-post="${id}"]`;
async function press(page: Page, id: string, to: 'saved' | 'unsaved') {
  await page.locator(`${host(id)} button.lga-btn`).click();
  await page.waitForSelector(`${host(id)}[data-state="${to}"]`);
}

describe.runIf(run)('timelines made from our X fixtures, in Chromium', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('puts exactly one button on every tagged post, and none elsewhere, including posts far off screen', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(host(S.taggedLink.id));
    await settle(page);
    const found = await buttons(page);
    expect(found.map((b) => b.postId).sort()).toEqual([...expectedButtons].sort());
    for (const b of found) expect(b).toMatchObject({ pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' });
    // Off-screen posts are decorated too (the page is far taller than the window).
    expect(await page.evaluate(() => document.documentElement.scrollHeight > 3 * innerHeight)).toBe(true);
    await page.close();
  });

  it('clips posts of every kind into faithful records', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    const kinds = [S.fourPhotos, S.quotesTagged, S.repost, S.hashflag, S.showMore, S.gif, S.card, S.reply];
    for (const p of kinds) await press(page, p.id, 'saved');
    const records = new Map((await readClippings(session)).map((r) => [r.postId, r.snapshot]));
    expect(records.get(S.fourPhotos.id)).toMatchObject({
      postId: S.fourPhotos.id,
      permalink: `https://x.com/ExampleBoroCncl/status/${S.fourPhotos.id}`,
      author: { handle: 'ExampleBoroCncl' },
      text: 'Before and after: the new play area at Meadow Park #lgadigital',
      postedAt: S.fourPhotos.postedAt,
      media: S.fourPhotos.photos!.map((p) => ({ type: 'photo', url: p.url.replace('name=small', 'name=orig'), altText: p.alt })),
      pageUrl: 'https://x.com/home',
    });
    expect(records.get(S.quotesTagged.id)?.quoted).toMatchObject({ author: { handle: 'WestvaleDC' }, text: expect.stringContaining('#lgadigital') });
    expect(records.get(S.repost.id)?.repostedBy).toEqual({ name: 'Example Borough Council', handle: 'ExampleBoroCncl' });
    expect(records.get(S.showMore.id)?.truncated).toBe(true);
    expect(records.get(S.gif.id)?.media).toEqual([{ type: 'gif', posterUrl: S.gif.gif!.poster, videoUrl: S.gif.gif!.src }]);
    expect(records.get(S.card.id)?.card).toMatchObject({ url: 'https://t.co/l0calp1an', domain: 'example.gov.uk' });
    expect(records.get(S.reply.id)?.replyTo).toEqual({ handles: ['ExampleBoroCncl'] });
    await page.close();
  });

  it('shows the saved state on first paint after a reload: a saved post is never shown unsaved first', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);
    await page.addInitScript((id) => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => {
        const state = document.querySelector(`[data-lga-post="${id}"]`)?.getAttribute('data-state');
        if (state && seen[seen.length - 1] !== state) seen.push(state);
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    }, S.fourPhotos.id);
    await page.reload();
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);
    const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
    expect(states).not.toContain('unsaved');
    expect(states[states.length - 1]).toBe('saved');
    await page.close();
  });

  it('survives X recycling: a cell removed and re-added, an article re-rendered in place, an article reused for other posts', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);

    await page.evaluate((id) => (window as any).__x.removeCell(id), S.fourPhotos.id);
    await page.evaluate((id) => (window as any).__x.readdCell(id), S.fourPhotos.id);
    await settle(page);
    expect((await buttons(page)).filter((b) => b.postId === S.fourPhotos.id)).toEqual([
      { postId: S.fourPhotos.id, pressed: 'true', label: 'Saved to LGA guide', state: 'saved' },
    ]);

    // React re-renders the article in place: attributes, text and children replaced (our button goes too).
    await page.evaluate(([id, html]) => (window as any).__x.rerender(id, html), [S.fourPhotos.id, renderPost(S.fourPhotos)] as const);
    await settle(page);
    expect((await buttons(page)).filter((b) => b.postId === S.fourPhotos.id)).toHaveLength(1);
    expect((await buttons(page)).find((b) => b.postId === S.fourPhotos.id)?.pressed).toBe('true');

    // The saved post's article is reused for another tagged post: the button follows the new post.
    await page.evaluate(([id, html]) => (window as any).__x.reuse(id, html), [S.fourPhotos.id, renderPost({ ...S.emoji, id: '1999999999999999991' })] as const);
    await settle(page);
    let now = await buttons(page);
    expect(now.find((b) => b.postId === S.fourPhotos.id)).toBeUndefined();
    expect(now.filter((b) => b.postId === '1999999999999999991')).toEqual([{ postId: '1999999999999999991', pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' }]);

    // …and then for an untagged post: the button goes.
    await page.evaluate(([id, html]) => (window as any).__x.reuse(id, html), ['1999999999999999991', renderPost({ ...S.untagged, id: '1999999999999999992' })] as const);
    await settle(page);
    now = await buttons(page);
    expect(now.map((b) => b.postId)).not.toContain('1999999999999999991');
    expect(now.map((b) => b.postId)).not.toContain('1999999999999999992');
    expect(now).toHaveLength(expectedButtons.length - 1);
    await page.close();
  });

  it('keeps up with SPA navigation, back and forward', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);
    const searchResults = [S.fourPhotos, S.hashflag, S.untagged].map((p, i) => renderPost(p, i * 320));
    await page.evaluate((list) => (window as any).__x.navigate('/search?q=%23lgadigital', list), searchResults);
    await settle(page);
    expect((await buttons(page)).map((b) => [b.postId, b.pressed])).toEqual([
      [S.fourPhotos.id, 'true'],
      [S.hashflag.id, 'true'],
    ]);
    await page.goBack();
    await settle(page);
    expect((await buttons(page)).map((b) => b.postId).sort()).toEqual([...expectedButtons].sort());
    await page.goForward();
    await settle(page);
    expect((await buttons(page)).map((b) => b.postId)).toEqual([S.fourPhotos.id, S.hashflag.id]);
    await page.close();
  });

  it('decorates a thousand posts appended in batches per frame, without shifting X\'s layout', async () => {
    // One tagged post first, and its button awaited: the content script is running (it starts once the
    // background has sent its language), so what follows is X appending posts to a decorated page. Posts
    // painted before the script starts get their buttons after that paint, which is not this case.
    const first = { ...S.taggedLink, id: '1799999999999999999' };
    const page = await openX(session, '/home', renderTimelinePage([first]));
    await page.waitForSelector(`${host(first.id)}[data-state="unsaved"]`);
    await page.evaluate(() => {
      (window as unknown as { __shift: number }).__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>) (window as unknown as { __shift: number }).__shift += e.value;
      }).observe({ type: 'layout-shift' }); // from now: the first post's own button came after its first paint
    });
    const many = Array.from({ length: 1000 }, (_, i) => renderPost({ ...(i % 2 ? S.untagged : S.taggedLink), id: String(1800000000000000000n + BigInt(i)) }, 0));
    await page.evaluate((list) => (window as any).__x.append(list, 20), many);
    await settle(page);
    const found = (await buttons(page)).filter((b) => b.postId !== first.id);
    expect(found).toHaveLength(500);
    expect(new Set(found.map((b) => b.postId)).size).toBe(500);
    expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift)).toBe(0);
    await page.close();
  });

  it('is a real button in X\'s tab order, with a visible focus ring and a tooltip', async () => {
    const page = await openX(session, '/home', renderTimelinePage([S.taggedLink]));
    await page.waitForSelector(host(S.taggedLink.id));
    await settle(page);
    await page.focus('[aria-label="Share post"]');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const tip = getComputedStyle(el, '::after');
      return { tag: el.tagName, name: el.getAttribute('aria-label'), outline: style.outlineStyle, tip: tip.content, tipOpacity: tip.opacity };
    });
    expect(focused).toMatchObject({ tag: 'BUTTON', name: 'Send to LGA guide', outline: 'solid', tip: '"Send to LGA guide"' });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${host(S.taggedLink.id)}[data-state="saved"]`);
    expect(page.url()).toBe('https://x.com/home'); // the press did not open the post
    await page.close();
  });

  it('fits X\'s light, dim and dark themes', async () => {
    const colours: string[] = [];
    for (const theme of ['light', 'dim', 'dark'] as const) {
      const page = await openX(session, `/home-${theme}`, renderTimelinePage([S.upperCase], { theme }));
      await page.waitForSelector(`${host(S.upperCase.id)}[data-state="unsaved"]`);
      colours.push(await page.$eval(`${host(S.upperCase.id)} button.lga-btn`, (b) => getComputedStyle(b).color));
      await page.close();
    }
    expect(colours).toEqual(['rgb(83, 100, 113)', 'rgb(139, 152, 165)', 'rgb(113, 118, 123)']);
  });

  it('follows the colour scheme X sets on its page even without a theme attribute', async () => {
    // The button's colours follow the color-scheme X puts in its root's style (inherited), not a
    // selector on that style attribute, which cost X's page style work whenever it changed any inline style.
    const dark = renderTimelinePage([S.upperCase], { theme: 'dim' }).replace(' data-theme="dim"', '');
    const page = await openX(session, '/home-scheme', dark);
    await page.waitForSelector(`${host(S.upperCase.id)}[data-state="unsaved"]`);
    const colour = () => page.$eval(`${host(S.upperCase.id)} button.lga-btn`, (b) => getComputedStyle(b).color);
    expect(await colour()).toBe('rgb(139, 152, 165)');
    // X switched to its light scheme while the page is open: the button follows at once.
    await page.evaluate(() => document.documentElement.style.setProperty('color-scheme', 'light'));
    expect(await colour()).toBe('rgb(83, 100, 113)');
    await page.close();
  });

  it('raised no error on any page', () => {
    expect(session.errors).toEqual([]);
  });
});
