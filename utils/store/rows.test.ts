import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipperDB, OWNER } from './db';
import { removeClipping, saveClipping } from './clippings';
import { updateAnnotation } from './annotations';
import { readRow, readRows, RowCache } from './rows';
import { makeSnapshot } from '@/tests/unit/snapshots';

let db: ClipperDB;
beforeEach(() => {
  db = new ClipperDB(`rows-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('the rows the library shows first, read together', () => {
  it('gives each row what the row reads alone: its clipping and every contributor’s annotation', async () => {
    const ids = ['1846200000000000001', '1846200000000000002', '1846200000000000003'];
    for (const [i, id] of ids.entries()) await saveClipping(db, makeSnapshot({ postId: id, text: `Post ${i} #lgadigital` }), i + 1);
    await updateAnnotation(db, ids[0]!, { verdict: 'do', lesson: 'Lead with the date' }, OWNER, 10);
    await updateAnnotation(db, ids[0]!, { verdict: 'dont' }, 'editor-1', 11);
    await updateAnnotation(db, ids[2]!, { verdict: 'dont', lesson: 'Too long' }, 'editor-2', 12);
    await removeClipping(db, ids[1]!, 13);

    const missing = '1846200000000000999';
    const rows = await readRows(db, [ids[2]!, missing, ...ids.slice(0, 2)]);
    expect([...rows.keys()]).toEqual([ids[2], missing, ids[0], ids[1]]);
    for (const id of [...ids, missing]) expect(rows.get(id)).toEqual(await readRow(db, id));
    expect(rows.get(ids[0]!)!.annotations.map((a) => [a.contributorId, a.verdict]).sort()).toEqual([['editor-1', 'dont'], [OWNER, 'do']].sort());
    expect(rows.get(ids[2]!)!.clipping?.snapshot.text).toBe('Post 2 #lgadigital');
    expect(rows.get(missing)).toEqual({ clipping: undefined, annotations: [] });
  });

  it('reads nothing for no rows', async () => {
    expect((await readRows(db, [])).size).toBe(0);
  });
});

describe('RowCache: the rows a page shows, kept live', () => {
  const ids = ['1846200000000000001', '1846200000000000002', '1846200000000000003'];
  let cache: RowCache;
  let arrivals: number;
  beforeEach(async () => {
    for (const [i, id] of ids.entries()) await saveClipping(db, makeSnapshot({ postId: id, text: `Post ${i} #lgadigital` }), i + 1);
    cache = new RowCache(db);
    arrivals = 0;
    cache.onChange(() => arrivals++);
  });
  afterEach(() => cache.dispose());
  const settled = () => new Promise((r) => setTimeout(r, 50));

  it('reads the rows shown, together, and tells the page once they are in', async () => {
    cache.show(ids.slice(0, 2));
    expect(cache.get(ids[0]!)).toBeUndefined();
    await vi.waitFor(() => expect(cache.get(ids[1]!)?.clipping?.snapshot.text).toBe('Post 1 #lgadigital'));
    expect(cache.get(ids[0]!)).toEqual(await readRow(db, ids[0]!));
    expect(cache.get(ids[2]!)).toBeUndefined();
    expect(arrivals).toBe(1);
    // Shown again, nothing is read again.
    cache.show(ids.slice(0, 2));
    await settled();
    expect(arrivals).toBe(1);
  });

  it('shows a change made anywhere: a verdict, a teammate’s annotation, a removal', async () => {
    cache.show(ids);
    await vi.waitFor(() => expect(cache.get(ids[2]!)).toBeDefined());
    await updateAnnotation(db, ids[0]!, { verdict: 'do', lesson: 'Lead with the date' }, OWNER, 10);
    await vi.waitFor(() => expect(cache.get(ids[0]!)?.annotations.find((a) => a.contributorId === OWNER)?.verdict).toBe('do'));
    await updateAnnotation(db, ids[1]!, { verdict: 'dont' }, 'editor-1', 11);
    await vi.waitFor(() => expect(cache.get(ids[1]!)?.annotations.map((a) => a.contributorId)).toContain('editor-1'));
    await removeClipping(db, ids[2]!, 12);
    await vi.waitFor(() => expect(cache.get(ids[2]!)?.clipping?.removed).toBe(1));
    for (const id of ids) expect(cache.get(id)).toEqual(await readRow(db, id));
  });

  it('keeps a shown row drawn while it is read again, and drops rows no longer shown on a change', async () => {
    cache.show(ids);
    await vi.waitFor(() => expect(cache.get(ids[2]!)).toBeDefined());
    cache.show([ids[0]!]);
    const before = cache.get(ids[0]!);
    const write = updateAnnotation(db, ids[0]!, { lesson: 'Shorter' }, OWNER, 20);
    await write;
    // Straight after the change: the row still has its records (no placeholder), then the fresh ones.
    expect(cache.get(ids[0]!)).toBeDefined();
    await vi.waitFor(() => expect(cache.get(ids[0]!)?.annotations[0]?.lesson).toBe('Shorter'));
    expect(before?.annotations[0]?.lesson ?? '').toBe('');
    expect(cache.get(ids[1]!)).toBeUndefined();
    expect(cache.get(ids[2]!)).toBeUndefined();
  });

  it('never lets a read begun before a change land after it', async () => {
    // A read held back until the change has been made and heard.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    const slow = new RowCache(db, async (d, postIds) => {
      const rows = await readRows(d, postIds);
      if (first) {
        first = false;
        await held;
      }
      return rows;
    });
    try {
      slow.show([ids[0]!]);
      await settled();
      await updateAnnotation(db, ids[0]!, { lesson: 'After the read began' }, OWNER, 30);
      await vi.waitFor(() => expect(slow.get(ids[0]!)?.annotations[0]?.lesson).toBe('After the read began'));
      release();
      await settled();
      // The read from before the change came back last, and was dropped.
      expect(slow.get(ids[0]!)?.annotations[0]?.lesson).toBe('After the read began');
    } finally {
      slow.dispose();
    }
  });

  it('keeps at most MAX_KEPT rows beyond those shown, dropping the oldest read', async () => {
    const many = Array.from({ length: RowCache.MAX_KEPT + 50 }, (_, i) => String(1846300000000000000n + BigInt(i)));
    await db.transaction('rw', db.clippings, async () => {
      const one = await db.clippings.get(ids[0]!);
      await db.clippings.bulkPut(many.map((postId) => ({ ...one!, postId })));
    });
    await settled();
    cache.show(many.slice(0, 200));
    await vi.waitFor(() => expect(cache.get(many[199]!)).toBeDefined());
    cache.show(many.slice(200));
    await vi.waitFor(() => expect(cache.get(many.at(-1)!)).toBeDefined());
    expect(cache.get(many[0]!)).toBeUndefined(); // read first, dropped first
    expect(cache.get(many[199]!)).toBeDefined();
    for (const id of many.slice(200)) expect(cache.get(id)).toBeDefined();
  });
});
