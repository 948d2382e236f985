import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnapshot } from '../unit/snapshots';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from '@/utils/bundle/schema';
import { launch, openExtensionPage, readClippings, requireFirefox, type Session } from './harness';

/**
 * A bundle imported in the Firefox library: the import runs in a dedicated worker of the library page
 * (utils/store/import.worker.ts), so this checks that Firefox gives that worker the extension's own
 * database (what it writes is what the popup and the background read), that the library hears of its
 * writes, and that the import's progress, result and Cancel work there as in Chromium.
 */
const run = requireFirefox();
const ANN = { name: 'Ann Editor', organisation: 'Westvale' };

/** A bundle of `count` posts from Ann (ids from `from` on), each with her verdict and lesson. */
function bundleJson(count: number, from = 0): string {
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: '2026-11-21T09:00:00.000Z',
    contributor: ANN,
    themes: [],
    clippings: Array.from({ length: count }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(1846400000000000000n + BigInt(from + i)), text: `Gritting route ${i} tonight #lgadigital` });
      return {
        postId: snapshot.postId,
        snapshot,
        clippedAt: '2026-11-20T10:00:00.000Z',
        annotations: [{ contributor: ANN, verdict: 'do' as const, kind: null, themes: [], lesson: 'Name the roads', note: '', authorType: 'council' as const, permission: 'notAsked' as const, updatedAt: '2026-11-20T10:05:00.000Z' }],
      };
    }),
  };
  return JSON.stringify(bundle);
}

/** Chooses a file in the library's "Import bundle" input as a user does (a change event with the file). */
function choose(json: string, name: string) {
  const input = document.getElementById('import-bundle') as HTMLInputElement;
  const files = new DataTransfer();
  files.items.add(new File([json], name, { type: 'application/json' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

const countText = () => document.querySelector('p.count[role=status]')?.textContent ?? null;
const statusText = () => document.querySelector('.import-done[role=status]')?.textContent ?? null;
const dialogText = () => document.querySelector('dialog[open]')?.textContent ?? null;
const pressImport = () => {
  const button = [...document.querySelectorAll<HTMLButtonElement>('dialog[open] button')].find((b) => /^Import [\d,]+ clippings?$/.test(b.textContent ?? ''));
  button?.click();
  return Boolean(button);
};

describe.runIf(run)('importing a bundle in Firefox', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it("imports into the extension's own database, and the library shows what its worker wrote", async () => {
    const library = await openExtensionPage(session, 'library');
    expect(await library.waitFor(countText)).toBe('Showing 0 of 0 clippings');
    // What the page's workers say, overheard: the import's replies, and any error.
    await library.evaluate(() => {
      const w = window as unknown as { Worker: typeof Worker; __lgaWorkers: string[] };
      w.__lgaWorkers = [];
      const Real = w.Worker;
      w.Worker = class extends Real {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          w.__lgaWorkers.push(String(url).replace(/^.*\/assets\/(\w+)\.worker-.*$/, '$1'));
          this.addEventListener('error', () => w.__lgaWorkers.push('error'));
          this.addEventListener('message', (event: MessageEvent<{ type: string; ok?: boolean }>) => {
            if (event.data.type !== 'progress') w.__lgaWorkers.push(`${event.data.type}${event.data.ok === undefined ? '' : ` ${event.data.ok}`}`);
          });
        }
      };
      return true;
    });
    await library.evaluate(choose, bundleJson(3), 'ann.json');
    expect(await library.waitFor(dialogText)).toContain('3 new clippings');
    expect(await library.evaluate(pressImport)).toBe(true);
    expect(await library.waitFor(statusText)).toContain('Imported the bundle from Ann Editor (Westvale)');
    // Counted live: the page hears of the worker's writes (Dexie's storagemutated, over a BroadcastChannel).
    expect(await library.waitFor(() => /^Showing 3 of 3/.test(document.querySelector('p.count[role=status]')?.textContent ?? '') && 'counted')).toBe('counted');
    // The import's worker did it: it opened the file and wrote it, with no error (not the page's fallback).
    expect(await library.evaluate(() => (window as unknown as { __lgaWorkers: string[] }).__lgaWorkers)).toEqual(['import', 'opened true', 'applied']);
    // The popup reads the same database.
    expect((await readClippings(session)).map((r) => r.postId).sort()).toEqual(['1846400000000000000', '1846400000000000001', '1846400000000000002']);
    await library.close();
  });

  it('Cancel while a long import writes stops it, and the library is unchanged', async () => {
    const library = await openExtensionPage(session, 'library');
    expect(await library.waitFor(countText)).toBe('Showing 3 of 3 clippings');
    await library.evaluate(choose, bundleJson(6000, 10_000), 'big.json');
    expect(await library.waitFor(dialogText)).toContain('6,000 new clippings');
    expect(await library.evaluate(pressImport)).toBe(true);
    // Some written, not all: Cancel now stops the transaction part way.
    await library.waitFor(() => /^Importing [1-9][\d,]* of 6,000 clippings$/.test(document.querySelector('dialog[open] .export-status p')?.textContent ?? ''));
    await library.evaluate(() => {
      [...document.querySelectorAll<HTMLButtonElement>('dialog[open] button')].find((b) => b.textContent === 'Cancel')!.click();
      return true;
    });
    expect(await library.waitFor(statusText)).toBe('Import stopped. Your library is unchanged');
    expect((await readClippings(session)).length).toBe(3);
    await library.close();
  });

  it('raised no error on any page', () => {
    expect(session.errors.filter((e) => !e.includes('[LGA Guide Clipper]'))).toEqual([]);
  });
});
