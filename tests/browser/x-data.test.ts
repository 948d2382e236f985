import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, openX, readClippings, requireBrowser, type Session } from './harness';
import { GRAPHQL_PATH, graphQLPage, type GraphQLPage } from '../fixtures/x/graphql-pages';
import { requireGraphQLFixtures } from '@/utils/x/data/fixtures.testkit';

/**
 * The main-world reader of X's own responses in real Chromium: an X page whose own script fetches a
 * GraphQL response (X's real search response, with a long post tagged) by XMLHttpRequest or fetch, and
 * draws that post cut at "Show more". A press stores the whole text and the quote count; a malformed
 * response stores the page's snapshot alone; the page's script gets the very text served either way.
 */
const run = requireBrowser() && requireGraphQLFixtures();
const host = (id: string) => `[data-lga-host][data-lga-post="${id}"]`;

async function openGraphQLPage(session: Session, fixture: GraphQLPage): Promise<Page> {
  session.pages.set(GRAPHQL_PATH, fixture.response);
  const page = await openX(session, '/search', fixture.html);
  await page.waitForFunction(() => typeof (window as any).__xReceived === 'string', undefined, { timeout: 20_000 });
  // X's own code got exactly what was served.
  expect(await page.evaluate(() => (window as any).__xReceived)).toBe(fixture.response);
  await page.waitForSelector(`${host(fixture.postId)}[data-state="unsaved"]`);
  return page;
}

async function press(session: Session, page: Page, postId: string): Promise<Record<string, any>> {
  await page.click(`${host(postId)} button.lga-btn`);
  await page.waitForSelector(`${host(postId)}[data-state="saved"]`);
  const record = (await readClippings(session)).find((r) => r.postId === postId);
  if (!record) throw new Error(`no clipping of ${postId}`);
  return record.snapshot;
}

describe.runIf(run)("X's own GraphQL data in Chromium", () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('declares the reader as a main-world content script that runs at document_start', () => {
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../.output/chrome-mv3/manifest.json'), 'utf8'));
    expect(manifest.content_scripts).toContainEqual(expect.objectContaining({ js: ['content-scripts/x-data.js'], world: 'MAIN', run_at: 'document_start' }));
  });

  const LIST = 'twscrape__raw_list_timeline.json';
  for (const [transport, nth, response] of [['xhr', 0, undefined], ['fetch', 0, LIST]] as const) {
    it(`stores the whole long text and the quote count of a post X's page read by ${transport === 'xhr' ? 'XMLHttpRequest' : 'fetch'}`, async () => {
      const fixture = graphQLPage({ transport, nth, response });
      const page = await openGraphQLPage(session, fixture);
      const snapshot = await press(session, page, fixture.postId);
      expect(snapshot).toMatchObject({ schema: 2, postId: fixture.postId, text: fixture.fullText, truncated: false, counts: { quotes: fixture.quotes } });
      expect(snapshot.text.length).toBeGreaterThan(280);
      expect(snapshot.sources).toMatchObject({ text: 'x-data', counts: { quotes: 'x-data', likes: 'dom' } });
      await page.close();
    });
  }

  for (const [transport, nth] of [['xhr', 1], ['fetch', 2]] as const) {
    it(`stores the page's snapshot alone when the response is malformed (${transport}), and X's page keeps working`, async () => {
      const fixture = graphQLPage({ transport, nth, malformed: true, response: LIST });
      const page = await openGraphQLPage(session, fixture);
      const snapshot = await press(session, page, fixture.postId);
      expect(snapshot).toMatchObject({ schema: 2, postId: fixture.postId, truncated: true });
      expect(snapshot.text).toContain('#lgadigital');
      expect(snapshot.text.length).toBeLessThan(fixture.fullText.length);
      expect(snapshot).not.toHaveProperty('sources');
      expect(snapshot.counts).not.toHaveProperty('quotes');
      // The page's own script still runs and fetches.
      expect(await page.evaluate(async () => (await fetch('/search')).status)).toBe(200);
      await page.close();
    });
  }

  it('raised no error on the pages', () => {
    expect(session.errors).toEqual([]);
  });
});
