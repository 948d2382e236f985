/**
 * Bundled by scripts/bench/build.mjs into one IIFE and evaluated (through CDP) in an extension page,
 * so it writes and reads the extension's own IndexedDB with the real store code: saveClipping and
 * updateAnnotation, the same calls the background and the library make.
 */
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping, savedPostIds } from '@/utils/store/clippings';
import { updateAnnotation, type AnnotationPatch } from '@/utils/store/annotations';
import { DEFAULT_THEME_IDS } from '@/utils/store/themes-default';
import type { PostSnapshot } from '@/utils/snapshot';
import { benchAnnotation, benchSnapshot, postIdOf } from './corpus.mjs';

const BATCH = 500;
/** Posts saved by `timeSave` get ids far beyond the seeded ones, and are deleted afterwards. */
const SAVE_BASE = 90_000_000;

const snapshot = (i: number) => benchSnapshot(i) as PostSnapshot;

const api = {
  /**
   * Stores clippings from..to-1 and their owner's annotations, through saveClipping and
   * updateAnnotation. Each batch runs in one outer transaction (Dexie runs the store's own
   * transactions inside it), as a bulk path built on the same record-making code.
   */
  async seed(from: number, to: number): Promise<number> {
    const db = getDb();
    const themes = [...DEFAULT_THEME_IDS];
    const started = performance.now();
    for (let start = from; start < to; start += BATCH) {
      const end = Math.min(to, start + BATCH);
      await db.transaction('rw', db.clippings, db.annotations, async () => {
        // The saves of a batch run side by side (their requests pipeline in the one transaction);
        // each post's annotation is written after its own save, as the library would.
        const saves: Promise<unknown>[] = [];
        for (let i = start; i < end; i++) {
          // Clipped a minute apart, in order, so "newest first" is a real order.
          const clippedAt = Date.UTC(2025, 0, 1) + i * 60_000;
          const patch = benchAnnotation(i, themes) as AnnotationPatch | null;
          saves.push(saveClipping(db, snapshot(i), clippedAt).then(() => (patch ? updateAnnotation(db, postIdOf(i), patch, OWNER, clippedAt + 1) : undefined)));
        }
        await Promise.all(saves);
      });
    }
    return performance.now() - started;
  },

  count(): Promise<number> {
    return getDb().clippings.count();
  },

  /** Times `runs` batch lookups of saved state for `size` ids (half stored, half not), as the content script asks. */
  async timeLookup(stored: number, size: number, runs: number): Promise<number[]> {
    const db = getDb();
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Half the ids are stored posts (spread over the library), half were never clipped.
      const ids = Array.from({ length: size }, (_, k) => (k % 2 === 0 ? postIdOf((r * 7919 + (k / 2) * 104729) % stored) : postIdOf(SAVE_BASE * 2 + r * size + k)));
      const expected = new Set(ids.filter((_, k) => k % 2 === 0)).size;
      const t = performance.now();
      const saved = await savedPostIds(db, ids);
      times.push(performance.now() - t);
      if (saved.length !== expected) throw new Error(`lookup found ${saved.length} of ${expected} stored posts`);
    }
    return times;
  },

  /** Times `runs` saves of one new clipping (the first-clip path), then deletes what it saved. */
  async timeSave(runs: number): Promise<number[]> {
    const db = getDb();
    const times: number[] = [];
    const ids: string[] = [];
    for (let r = 0; r < runs; r++) {
      const s = { ...snapshot(r), postId: postIdOf(SAVE_BASE + r) };
      ids.push(s.postId);
      const t = performance.now();
      await saveClipping(db, s);
      times.push(performance.now() - t);
    }
    await db.transaction('rw', db.clippings, db.annotations, async () => {
      await db.clippings.bulkDelete(ids);
      await db.annotations.where('postId').anyOf(ids).delete();
    });
    return times;
  },
};

(globalThis as unknown as { __benchStore: typeof api }).__benchStore = api;
