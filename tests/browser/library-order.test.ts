import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from '@/utils/bundle/schema';
import { ORDER_PAGE } from '@/utils/store/search';
import { makeSnapshot } from '../unit/snapshots';
import { launch, requireBrowser, type Session } from './harness';

/**
 * A library larger than one page of the order (utils/store/search.ts `readOrder`), whose clippings
 * share clipped times in groups of seven (as a bundle's can), with post ids not in the order of
 * those times: the List view lists every clipping once, newest clipped first (equal times by post
 * id, last first), and scrolls to its last row.
 */
const run = requireBrowser();
const work = mkdtempSync(join(tmpdir(), 'lga-library-order-'));
const COUNT = ORDER_PAGE + 333;
/** Post ids in an order of their own: 37 has no factor in common with COUNT. */
const postId = (i: number) => String(1846500000000000000n + BigInt((i * 37) % COUNT));
const clippedAt = (i: number) => Date.UTC(2026, 9, 1) + Math.floor(i / 7) * 60_000;

function bundle(): Bundle {
  const contributor = { name: 'Dee Sender', organisation: 'Example Borough Council' };
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: '2026-11-21T09:00:00.000Z',
    contributor,
    themes: [],
    clippings: Array.from({ length: COUNT }, (_, i) => {
      const s = makeSnapshot({ postId: postId(i), permalink: `https://x.com/Council/status/${postId(i)}`, text: `Post ${i} #lgadigital` });
      return {
        postId: s.postId,
        snapshot: s,
        clippedAt: new Date(clippedAt(i)).toISOString(),
        annotations: [{ contributor, verdict: 'do', kind: null, themes: [], lesson: '', note: '', authorType: 'council', permission: 'notAsked', updatedAt: '2026-11-20T10:05:00.000Z' }],
      };
    }),
  } as Bundle;
}

/** Newest clipped first; equal clipped times by post id, last first (the index read backwards). */
const expected = Array.from({ length: COUNT }, (_, i) => ({ id: postId(i), at: clippedAt(i) }))
  .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
  .map((r) => r.id);

/** The rows drawn now: their place in the list and their post id. */
const drawn = (page: Page) =>
  page.locator('.virtual-row').evaluateAll((rows) =>
    rows.map((r) => ({ index: Number(r.getAttribute('data-index')), id: r.querySelector('article')?.getAttribute('data-post-id') ?? null })).filter((r) => r.id !== null),
  );

describe.runIf(run)('a library larger than a page of its order, in Chromium', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await launch({ libraryView: 'list' });
    page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/library.html`);
    const path = join(work, 'dee.json');
    writeFileSync(path, JSON.stringify(bundle()));
    await page.locator('input#import-bundle').setInputFiles(path);
    const dialog = page.getByRole('dialog', { name: 'Import bundle' });
    await dialog.getByRole('button', { name: /^Import [\d,]+ clippings?$/ }).click();
    await page.locator('.import-done[role=status]').waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('lists every clipping once, in order, and scrolls to the last', async () => {
    expect(new Set(expected).size).toBe(COUNT);
    await page.goto(`chrome-extension://${session.extensionId}/library.html`);
    const total = COUNT.toLocaleString('en-GB');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Showing ${total} of ${total} clippings`);
    await page.locator('article.list-row').first().waitFor();
    // The whole order is listed when the list is as tall as every row.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollHeight), { timeout: 30_000 }).toBeGreaterThan(COUNT * 30);
    // Select all shown: each id once.
    await page.getByRole('button', { name: 'Select all shown' }).click();
    await expect.poll(() => page.locator('.bulk-count').textContent()).toBe(`${total} selected`);
    await page.getByRole('button', { name: 'Clear selection' }).click();

    // The rows drawn at the top, across the first page's end (read from the oldest), and at the bottom.
    const seen = new Set<number>();
    for (const fraction of [0, (COUNT - ORDER_PAGE) / COUNT, 0.5, 1]) {
      await page.evaluate((f) => scrollTo(0, f * (document.documentElement.scrollHeight - innerHeight)), fraction);
      await expect.poll(async () => (await drawn(page)).length).toBeGreaterThan(5);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const rows = await drawn(page);
      for (const r of rows) {
        expect(r.id, `row ${r.index}`).toBe(expected[r.index]);
        seen.add(r.index);
      }
    }
    expect(seen.has(0)).toBe(true);
    expect(seen.has(COUNT - ORDER_PAGE)).toBe(true);
    expect(seen.has(COUNT - 1)).toBe(true);
    expect(await page.locator(`article.list-row[data-post-id="${expected[COUNT - 1]}"]`).isVisible()).toBe(true);
  });

  it('opens with its first rows drawn whole, none waiting for its own record', async () => {
    const opening = await session.context.newPage();
    // From the page's very start: what the list holds when its first row is drawn.
    await opening.addInitScript(() => {
      const mo = new MutationObserver(() => {
        const first = document.querySelector('article.list-row');
        if (!first) return;
        mo.disconnect();
        (window as unknown as { __atFirstRow: unknown }).__atFirstRow = {
          rows: document.querySelectorAll('article.list-row').length,
          placeholders: document.querySelectorAll('.list-row-placeholder').length,
          first: first.getAttribute('data-post-id'),
          text: first.querySelector('.list-row-text')?.textContent,
        };
      });
      mo.observe(document, { childList: true, subtree: true });
    });
    await opening.goto(`chrome-extension://${session.extensionId}/library.html`);
    await opening.waitForFunction(() => (window as unknown as { __atFirstRow?: unknown }).__atFirstRow, null, { timeout: 30_000 });
    const atFirst = await opening.evaluate(() => (window as unknown as { __atFirstRow: { rows: number; placeholders: number; first: string; text: string } }).__atFirstRow);
    const textOf = (id: string) => `Post ${Array.from({ length: COUNT }, (_, i) => i).find((i) => postId(i) === id)} #lgadigital`;
    expect(atFirst.placeholders).toBe(0);
    expect(atFirst.rows).toBeGreaterThan(5);
    expect(atFirst.first).toBe(expected[0]);
    expect(atFirst.text).toBe(textOf(expected[0]!));
    await opening.close();
  });

  it('is as tall as its rows from the start, so the scroll bar’s end is the last clipping', async () => {
    const fresh = await session.context.newPage();
    await fresh.goto(`chrome-extension://${session.extensionId}/library.html`);
    const total = COUNT.toLocaleString('en-GB');
    await expect.poll(() => fresh.getByRole('status').first().textContent(), { timeout: 30_000 }).toBe(`Showing ${total} of ${total} clippings`);
    const listHeight = () => fresh.locator('.list-view').evaluate((list) => list.getBoundingClientRect().height);
    // Once the whole order is read (the first rows show before it).
    await expect.poll(listHeight, { timeout: 30_000 }).toBeGreaterThan(COUNT * 30);
    // Every row here has one short line: the rows drawn are all one height, and so, unseen, are the rest.
    const heights = await fresh.locator('.virtual-row').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    const row = heights[0]!;
    expect(heights.every((h) => Math.abs(h - row) < 0.5)).toBe(true);
    const before = await listHeight();
    // Each row's share of the list within half a pixel of a row (the list places rows at whole pixels).
    expect(Math.abs(before / COUNT - row)).toBeLessThan(0.5);

    // Straight to the end, as a drag of the scroll bar's thumb does: the last clipping is there, and the
    // list did not change its height under the user's hand.
    await fresh.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const last = fresh.locator(`article.list-row[data-post-id="${expected[COUNT - 1]}"]`);
    await last.waitFor({ timeout: 10_000 });
    await fresh.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await last.isVisible()).toBe(true);
    expect(Math.abs((await listHeight()) - before)).toBeLessThan(1);
    const lastBox = await last.boundingBox();
    const viewport = fresh.viewportSize()!;
    expect(lastBox!.y + lastBox!.height).toBeLessThanOrEqual(viewport.height + 1);
    await fresh.close();
  });

  it('raised no page error', () => {
    expect(session.errors).toEqual([]);
  });
});
