/**
 * Bundled by scripts/bench/build.mjs and evaluated in an extension page by upgrade-profile.mjs:
 * writes a library of `n` clippings as schema version 11 stored it (plain Dexie with the released
 * schemas, records built by the store's own code, two in five judged by a teammate as the import
 * bench's are, so no clipping is contested), times the agreement order's one read of version 11's
 * index, then opens it with ClipperDB (the upgrade to the latest version) and times that, and the
 * library's orders after it.
 */
import Dexie from 'dexie';
import { ClipperDB, newAnnotation, OWNER, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, SCHEMA_V9, SCHEMA_V10, SCHEMA_V11, type AnnotationRecord, type ClippingRecord } from '@/utils/store/db';
import { newClippingRecord } from '@/utils/store/clippings';
import { withIndexFields } from '@/utils/store/annotation-index';
import { firstIds, readOrder, type SearchSort } from '@/utils/store/search';
import type { PostSnapshot } from '@/utils/snapshot';
import { benchSnapshot } from './corpus.mjs';

const RELEASED = [[1, SCHEMA_V1], [2, SCHEMA_V2], [3, SCHEMA_V3], [4, SCHEMA_V4], [6, SCHEMA_V6], [7, SCHEMA_V7], [8, SCHEMA_V8], [9, SCHEMA_V9], [10, SCHEMA_V10], [11, SCHEMA_V11]] as const;
const BATCH = 1000;

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await run();
  return [Math.round(performance.now() - t), value];
}

/** Writes the version 11 library; resolves to its name and how long the agreement order's one read of version 11's index took. */
async function seed(n: number): Promise<{ name: string; seedMs: number; oldAgreedWholeMs: number }> {
  const name = `lga-bench-upgrade-${Date.now()}`;
  const old = new Dexie(name);
  for (const [v, schema] of RELEASED) old.version(v).stores(schema);
  const [seedMs] = await timed(async () => {
    for (let start = 0; start < n; start += BATCH) {
      const clippings: ClippingRecord[] = [];
      const annotations: AnnotationRecord[] = [];
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const s = benchSnapshot(i) as PostSnapshot;
        const mine = newAnnotation(s.postId, OWNER, i);
        const theirs = { ...newAnnotation(s.postId, 'c:bench', i), verdict: i % 5 === 0 ? ('dont' as const) : i % 5 === 1 ? ('do' as const) : ('undecided' as const) };
        clippings.push({ ...newClippingRecord(s, [mine, theirs], i), wordBlock: 0 });
        annotations.push(withIndexFields(mine), withIndexFields(theirs));
      }
      await old.transaction('rw', old.table('clippings'), old.table('annotations'), async () => {
        await old.table('clippings').bulkAdd(clippings);
        await old.table('annotations').bulkAdd(annotations);
      });
    }
    await old.table('meta').put({ key: 'clippingCount', value: n });
  });
  const [oldAgreedWholeMs] = await timed(() => old.table('clippings').where('[removed+doLead]').between([0, Dexie.minKey], [0, Dexie.maxKey]).primaryKeys());
  old.close();
  return { name, seedMs, oldAgreedWholeMs };
}

/** Opens the library with ClipperDB: the upgrade. */
async function upgrade(name: string): Promise<{ verno: number; upgradeMs: number }> {
  const db = new ClipperDB(name);
  const [upgradeMs] = await timed(() => db.open());
  const verno = db.verno;
  db.close();
  return { verno, upgradeMs };
}

/** Times the library's orders, twice each, then deletes the library. */
async function orders(name: string): Promise<Record<string, number[]>> {
  const db = new ClipperDB(name);
  try {
    // Each read twice; and, to compare with the agreement orders, one read of every key of an
    // index, as version 11's agreement order was.
    const out: Record<string, number[]> = {};
    const time = async (label: string, run: () => Promise<unknown>) => void (out[label] ??= []).push((await timed(run))[0]);
    for (let round = 0; round < 2; round++) {
      await time('one read of every key of [removed+clippedAt]', () => db.clippings.where('[removed+clippedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey]).primaryKeys());
      for (const sort of ['clipped', 'agreed', 'contested'] as SearchSort[]) {
        await time(`${sort} whole`, () => readOrder(db, sort, 'desc'));
        await time(`${sort} first 50`, () => firstIds(db, sort, 'desc', 50));
        await time(`${sort} first 50 asc`, () => firstIds(db, sort, 'asc', 50));
      }
    }
    return out;
  } finally {
    db.close();
    await Dexie.delete(name);
  }
}

(globalThis as unknown as { __benchUpgrade: unknown }).__benchUpgrade = { seed, upgrade, orders };
