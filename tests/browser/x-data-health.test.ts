import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buttons, launch, openX, requireBrowser, type Session } from './harness';
import { postFromGraphQL, renderPost, renderTimelinePage, tweetResultsIn } from '../fixtures/x/posts.mjs';
import { addTag, isRepost, requireGraphQLFixtures, responseCopy } from '@/utils/x/data/fixtures.testkit';

/**
 * The page-health check against X's own data in real Chromium. An X-like search page whose own script
 * fetches X's real search response (three short posts tagged #lgadigital at test time) and then draws
 * those posts, as X's web app does. When X's markup has changed under the extension (the post text's
 * data-testid renamed), the posts get no button, the main-world reader still holds them, and the popup
 * says how many tagged posts X's data shows that the extension could not read, and which part it did
 * not find. When all is well, the popup says nothing of the sort.
 */
const run = requireBrowser() && requireGraphQLFixtures();
const PATH = '/i/api/graphql/Hh4Ll7Tt9/SearchTimeline';
const TAG = 'lgadigital';

/** The search page and its response; `change` edits the markup X draws for the posts. */
function searchPage(change: (cell: string) => string = (cell) => cell): { html: string; response: string; ids: string[] } {
  const json = responseCopy('twscrape__raw_search.json');
  const results = tweetResultsIn(json)
    .map((r: any) => r.tweet ?? r)
    .filter((t: any) => !t.note_tweet && !isRepost(t) && !t.quoted_status_result && !/[\uD800-\uDFFF]/.test(t.legacy.full_text))
    .slice(0, 3);
  for (const tweet of results) {
    addTag(tweet, TAG);
    tweet.legacy.display_text_range = [tweet.legacy.display_text_range?.[0] ?? 0, tweet.legacy.full_text.length];
  }
  const cells = results.map((tweet: any) => change(renderPost(postFromGraphQL(tweet))));
  // X's web app: the timeline drawn from the response once it has arrived.
  const script = `fetch(${JSON.stringify(`${PATH}?variables=%7B%7D`)}).then((r) => r.text()).then((t) => { window.__xReceived = t; window.__x.append(${JSON.stringify(cells)}); });`;
  const html = renderTimelinePage([], { path: '/search' }).replace('</body>', `<script>${script}</script></body>`);
  return { html, response: JSON.stringify(json), ids: results.map((t: any) => t.rest_id as string) };
}

/** The extension's storage.session, as the background sees it. */
type SessionArea = { get(keys: null): Promise<Record<string, unknown>>; clear(): Promise<void> };

/** What the background holds of the tab's health once it includes the check against X's data. */
async function healthWithXData(session: Session): Promise<Record<string, any>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await session.worker.evaluate(async () => {
      const all = await (globalThis as unknown as { chrome: { storage: { session: SessionArea } } }).chrome.storage.session.get(null);
      return Object.entries(all).find(([key, value]) => key.startsWith('pageHealth:') && (value as { xData?: unknown }).xData)?.[1];
    });
    if (found) return found as Record<string, any>;
    if (Date.now() > deadline) throw new Error('no page-health report with the check against X\'s data');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function openSearch(session: Session, page: { html: string; response: string; ids: string[] }): Promise<Page> {
  await session.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { session: SessionArea } } }).chrome.storage.session.clear());
  session.pages.set(PATH, page.response);
  const tab = await openX(session, '/search', page.html);
  await tab.waitForFunction(() => typeof (window as any).__xReceived === 'string', undefined, { timeout: 20_000 });
  await tab.waitForFunction((n) => document.querySelectorAll('article').length === n, page.ids.length);
  return tab;
}

async function popupAlerts(session: Session): Promise<{ alerts: number; text: string; items: string[] }> {
  // Opened in a tab, the popup reports on the tab the user was on before.
  const popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.getByRole('status').filter({ hasText: /clipping/ }).waitFor();
  await popup.waitForTimeout(300); // the tab's health is read once, as the popup opens
  const alert = popup.getByRole('alert');
  const alerts = await alert.count();
  const result = { alerts, text: alerts ? ((await alert.textContent()) ?? '') : '', items: alerts ? await alert.getByRole('listitem').allTextContents() : [] };
  await popup.close();
  return result;
}

describe.runIf(run)("the page-health check against X's own data, in Chromium", () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it("names the part X changed when X's data shows tagged posts that got no button (the post text's data-testid renamed)", async () => {
    const page = searchPage((cell) => cell.replaceAll('data-testid="tweetText"', 'data-testid="postText"'));
    const tab = await openSearch(session, page);
    const health = await healthWithXData(session);
    expect(health).toMatchObject({ unreadable: 0, readable: 0, xData: { unreadable: 3, missing: { post: 0, text: 3, tag: 0, link: 0, actionBar: 0 } } });
    expect(await buttons(tab)).toEqual([]);
    const popup = await popupAlerts(session);
    expect(popup.alerts).toBe(1);
    expect(popup.text).toContain("X's own data shows 3 tagged posts on this tab that the extension could not read, so they have no button.");
    expect(popup.items).toEqual(["for 3, the post's text was not found where the extension looks"]);
    await tab.close();
  });

  it('says nothing extra when every tagged post has its button', async () => {
    const page = searchPage();
    const tab = await openSearch(session, page);
    await tab.waitForFunction((n) => document.querySelectorAll('[data-lga-host][data-lga-post]').length === n, page.ids.length);
    // The check ran and found nothing wrong.
    expect(await healthWithXData(session)).toMatchObject({ unreadable: 0, readable: 3, xData: { unreadable: 0 } });
    expect((await buttons(tab)).map((b) => b.postId).sort()).toEqual([...page.ids].sort());
    expect(await popupAlerts(session)).toEqual({ alerts: 0, text: '', items: [] });
    await tab.close();
  });

  it('raised no error on the pages', () => {
    expect(session.errors).toEqual([]);
  });
});
