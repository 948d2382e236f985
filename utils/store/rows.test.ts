import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipperDB, OWNER } from './db';
import { removeClipping, saveClipping } from './clippings';
import { updateAnnotation } from './annotations';
import { readRow, readRows, RowCache, touchedPosts } from './rows';
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

describe('touchedPosts: which posts a change names', () => {
  const one = (key: unknown) => ({ from: key, to: key, l: null, r: null });
  it('names the posts of clippings and of annotations written or deleted', () => {
    const parts = {
      'idb://lib/clippings/': one('1'),
      'idb://lib/clippings/[removed+clippedAt]': { from: [0, 1], to: [0, 9] },
      'idb://lib/annotations/': { ...one(['2', 'owner']), r: one(['3', 'editor-1']) },
      'idb://lib/annotations/:dels': one(['4', 'editor-2']),
      'idb://lib/meta/': one('clippingCount'),
    };
    expect([...touchedPosts(parts, 'lib')!].sort()).toEqual(['1', '2', '3', '4']);
    expect(touchedPosts({ 'idb://other/clippings/': one('9') }, 'lib')).toEqual(new Set());
  });
  it('names none (null) for a range, or for a table changed without its keys', () => {
    expect(touchedPosts({ 'idb://lib/annotations/': { from: ['1', ''], to: ['5', '\uffff'] } }, 'lib')).toBeNull();
    expect(touchedPosts({ 'idb://lib/clippings/authorHandle': one('westvaledc') }, 'lib')).toBeNull();
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

  it('keeps a shown row drawn while it is read again, and forgets a row not shown when its post changes', async () => {
    cache.show(ids);
    await vi.waitFor(() => expect(cache.get(ids[2]!)).toBeDefined());
    cache.show([ids[0]!]);
    const before = cache.get(ids[0]!);
    await updateAnnotation(db, ids[0]!, { lesson: 'Shorter' }, OWNER, 20);
    // Straight after the change: the row still has its records (no placeholder), then the fresh ones.
    expect(cache.get(ids[0]!)).toBe(before);
    await vi.waitFor(() => expect(cache.get(ids[0]!)?.annotations[0]?.lesson).toBe('Shorter'));
    // Rows scrolled away whose posts did not change are kept, to draw at once when scrolled back.
    expect(cache.get(ids[1]!)).toBeDefined();
    await updateAnnotation(db, ids[1]!, { verdict: 'dont' }, 'editor-1', 21);
    await vi.waitFor(() => expect(cache.get(ids[1]!)).toBeUndefined());
    expect(cache.get(ids[2]!)).toEqual(await readRow(db, ids[2]!));
    // Drawn again, it is read afresh.
    cache.show([ids[0]!, ids[1]!]);
    await vi.waitFor(() => expect(cache.get(ids[1]!)?.annotations.map((x) => x.contributorId)).toContain('editor-1'));
  });

  it('reads again only the rows whose posts a change names; every row when it names none', async () => {
    const read: string[][] = [];
    const counting = new RowCache(db, (d, postIds) => {
      read.push([...postIds]);
      return readRows(d, postIds);
    });
    try {
      counting.show(ids);
      await vi.waitFor(() => expect(counting.get(ids[2]!)).toBeDefined());
      read.length = 0;
      await updateAnnotation(db, ids[1]!, { verdict: 'do' }, 'editor-2', 40);
      await vi.waitFor(() => expect(counting.get(ids[1]!)?.annotations.map((x) => x.contributorId)).toContain('editor-2'));
      await settled();
      expect(read).toEqual([[ids[1]]]);
      read.length = 0;
      // A change of every annotation at once: every row shown shows it.
      await db.annotations.toCollection().modify({ note: 'Changed in bulk' });
      await vi.waitFor(() => expect(counting.get(ids[2]!)?.annotations.every((x) => x.note === 'Changed in bulk')).toBe(true));
      for (const id of ids) expect(counting.get(id)).toEqual(await readRow(db, id));
    } finally {
      counting.dispose();
    }
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
    const seen: string[] = [];
    slow.onChange(() => seen.push(slow.get(ids[0]!)?.annotations[0]?.lesson ?? 'none'));
    try {
      slow.show([ids[0]!]);
      await settled();
      await updateAnnotation(db, ids[0]!, { lesson: 'After the read began' }, OWNER, 30);
      await settled();
      release();
      await vi.waitFor(() => expect(slow.get(ids[0]!)?.annotations[0]?.lesson).toBe('After the read began'));
      await settled();
      // The read from before the change came back first, and was dropped: the page never saw it.
      expect(seen).toEqual(['After the read began']);
    } finally {
      slow.dispose();
    }
  });

  it('reads one set of rows at a time: a fast scroll reads where it has got to, not every place it passed', async () => {
    const more = Array.from({ length: 40 }, (_, i) => String(1846400000000000000n + BigInt(i)));
    await db.transaction('rw', db.clippings, async () => {
      const one = await db.clippings.get(ids[0]!);
      await db.clippings.bulkPut(more.map((postId) => ({ ...one!, postId })));
    });
    await settled();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const reads: string[][] = [];
    const scrolling = new RowCache(db, async (d, postIds) => {
      reads.push([...postIds]);
      const rows = await readRows(d, postIds);
      if (reads.length === 1) await held;
      return rows;
    });
    try {
      scrolling.show(more.slice(0, 10));
      await settled();
      scrolling.show(more.slice(10, 20));
      scrolling.show(more.slice(20, 30));
      scrolling.show(more.slice(25, 35));
      await settled();
      expect(reads).toHaveLength(1);
      release();
      await vi.waitFor(() => expect(scrolling.get(more[34]!)).toBeDefined());
      expect(reads).toEqual([more.slice(0, 10), more.slice(25, 35)]);
      for (const id of more.slice(25, 35)) expect(scrolling.get(id)).toEqual(await readRow(db, id));
    } finally {
      scrolling.dispose();
    }
  });

  it('after a failed read, tries again when the page shows rows or the library changes, not in a loop', async () => {
    let calls = 0;
    let failing = true;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const flaky = new RowCache(db, async (d, postIds) => {
      calls++;
      if (failing) throw new Error('database closed');
      return readRows(d, postIds);
    });
    try {
      flaky.show(ids);
      await settled();
      expect(calls).toBe(1);
      expect(flaky.get(ids[0]!)).toBeUndefined();
      failing = false;
      flaky.show(ids);
      await vi.waitFor(() => expect(flaky.get(ids[2]!)).toEqual(expect.objectContaining({ clipping: expect.anything() })));
      expect(calls).toBe(2);
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      flaky.dispose();
      errors.mockRestore();
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
