import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedButtons, renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';
import { buttons, chooseContextMenuItem, fireShortcut, host, launch, openX, readClippings, requireFirefox, settle, type Session } from './harness';

/**
 * The Firefox build in firefox-esr on X-shaped pages from our own fixtures: the right buttons, a
 * press that saves, and the saved state after a reload.
 */
const run = requireFirefox();
const all = Object.values(samplePosts);
const S = samplePosts;

describe.runIf(run)('timelines made from our X fixtures, in Firefox', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('puts exactly one button on every tagged post, and none elsewhere', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(`${host(S.taggedLink.id)}[data-state="unsaved"]`);
    await settle(page);
    const found = await buttons(page);
    expect(found.map((b) => b.postId).sort()).toEqual([...expectedButtons].sort());
    for (const b of found) expect(b).toMatchObject({ pressed: 'false', label: 'Send to LGA guide', state: 'unsaved' });
    await page.close();
  });

  it('saves a pressed post into a faithful record, and says so on the button', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    for (const p of [S.fourPhotos, S.quotesTagged, S.emoji]) {
      await page.click(`${host(p.id)} button.lga-btn`);
      await page.waitForSelector(`${host(p.id)}[data-state="saved"]`);
    }
    expect((await buttons(page)).find((b) => b.postId === S.fourPhotos.id)).toMatchObject({ pressed: 'true', label: 'Saved to LGA guide' });
    const records = new Map((await readClippings(session)).map((r) => [r.postId, r.snapshot]));
    expect([...records.keys()].sort()).toEqual([S.fourPhotos.id, S.quotesTagged.id, S.emoji.id].sort());
    expect(records.get(S.fourPhotos.id)).toMatchObject({
      postId: S.fourPhotos.id,
      permalink: `https://x.com/ExampleBoroCncl/status/${S.fourPhotos.id}`,
      author: { handle: 'ExampleBoroCncl' },
      text: 'Before and after: the new play area at Meadow Park #lgadigital',
      media: S.fourPhotos.photos!.map((p) => ({ type: 'photo', url: p.url.replace('name=small', 'name=orig'), altText: p.alt })),
      pageUrl: 'https://x.com/home',
    });
    expect(records.get(S.quotesTagged.id)?.quoted).toMatchObject({ author: { handle: 'WestvaleDC' } });
    expect(records.get(S.emoji.id)?.text).toContain('🎉');
    await page.close();
  });

  it('shows the saved state after a reload, and a saved post is never shown unsaved first', async () => {
    const page = await openX(session, '/home', renderTimelinePage(all));
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);
    await page.evaluateOnNewDocument((id: string) => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => {
        const state = document.querySelector(`[data-lga-post="${id}"]`)?.getAttribute('data-state');
        if (state && seen[seen.length - 1] !== state) seen.push(state);
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    }, S.fourPhotos.id);
    await page.reload();
    await page.waitForSelector(`${host(S.fourPhotos.id)}[data-state="saved"]`);
    await page.waitForSelector(`${host(S.taggedLink.id)}[data-state="unsaved"]`);
    const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
    expect(states).not.toContain('unsaved');
    expect(states[states.length - 1]).toBe('saved');
    const saved = (await buttons(page)).filter((b) => b.state === 'saved').map((b) => b.postId);
    expect(saved.sort()).toEqual([S.fourPhotos.id, S.quotesTagged.id, S.emoji.id].sort());
    await page.close();
  });

  it('tells every open X tab: a post saved in one tab shows saved in another', async () => {
    const one = await openX(session, '/home', renderTimelinePage(all));
    const two = await openX(session, '/search', renderTimelinePage(all, { path: '/search' }));
    await two.waitForSelector(`${host(S.repost.id)}[data-state="unsaved"]`);
    await one.bringToFront();
    await one.click(`${host(S.repost.id)} button.lga-btn`);
    await one.waitForSelector(`${host(S.repost.id)}[data-state="saved"]`);
    await two.waitForSelector(`${host(S.repost.id)}[data-state="saved"]`);
    await one.close();
    await two.close();
  });

  it('clips the focused post when the keyboard shortcut (Alt+Shift+G) fires, and says why not on an untagged post', async () => {
    const page = await openX(session, '/shortcut', renderTimelinePage([S.taggedLink, S.untagged, S.card]));
    await page.waitForSelector(`${host(S.card.id)}[data-state="unsaved"]`);
    await page.bringToFront();
    await page.focus(`article:has([href$="/status/${S.card.id}"])`);
    expect(await fireShortcut(session)).toEqual({ modifiers: 'alt,shift', key: 'G' });
    await page.waitForSelector(`${host(S.card.id)}[data-state="saved"]`);
    expect((await buttons(page)).find((b) => b.postId === S.taggedLink.id)?.state).toBe('unsaved');

    await page.focus(`article:has([href$="/status/${S.untagged.id}"])`);
    await fireShortcut(session);
    await page.waitForFunction(() => [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent?.startsWith('Nothing clipped')));
    expect((await readClippings(session)).map((r) => r.postId)).not.toContain(S.untagged.id);
    await page.close();
  });

  it('clips the right-clicked post from the context menu item, shown on X', async () => {
    const page = await openX(session, '/menu', renderTimelinePage([S.taggedLink, S.untagged, S.gif]));
    await page.waitForSelector(`${host(S.gif.id)}[data-state="unsaved"]`);
    await page.bringToFront();
    await page.click(`article:has([href$="/status/${S.gif.id}"]) [data-testid="tweetText"]`, { button: 'right' });
    expect(await chooseContextMenuItem(session)).toEqual(['Send to LGA guide']);
    await page.waitForSelector(`${host(S.gif.id)}[data-state="saved"]`);
    expect((await buttons(page)).find((b) => b.postId === S.taggedLink.id)?.state).toBe('unsaved');
    await page.close();
  });

  it('raised no error on any page', () => {
    expect(session.errors).toEqual([]);
  });
});
