import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { removeClipping, saveClipping } from '@/utils/store/clippings';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { parseSearch } from '@/utils/search/parse';
import { ORDER_PAGE, firstIds, readOrder, runSearch, type SearchSort } from './search';
import { updateAnnotation } from '@/utils/store/annotations';
import { OWNER } from '@/utils/store/db';
import { votesOf } from '@/utils/domain/agreement';

/**
 * The library's order read in pages: many clippings share a clipped or posted time (a bundle's
 * clippings can), so pages end inside groups of equal times; the order must be the one a single read
 * of the whole index gives (by time, then by post id), every id once.
 */

interface Row {
  id: string;
  clippedAt: number;
  /** 0 when unknown. */
  postedAt: number;
  removed: boolean;
  /** The verdicts of the owner and of teammates (none: nobody judged it). */
  verdicts: Array<'do' | 'dont' | 'undecided'>;
}

// 61 clippings: clipped times in groups of 1 to 6 equal times, posted times in groups of up to 4
// (some unknown), ids not in the order of either time, a few removed.
const GROUPS = [1, 4, 2, 6, 3, 5];
const groupOf = (i: number) => {
  let group = 0;
  for (let n = 0; n <= i; group++) n += GROUPS[group % GROUPS.length]!;
  return group;
};
const rows: Row[] = Array.from({ length: 61 }, (_, i) => ({
  id: String(1_900_000 + ((i * 37) % 61)),
  clippedAt: 5_000_000 + groupOf(i) * 1000,
  postedAt: i % 9 === 4 ? 0 : Date.UTC(2026, 0, 1 + Math.floor(((i * 13) % 61) / 4)),
  removed: i % 11 === 7,
  // Most judged by nobody; the judged ones with values below, at and above 0 in both orders.
  verdicts: i % 5 === 1 ? ['do'] : i % 5 === 3 ? (i % 2 === 0 ? ['dont', 'do'] : ['dont', 'undecided']) : i % 13 === 0 ? ['do', 'do', 'dont'] : i % 7 === 0 ? ['undecided'] : [],
}));

/**
 * What one read of an agreement order's index gave: kept clippings by the value (do minus don't, or
 * the fewer of the two), then by post id, ascending, or the reverse of that.
 */
function agreementModel(sort: 'agreed' | 'contested', direction: 'desc' | 'asc'): string[] {
  const value = (r: Row) => {
    const v = votesOf(r.verdicts.map((verdict) => ({ verdict })));
    return sort === 'agreed' ? v.doLead : v.contest;
  };
  const asc = rows
    .filter((r) => !r.removed)
    .sort((a, b) => value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => r.id);
  return direction === 'desc' ? asc.reverse() : asc;
}

/** What one read of the whole index gives: kept clippings by time then id, undated ones last when by posted time. */
function model(sort: 'clipped' | 'posted', direction: 'desc' | 'asc'): string[] {
  const kept = rows.filter((r) => !r.removed);
  const byKey = (key: (r: Row) => number) => (a: Row, b: Row) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'clipped') {
    const asc = [...kept].sort(byKey((r) => r.clippedAt)).map((r) => r.id);
    return direction === 'desc' ? asc.reverse() : asc;
  }
  const dated = kept.filter((r) => r.postedAt > 0).sort(byKey((r) => r.postedAt)).map((r) => r.id);
  const undated = kept.filter((r) => r.postedAt === 0).map((r) => r.id).sort();
  return [...(direction === 'desc' ? dated.reverse() : dated), ...undated];
}

let db: ClipperDB;
beforeAll(async () => {
  db = new ClipperDB(`search-order-${Math.random()}`);
  for (const r of rows) {
    await saveClipping(db, makeSnapshot({ postId: r.id, postedAt: r.postedAt ? new Date(r.postedAt).toISOString() : undefined }), r.clippedAt);
    for (const [k, verdict] of r.verdicts.entries()) await updateAnnotation(db, r.id, { verdict }, k === 0 ? OWNER : `c:${k}`, r.clippedAt);
    if (r.removed) await removeClipping(db, r.id, r.clippedAt + 1);
  }
}, 60_000);
afterAll(async () => {
  await db.delete();
});

describe('readOrder: the order in pages', () => {
  it('the fixtures share times across page ends', () => {
    const kept = rows.filter((r) => !r.removed);
    expect(kept.length).toBeGreaterThan(50);
    expect(new Set(kept.map((r) => r.clippedAt)).size).toBeLessThan(kept.length / 2);
    expect(kept.some((r) => r.postedAt === 0)).toBe(true);
  });

  for (const sort of ['clipped', 'posted'] as const) {
    for (const direction of ['desc', 'asc'] as const) {
      it(`by ${sort}, ${direction}: every page size gives the whole order, each id once`, async () => {
        const want = model(sort, direction);
        expect(await readOrder(db, sort, direction, 10_000)).toEqual(want);
        for (const pageSize of [1, 2, 3, 5, 7, 16, want.length - 1, want.length, want.length + 1]) {
          expect(await readOrder(db, sort, direction, pageSize), `pages of ${pageSize}`).toEqual(want);
        }
      });
    }
  }

  it('the agreement orders are read whole and match the search', async () => {
    for (const sort of ['agreed', 'contested'] as SearchSort[]) {
      const { ids } = await runSearch(db, parseSearch('').query, {}, { sort, themes: [] });
      expect(await readOrder(db, sort, 'desc', 3)).toEqual(ids);
      expect(ids).toHaveLength(rows.filter((r) => !r.removed).length);
    }
  });

  it('the agreement orders list the clippings nobody judged among the judged ones of value 0, by post id, whole or first rows', async () => {
    const kept = rows.filter((r) => !r.removed);
    const judged = kept.filter((r) => r.verdicts.some((v) => v !== 'undecided'));
    expect(judged.length).toBeGreaterThan(10);
    expect(kept.length - judged.length).toBeGreaterThan(20);
    for (const sort of ['agreed', 'contested'] as const) {
      for (const direction of ['desc', 'asc'] as const) {
        const want = agreementModel(sort, direction);
        expect(await readOrder(db, sort, direction), `${sort} ${direction}`).toEqual(want);
        expect((await runSearch(db, parseSearch('').query, {}, { sort, direction, themes: [] })).ids).toEqual(want);
        for (const limit of [1, 2, 5, 9, 20, 33, want.length - 1, want.length, want.length + 3]) {
          expect(await firstIds(db, sort, direction, limit), `${sort} ${direction} first ${limit}`).toEqual(want.slice(0, limit));
          // The clippings nobody judged found by reading records, or (after too many) from the judged ids.
          for (const maxRecords of [0, 1, 3, 60]) expect(await firstIds(db, sort, direction, limit, maxRecords), `${sort} ${direction} first ${limit}, ${maxRecords} records`).toEqual(want.slice(0, limit));
        }
      }
    }
  });

  it('the search lists the same order as the model, in pages of the default size', async () => {
    expect(ORDER_PAGE).toBeGreaterThan(1);
    const { ids, total } = await runSearch(db, parseSearch('').query, {}, { sort: 'clipped', themes: [] });
    expect(ids).toEqual(model('clipped', 'desc'));
    expect(total).toBe(ids.length);
  });
});
