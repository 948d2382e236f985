import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { host, launch, openX, readClippings, requireFirefox, type Session } from './harness';
import { GRAPHQL_PATH, graphQLPage } from '../fixtures/x/graphql-pages';
import { requireGraphQLFixtures } from '@/utils/x/data/fixtures.testkit';

/**
 * The Firefox build (Manifest V2) in firefox-esr: its main-world content script (world: 'MAIN', Firefox
 * 128 and later) runs in X's page, reads the GraphQL response X's own script fetches, and a press there
 * stores the long post's whole text.
 */
const run = requireFirefox() && requireGraphQLFixtures();

describe.runIf(run)("X's own GraphQL data in Firefox", () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('declares the reader in the MV2 manifest as a main-world script at document_start', () => {
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../.output/firefox-mv2/manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.content_scripts).toContainEqual(expect.objectContaining({ js: ['content-scripts/x-data.js'], world: 'MAIN', run_at: 'document_start' }));
  });

  for (const transport of ['fetch', 'xhr'] as const) {
    it(`runs in X's page and a clip gets the whole text (${transport})`, async () => {
      const fixture = graphQLPage({ transport, nth: transport === 'fetch' ? 0 : 1, response: 'twscrape__raw_list_timeline.json' });
      session.pages.set(GRAPHQL_PATH, fixture.response);
      const page = await openX(session, '/search', fixture.html);
      await page.waitForFunction(() => typeof (window as any).__xReceived === 'string', { timeout: 20_000 });
      expect(await page.evaluate(() => (window as any).__xReceived)).toBe(fixture.response);
      // The page's fetch and XMLHttpRequest are the reader's wrappers: the main-world script ran.
      expect(await page.evaluate(() => [fetch, XMLHttpRequest.prototype.send].map((f) => Function.prototype.toString.call(f).includes('[native code]')))).toEqual([false, false]);
      await page.waitForSelector(`${host(fixture.postId)}[data-state="unsaved"]`);
      await page.click(`${host(fixture.postId)} button.lga-btn`);
      await page.waitForSelector(`${host(fixture.postId)}[data-state="saved"]`);
      const snapshot = (await readClippings(session)).find((r) => r.postId === fixture.postId)?.snapshot;
      expect(snapshot).toMatchObject({ schema: 2, text: fixture.fullText, truncated: false, counts: { quotes: fixture.quotes }, sources: { text: 'x-data' } });
      await page.close();
    });
  }

  it('raised no error on the pages', () => {
    expect(session.errors).toEqual([]);
  });
});
