import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { removeClipping, saveClipping } from '@/utils/store/clippings';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { parseSearch } from '@/utils/search/parse';
import { ORDER_PAGE, readOrder, runSearch, type SearchSort } from './search';

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
}));

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

  it('the search lists the same order as the model, in pages of the default size', async () => {
    expect(ORDER_PAGE).toBeGreaterThan(1);
    const { ids, total } = await runSearch(db, parseSearch('').query, {}, { sort: 'clipped', themes: [] });
    expect(ids).toEqual(model('clipped', 'desc'));
    expect(total).toBe(ids.length);
  });
});
