import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buttons, launch, openX, readClippings, requireBrowser, type Session } from './harness';

/**
 * What happens around a press: removal with Undo, other tabs and the popup hearing of it, the
 * service worker stopped by the browser, the keyboard shortcut and the context menu.
 */
const run = requireBrowser();

/** A minimal X page with one tagged post (id 1900000000000000001) and one untagged (…002). */
function postHtml(id: string, handle: string, text: string, tabindex = 0): string {
  return `<div data-testid="cellInnerDiv"><article role="article" tabindex="${tabindex}" data-testid="tweet">
  <div data-testid="Tweet-User-Avatar"><a href="/${handle}" role="link"><img alt="" src="https://pbs.twimg.com/profile_images/1/${handle}_normal.jpg"></a></div>
  <div data-testid="User-Name"><a href="/${handle}" role="link"><div dir="ltr"><span><span>${handle} Council</span></span></div></a>
  <a href="/${handle}" role="link" tabindex="-1"><div dir="ltr"><span>@${handle}</span></div></a>
  <a href="/${handle}/status/${id}" dir="ltr" aria-label="2 hours ago" role="link"><time datetime="2026-10-09T09:30:00.000Z">2h</time></a></div>
  <div dir="auto" lang="en" data-testid="tweetText">${text}</div>
  <div role="group" aria-label="3 replies, 12 reposts, 40 likes, 2100 views" style="display:flex;justify-content:space-between">
    <div><button aria-label="3 Replies. Reply" role="button" data-testid="reply" type="button">3</button></div>
    <div><button aria-label="12 reposts. Repost" role="button" data-testid="retweet" type="button">12</button></div>
    <div><button aria-label="40 Likes. Like" role="button" data-testid="like" type="button">40</button></div>
    <div><a href="/${handle}/status/${id}/analytics" aria-label="2100 views. View post analytics" role="link">2.1K</a></div>
  </div></article></div>`;
}
const TAGGED = '1900000000000000001';
const UNTAGGED = '1900000000000000002';
const PAGE = `<!doctype html><html lang="en" data-theme="light"><head><meta charset="utf-8"><title>X</title></head><body><main role="main">
${postHtml(TAGGED, 'ExampleBoroughCncl', 'Gritters are out tonight <a href="/hashtag/lgadigital?src=hashtag_click">#lgadigital</a>')}
${postHtml(UNTAGGED, 'NorthShireCouncil', 'Library opening hours this week')}
</main></body></html>`;

/** Brings the tagged post to a known state by pressing its button if need be. */
async function ensure(page: Page, want: 'saved' | 'unsaved') {
  const host = page.locator(`[data-lga-host][data-lga-post="${TAGGED}"]`);
  await page.waitForSelector(`[data-lga-host][data-lga-post="${TAGGED}"]:is([data-state="saved"], [data-state="unsaved"])`);
  if ((await host.getAttribute('data-state')) !== want) await host.locator('button.lga-btn').click();
  await page.waitForSelector(`[data-lga-host][data-lga-post="${TAGGED}"][data-state="${want}"]`);
}

async function stateOf(page: Page, postId: string) {
  return (await buttons(page)).find((b) => b.postId === postId);
}

describe.runIf(run)('around a press, in Chromium', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
    session.pages.set('*', PAGE);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('removes a saved post on a second press, offers Undo, and Undo restores it', async () => {
    const tab = await openX(session, '/home', PAGE);
    await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
    await ensure(tab, 'unsaved');
    const undo = tab.getByRole('button', { name: 'Undo removal from LGA guide' });
    expect(await undo.isVisible()).toBe(true);
    let [record] = await readClippings(session);
    expect(record?.removed).toBe(1); // a soft delete: the record is still there

    await tab.waitForTimeout(9_000); // still offered after nine seconds
    expect(await undo.isVisible()).toBe(true);
    await undo.click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    [record] = await readClippings(session);
    expect(record?.removed).toBe(0);
    await tab.close();
  });

  it('shows a save made in one tab on every other X tab and in the open popup within a second', async () => {
    const a = await openX(session, '/home', PAGE);
    const b = await openX(session, '/search', PAGE);
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await ensure(a, 'saved');
    await a.getByRole('button', { name: 'Saved to LGA guide' }).click();
    await b.waitForSelector('[data-lga-host][data-state="unsaved"]', { timeout: 1000 });
    await popup.getByText('No clippings yet').waitFor({ timeout: 1000 });

    await a.getByRole('button', { name: 'Send to LGA guide' }).click();
    await b.waitForSelector('[data-lga-host][data-state="saved"]', { timeout: 1000 });
    await popup.getByText('1 clipping', { exact: true }).waitFor({ timeout: 1000 });
    await Promise.all([a.close(), b.close(), popup.close()]);
  });

  it('still saves after the browser stopped the service worker', async () => {
    const tab = await openX(session, '/home', PAGE);
    await ensure(tab, 'unsaved');

    const cdp = await session.context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();

    await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    const [record] = await readClippings(session);
    expect(record?.removed).toBe(0);
    await tab.close();
  });

  /** What the background does on the shortcut or the menu item: tell the active tab. */
  async function sendToTab(tab: Page, type: 'clipFocused' | 'clipContextTarget') {
    await tab.bringToFront();
    const worker = session.context.serviceWorkers()[0] ?? (await session.context.waitForEvent('serviceworker'));
    await worker.evaluate(async (t) => {
      // Runs inside the extension's service worker, where `chrome` is the extension API.
      const chrome = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      await chrome.tabs.sendMessage(tab!.id!, { type: t });
    }, type);
  }

  it('clips the post that X\'s j/k navigation focused when the shortcut fires', async () => {
    const tab = await openX(session, '/home', PAGE);
    await ensure(tab, 'unsaved');
    await tab.focus(`article:has([href$="/status/${TAGGED}"])`);
    await sendToTab(tab, 'clipFocused');
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    expect((await stateOf(tab, TAGGED))?.pressed).toBe('true');

    // On an untagged post the shortcut clips nothing and says why.
    await tab.focus(`article:has([href$="/status/${UNTAGGED}"])`);
    await sendToTab(tab, 'clipFocused');
    await tab.getByRole('status').filter({ hasText: 'Nothing clipped' }).waitFor();
    expect((await readClippings(session)).map((r) => r.postId)).toEqual([TAGGED]);
    await tab.close();
  });

  it('clips the right-clicked post from the context menu item', async () => {
    const tab = await openX(session, '/home', PAGE);
    await ensure(tab, 'unsaved');
    await tab.click(`article:has([href$="/status/${TAGGED}"]) [data-testid="tweetText"]`, { button: 'right' });
    await tab.keyboard.press('Escape');
    await sendToTab(tab, 'clipContextTarget');
    await tab.waitForSelector('[data-lga-host][data-state="saved"]');
    await tab.close();
  });

  it('says on the button when browser storage is full, and loses nothing stored', async () => {
    const tab = await openX(session, '/home', PAGE);
    await ensure(tab, 'saved');
    await ensure(tab, 'unsaved');
    const worker = session.context.serviceWorkers()[0] ?? (await session.context.waitForEvent('serviceworker'));
    // Make every write in the worker fail as a full disk does.
    await worker.evaluate(() => {
      const fail = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      IDBObjectStore.prototype.put = fail;
      IDBObjectStore.prototype.add = fail;
    });
    await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
    const button = tab.getByRole('button', { name: /Not saved: browser storage is full/ });
    await button.waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(await tab.locator('.lga-msg').textContent()).toContain('browser storage is full');
    const [record] = await readClippings(session);
    expect(record?.postId).toBe(TAGGED); // the earlier clipping is untouched
    // A fresh worker writes again.
    const cdp = await session.context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await tab.getByRole('button', { name: /Send to LGA guide/ }).click();
    await tab.waitForSelector(`[data-lga-host][data-lga-post="${TAGGED}"][data-state="saved"]`);
    expect(await tab.locator('.lga-msg').isHidden()).toBe(true);
    await tab.close();
  });

  it('on a real full disk says so on the button, and once there is room the same press saves, with no restart', async () => {
    const tab = await openX(session, '/home', PAGE);
    await ensure(tab, 'unsaved');
    // The browser's own quota for the extension, cut to what it uses now (Chromium then also closes the
    // background's database connection, which Dexie opens again by itself).
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    const cdp = await session.context.newCDPSession(page);
    const origin = `chrome-extension://${session.extensionId}`;
    const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.floor(usage) });
    // IndexedDB checks a write against the quota it read at most 30 seconds before (Chromium caches it).
    await new Promise((r) => setTimeout(r, 32_000));
    try {
      await tab.getByRole('button', { name: 'Send to LGA guide' }).click();
      await tab.getByRole('button', { name: /Not saved: browser storage is full/ }).waitFor({ timeout: 15_000 });
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await cdp.detach();
      await page.close();
    }
    const saved = async () => (await readClippings(session)).filter((c) => !c.removed).map((c) => c.postId);
    expect(await saved()).toEqual([]); // the removed clipping is still there, still removed
    await tab.getByRole('button', { name: /Send to LGA guide/ }).click();
    await tab.waitForSelector(`[data-lga-host][data-lga-post="${TAGGED}"][data-state="saved"]`, { timeout: 15_000 });
    expect(await saved()).toEqual([TAGGED]);
    await tab.close();
  }, 90_000);

  it('tells the popup when tagged posts on the tab could not be read', async () => {
    const broken = PAGE.replace(/<div role="group"[\s\S]*?<\/div>\s*<\/article>/, '</article>').replace(/href="\/ExampleBoroughCncl\/status\/[^"]*"/g, 'href="/ExampleBoroughCncl"');
    const tab = await openX(session, '/broken', broken);
    await tab.waitForTimeout(2_500); // health is reported at most every two seconds
    expect(await buttons(tab)).toEqual([]);
    // Opened in a tab, the popup reports on the tab the user was on before.
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    const alert = popup.getByRole('alert').filter({ hasText: 'could not be read' });
    await alert.waitFor();
    // Its own link (the permalink) was taken away: the popup says that is what was missing.
    expect(await alert.getByRole('listitem').allTextContents()).toEqual(["1 had no link of its own (the post's time), which gives its address"]);
    await Promise.all([tab.close(), popup.close()]);
  });

  it('shows a post the library does not hold as unsaved with no lookup, and never shows a saved one unsaved', async () => {
    const tagged = (id: string) => postHtml(id, 'ExampleBoroughCncl', `Bin day moved ${id.slice(-3)} <a href="/hashtag/lgadigital?src=hashtag_click">#lgadigital</a>`);
    const [BEFORE, AFTER] = ['1900000000000000101', '1900000000000000102'];
    const both = PAGE.replace('</main>', `${tagged(BEFORE)}${tagged(AFTER)}</main>`);
    const a = await openX(session, '/home', both);
    await ensure(a, 'unsaved');
    // BEFORE is saved before the second tab opens, so that tab's filter of saved posts holds it.
    await a.locator(`[data-lga-host][data-lga-post="${BEFORE}"] button.lga-btn`).click();
    await a.waitForSelector(`[data-lga-host][data-lga-post="${BEFORE}"][data-state="saved"]`);

    const b = await openX(session, '/search', PAGE);
    await b.waitForSelector('[data-lga-host][data-state="unsaved"]');
    /** Puts a post on the page as X does and reads its button's state once the observer has run (a microtask: no message could have been answered). */
    const appendAndRead = (id: string) =>
      b.evaluate(
        ([id, html]) => {
          document.querySelector('main')!.insertAdjacentHTML('beforeend', html);
          return Promise.resolve().then(() => document.querySelector(`[data-lga-post="${id}"]`)?.getAttribute('data-state'));
        },
        [id, tagged(id)] as const,
      );
    // Once the filter has come, a post it does not hold shows unsaved in the observer's own callback.
    let fresh = 1900000000000000200n;
    let first: string | null | undefined;
    for (let tries = 0; tries < 50 && first !== 'unsaved'; tries++) {
      first = await appendAndRead(String(++fresh));
      if (first !== 'unsaved') await b.waitForTimeout(100);
    }
    expect(first).toBe('unsaved');

    // Saved before the filter was made: looked up, never shown unsaved.
    expect(await appendAndRead(BEFORE)).toBe('unknown');
    await b.waitForSelector(`[data-lga-host][data-lga-post="${BEFORE}"][data-state="saved"]`);
    // Saved after it was made, in the other tab: the change feed said so, and the page remembers it.
    await a.locator(`[data-lga-host][data-lga-post="${AFTER}"] button.lga-btn`).click();
    await a.waitForSelector(`[data-lga-host][data-lga-post="${AFTER}"][data-state="saved"]`);
    await b.waitForTimeout(300);
    expect(await appendAndRead(AFTER)).toBe('saved');
    await Promise.all([a.close(), b.close()]);
  });

  it('raised no error on the page', () => {
    expect(session.errors).toEqual([]);
  });
});
