/**
 * Bundled by scripts/bench/build.mjs into one IIFE and evaluated (through CDP) in an extension page,
 * so it writes and reads the extension's own IndexedDB with the real store code: saveClipping and
 * updateAnnotation, the same calls the background and the library make.
 */
import { ClipperDB, getDb, newAnnotation, OWNER, type AnnotationRecord, type ClippingRecord } from '@/utils/store/db';
import { newClippingRecord, saveClipping, savedPostIds } from '@/utils/store/clippings';
import { adjustClippingCount } from '@/utils/store/counts';
import { markForTeam } from '@/utils/store/team-marks';
import { forgetWords, indexClippings } from '@/utils/store/word-index';
import { patchedAnnotation, updateAnnotation, type AnnotationPatch } from '@/utils/store/annotations';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { parseSearch } from '@/utils/search/parse';
import { SearchCache, runSearch } from '@/utils/store/search';
import type { PostSnapshot } from '@/utils/snapshot';
import { benchAnnotation, benchSnapshot, postIdOf } from './corpus.mjs';

const BATCH = 500;
/** Posts saved by `timeSave` get ids far beyond the seeded ones, and are deleted afterwards. */
const SAVE_BASE = 90_000_000;

const snapshot = (i: number) => benchSnapshot(i) as PostSnapshot;
const clippedAtOf = (i: number) => Date.UTC(2025, 0, 1) + i * 60_000;
const themes = [...DEFAULT_THEME_IDS];

/** Stores clippings from..to-1 one by one through saveClipping and updateAnnotation, as the background and library do. */
async function seedOneByOne(db: ClipperDB, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const end = Math.min(to, start + BATCH);
    // Each batch runs in one outer transaction (Dexie runs the store's own transactions inside it).
    await db.transaction('rw', [db.clippings, db.annotations, db.outbox, db.meta, db.wordPosts], async () => {
      for (let i = start; i < end; i++) {
        await saveClipping(db, snapshot(i), clippedAtOf(i));
        const patch = benchAnnotation(i, themes) as AnnotationPatch | null;
        if (patch) await updateAnnotation(db, postIdOf(i), patch, OWNER, clippedAtOf(i) + 1);
      }
    });
  }
}

/**
 * The same records, built by the store's own record-making code (newClippingRecord, newAnnotation,
 * patchedAnnotation), their words indexed by the store's word index (indexClippings, which gives
 * them their blocks as saveClipping's does) and written with bulkAdd: several times faster, so 50,000
 * fit in the bench's time. `checkBulk` shows that both ways store the same records.
 */
async function seedBulk(db: ClipperDB, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const clippings: ClippingRecord[] = [];
    const annotations: AnnotationRecord[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      const s = snapshot(i);
      const patch = benchAnnotation(i, themes) as AnnotationPatch | null;
      const first = newAnnotation(s.postId, OWNER, clippedAtOf(i));
      const annotation = patch ? patchedAnnotation(first, patch, clippedAtOf(i) + 1) : first;
      clippings.push(newClippingRecord(s, [annotation], clippedAtOf(i)));
      annotations.push(annotation);
    }
    await db.transaction('rw', [db.clippings, db.annotations, db.meta, db.wordPosts], async () => {
      await indexClippings(db, clippings.map((record) => ({ record })));
      await db.clippings.bulkAdd(clippings);
      await db.annotations.bulkAdd(annotations);
      await adjustClippingCount(db, clippings.length);
      // The owner's writes mark their posts for the team library, as saveClipping and updateAnnotation do.
      await Promise.all(annotations.map((a) => markForTeam(db, [a.postId], a.updatedAt)));
    });
  }
}

/** The library seedWhoAgrees made, for timeWhoAgrees. */
let teamDb: ClipperDB | null = null;

const api = {
  /** Stores clippings from..to-1 with their owner's annotations; resolves to the time it took (ms). */
  async seed(from: number, to: number, way: 'bulk' | 'one-by-one' = 'bulk'): Promise<number> {
    const started = performance.now();
    await (way === 'bulk' ? seedBulk : seedOneByOne)(getDb(), from, to);
    return performance.now() - started;
  },

  /**
   * Seeds `n` clippings both ways into two scratch databases and compares every record: the bulk
   * path must store exactly what saveClipping and updateAnnotation store. Resolves to the
   * differences found (none is the answer wanted).
   */
  async checkBulk(n: number): Promise<string[]> {
    const a = new ClipperDB(`lga-bench-check-a-${Date.now()}`);
    const b = new ClipperDB(`lga-bench-check-b-${Date.now()}`);
    try {
      await seedOneByOne(a, 0, n);
      await seedBulk(b, 0, n);
      const differences: string[] = [];
      for (const table of ['clippings', 'annotations', 'meta', 'wordPosts'] as const) {
        const [x, y] = await Promise.all([a.table(table).toArray(), b.table(table).toArray()]);
        if (x.length !== y.length) differences.push(`${table}: ${x.length} one by one, ${y.length} in bulk`);
        x.forEach((record, k) => {
          if (JSON.stringify(record) !== JSON.stringify(y[k])) differences.push(`${table}[${k}] differs`);
        });
      }
      return differences;
    } finally {
      a.close();
      b.close();
      await Promise.all([ClipperDB.delete(a.name), ClipperDB.delete(b.name)]);
    }
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

  /**
   * A team's library in a scratch database: `n` clippings, each judged by a seventh to a third of
   * `contributors` imported contributors, built by the store's own record-making code (vote
   * summaries included). timeWhoAgrees then times the searches on it (the bench lets the browser
   * settle between the two: scripts/bench/settle.mjs).
   */
  async seedWhoAgrees(n: number, contributors: number): Promise<void> {
    const db = new ClipperDB(`lga-bench-team-${Date.now()}`);
    teamDb = db;
    await db.open();
    const people = Array.from({ length: contributors }, (_, c) => ({ id: `c:bench-${c}`, name: `Contributor ${c}`, organisation: `Council ${c}` }));
    await db.contributors.bulkAdd(people);
    for (let start = 0; start < n; start += BATCH) {
      const clippings: ClippingRecord[] = [];
      const annotations: AnnotationRecord[] = [];
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const s = snapshot(i);
        const mine = newAnnotation(s.postId, OWNER, clippedAtOf(i));
        // Between a seventh and a third of the team judged each post; most agree (do, or don't for
        // one in four), one in four is contested.
        const theirs = people
          .filter((_, c) => (i * 31 + c * 17) % (3 + (i % 5)) === 0)
          .map((p, c) => ({ ...newAnnotation(s.postId, p.id, clippedAtOf(i)), verdict: i % 4 === 0 ? (c % 3 === 0 ? ('dont' as const) : ('do' as const)) : i % 4 === 3 ? ('dont' as const) : ('do' as const) }));
        clippings.push(newClippingRecord(s, [mine, ...theirs], clippedAtOf(i)));
        annotations.push(mine, ...theirs);
      }
      await db.transaction('rw', [db.clippings, db.annotations, db.meta, db.wordPosts], async () => {
        await indexClippings(db, clippings.map((record) => ({ record })));
        await db.clippings.bulkAdd(clippings);
        await db.annotations.bulkAdd(annotations);
      });
    }
  },

  /**
   * Times the "who agrees" searches on seedWhoAgrees's library as the library runs them once open
   * (its order read, the operator's own lookups not yet made): resolves to their times (ms) by
   * query, then deletes the library.
   */
  async timeWhoAgrees(runs: number): Promise<Record<string, number[]>> {
    const db = teamDb;
    if (!db) throw new Error('timeWhoAgrees: seedWhoAgrees first');
    teamDb = null;
    try {
      const queries = ['by:"Contributor 7"', 'agree:do', 'votes:>=12', 'by:"Contributor 7" agree:do votes:>=8'];
      const times: Record<string, number[]> = {};
      // As in the library: the page's cache holds the order it read on opening; the operator typed
      // is looked up afresh each time (the cache is emptied, then the opening's search run again).
      const cache = new SearchCache(db);
      try {
        for (const q of queries) {
          times[q] = [];
          const { query } = parseSearch(`${q} `);
          for (let r = 0; r < runs; r++) {
            const sort = r % 2 === 0 ? 'clipped' : 'agreed';
            cache.clear();
            await runSearch(db, parseSearch('').query, {}, { sort, themes: [], cache });
            const t = performance.now();
            const { ids } = await runSearch(db, query, {}, { sort, themes: [], cache });
            times[q]!.push(performance.now() - t);
            if (q === 'agree:do' && ids.length === 0) throw new Error('agree:do found nothing in the team library');
          }
        }
      } finally {
        cache.dispose();
      }
      return times;
    } finally {
      db.close();
      await ClipperDB.delete(db.name);
    }
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
    await db.transaction('rw', [db.clippings, db.annotations, db.meta, db.wordPosts], async () => {
      await forgetWords(db, (await db.clippings.bulkGet(ids)).filter((c): c is ClippingRecord => !!c));
      await db.clippings.bulkDelete(ids);
      await db.annotations.where('postId').anyOf(ids).delete();
      await adjustClippingCount(db, -ids.length);
    });
    return times;
  },
};

(globalThis as unknown as { __benchStore: typeof api }).__benchStore = api;
