import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderTimelinePage, samplePosts } from '../fixtures/x/posts.mjs';
import { makeSnapshot } from '../unit/snapshots';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from '@/utils/bundle/schema';
import { newClippingRecord } from '@/utils/store/clippings';
import { OWNER, newAnnotation } from '@/utils/store/db';
import { launch, openX, readClippings, requireBrowser, type Session } from './harness';

/**
 * Open X tabs hear of every write that adds, removes or restores clippings: an import made in the
 * library, and a write whose worker was stopped after its commit and before it told anyone (the
 * outbox keeps the news, and the worker announces it when it next starts).
 */
const run = requireBrowser();
const work = mkdtempSync(join(tmpdir(), 'lga-import-tells-'));

const SHOWN = samplePosts.taggedAbsolute; // on the X tab, and in the bundle
const OTHER = samplePosts.taggedEncoded; // on the X tab, not in the bundle
const TIMELINE = renderTimelinePage([SHOWN, OTHER, samplePosts.untagged]);

function snapshotOf(post: { id: string; handle: string; name: string }) {
  return makeSnapshot({
    postId: post.id,
    permalink: `https://x.com/${post.handle}/status/${post.id}`,
    author: { name: post.name, handle: post.handle, verified: false },
  });
}

/** A bundle of two posts from another contributor: the one the X tab shows, and one it does not. */
function bundleJson(): string {
  const contributor = { name: 'Ann Editor', organisation: 'Westvale' };
  const notShown = makeSnapshot({ postId: '1846200000000000999', text: 'Gritting tonight on all main routes #lgadigital' });
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: '2026-11-21T09:00:00.000Z',
    contributor,
    themes: [],
    clippings: [snapshotOf(SHOWN), notShown].map((snapshot) => ({
      postId: snapshot.postId,
      snapshot,
      clippedAt: '2026-11-20T10:00:00.000Z',
      annotations: [{ contributor, verdict: 'do', kind: null, themes: [], lesson: 'Thank the crews', note: '', authorType: 'council', permission: 'notAsked', updatedAt: '2026-11-20T10:05:00.000Z' }],
    })),
  };
  return JSON.stringify(bundle);
}

function host(page: Page, postId: string) {
  return page.locator(`[data-lga-host][data-lga-post="${postId}"]`);
}

/** What a saved post's button reads: pressed, named "Saved to LGA guide", labelled "Saved". */
async function readsSaved(page: Page, postId: string) {
  const button = host(page, postId).locator('button.lga-btn');
  expect(await button.getAttribute('aria-pressed')).toBe('true');
  expect(await button.getAttribute('aria-label')).toBe('Saved to LGA guide');
  expect((await button.locator('.lga-label').textContent())?.trim()).toBe('Saved');
}

async function stopWorker(session: Session, extensionPage: Page) {
  const cdp = await session.context.newCDPSession(extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** The outbox's entries, read from an extension page. */
function outboxOf(page: Page): Promise<unknown[]> {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('lga-guide-clipper');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

describe.runIf(run)('X tabs hear of every change to clippings, in Chromium', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('an import in the library shows its posts as saved on an open X tab within a second', async () => {
    const x = await openX(session, '/home', TIMELINE);
    await x.waitForSelector(`[data-lga-host][data-lga-post="${SHOWN.id}"][data-state="unsaved"]`);

    const library = await session.context.newPage();
    await library.goto(`chrome-extension://${session.extensionId}/library.html`);
    const path = join(work, 'ann.json');
    writeFileSync(path, bundleJson());
    await library.locator('input#import-bundle').setInputFiles(path);
    const dialog = library.getByRole('dialog', { name: 'Import bundle' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('2 new clippings');
    expect(await host(x, SHOWN.id).getAttribute('data-state')).toBe('unsaved'); // nothing before the press

    await dialog.getByRole('button', { name: 'Import 2 clippings' }).click();
    await x.waitForSelector(`[data-lga-host][data-lga-post="${SHOWN.id}"][data-state="saved"]`, { timeout: 1000 });
    await readsSaved(x, SHOWN.id);
    expect(await host(x, OTHER.id).getAttribute('data-state')).toBe('unsaved'); // not in the bundle
    await library.locator('.import-done[role=status]').waitFor();
    expect(await outboxOf(library)).toEqual([]); // announced, so nothing left waiting
    expect((await readClippings(session)).map((r) => r.postId).sort()).toEqual(['1846200000000000999', SHOWN.id].sort());

    // A tab opened afterwards asks the background, and agrees.
    const later = await openX(session, '/later', TIMELINE);
    await later.waitForSelector(`[data-lga-host][data-lga-post="${SHOWN.id}"][data-state="saved"]`);
    await Promise.all([x.close(), library.close(), later.close()]);
  });

  it('a write committed by a worker stopped before it told the tabs is announced when the worker next starts', async () => {
    const x = await openX(session, '/restart', TIMELINE);
    await x.waitForSelector(`[data-lga-host][data-lga-post="${OTHER.id}"][data-state="unsaved"]`);

    // What a save leaves when its worker is stopped between the commit and the change feed: the
    // clipping, its annotation and its outbox entry, committed together, and no feed written.
    const snapshot = snapshotOf(OTHER);
    const committed = { clipping: newClippingRecord(snapshot, [], Date.now()), annotation: newAnnotation(snapshot.postId, OWNER, Date.now()), entry: { changes: [{ postId: snapshot.postId, saved: true }] } };
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.evaluate(
      (c) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('lga-guide-clipper');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['clippings', 'annotations', 'outbox'], 'readwrite');
            tx.objectStore('clippings').add(c.clipping);
            tx.objectStore('annotations').add(c.annotation);
            tx.objectStore('outbox').add(c.entry);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      committed,
    );
    await stopWorker(session, page);
    await x.waitForTimeout(500);
    expect(await host(x, OTHER.id).getAttribute('data-state')).toBe('unsaved'); // no one has told the tab
    expect(await outboxOf(page)).toHaveLength(1);

    // Any message wakes the worker; at its start it announces what the outbox holds.
    await page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome;
      await chrome.runtime.sendMessage({ type: 'savedState', postIds: [] });
    });
    await x.waitForSelector(`[data-lga-host][data-lga-post="${OTHER.id}"][data-state="saved"]`, { timeout: 2000 });
    await readsSaved(x, OTHER.id);
    await expect.poll(() => outboxOf(page)).toEqual([]);
    await Promise.all([x.close(), page.close()]);
  });

  it('raised no error on the page', () => {
    expect(session.errors).toEqual([]);
  });
});
