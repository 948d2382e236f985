import { describe, expect, it } from 'vitest';
import { BEA, bulkClip, clip, councilPost, freshDbsPerTest, postId } from '@/tests/unit/bundles';
import { failNextWrite, wrapTable } from '@/tests/unit/dbcore';
import { largestStep, seenBetweenTasks } from '@/tests/unit/tasks';
import { readBundleBytes } from '@/utils/bundle/import';
import type { Bundle } from '@/utils/bundle/schema';
import { parseSearch } from '@/utils/search/parse';
import { updateAnnotation } from './annotations';
import { saveClipping } from './clippings';
import type { ClipperDB, ClippingRecord } from './db';
import { exportLibrary } from './export-source';
import { applyMerge } from './merge';
import { runSearch } from './search';
import { changeWords, forgetWords, indexClippings, postsWithPrefix, postsWithWord, WORD_BLOCK, WORD_BLOCK_FILL, WORD_BLOCK_SIZE, WORD_PUT_SLICE } from './word-index';
import { SLICE_STEPS } from './slices';

const db = freshDbsPerTest();

/** The word table as `word block` → post ids. */
async function table(d: ClipperDB): Promise<Record<string, string[]>> {
  return Object.fromEntries((await d.wordPosts.toArray()).map((r) => [`${r.word} ${r.block}`, r.ids]));
}

/**
 * The word table holds exactly the clippings' words: each clipping is listed, in its own block, in
 * the record of every word it has, and in no other; no record is empty.
 */
async function expectInStep(d: ClipperDB): Promise<void> {
  const wanted = new Map<string, Set<string>>();
  for (const c of await d.clippings.toArray()) {
    expect(c.wordBlock, c.postId).toEqual(expect.any(Number));
    for (const word of c.words) {
      const key = `${word} ${c.wordBlock}`;
      if (!wanted.has(key)) wanted.set(key, new Set());
      wanted.get(key)!.add(c.postId);
    }
  }
  const got = await table(d);
  expect(Object.keys(got).sort()).toEqual([...wanted.keys()].sort());
  for (const [key, ids] of Object.entries(got)) {
    expect(ids.length, key).toBe(new Set(ids).size);
    expect(new Set(ids), key).toEqual(wanted.get(key));
  }
}

/** The block being filled and how many posts it holds, as `meta` keeps them. */
async function filling(d: ClipperDB): Promise<{ block: number | undefined; fill: number | undefined }> {
  const [block, fill] = await d.meta.bulkGet([WORD_BLOCK, WORD_BLOCK_FILL]);
  return { block: block?.value, fill: fill?.value };
}

/**
 * Counts the word table's writes (each put or delete request, with how many records it held); the
 * keys it reads go to `reads`.
 */
let reads: Array<[string, number]> = [];
async function countWrites(d: ClipperDB): Promise<string[]> {
  const writes: string[] = [];
  reads = [];
  // Middleware takes effect when the database opens.
  if (d.isOpen()) d.close();
  wrapTable(d, 'count-word-writes', 'wordPosts', (t) => ({
    mutate: (req) => (writes.push(`${req.type} ${'values' in req && req.values ? req.values.length : 'keys' in req && req.keys ? req.keys.length : 0}`), t.mutate(req)),
    getMany: (req) => (reads.push(...(req.keys as Array<[string, number]>)), t.getMany(req)),
  }));
  await d.open();
  return writes;
}

async function bundleOf(library: ClipperDB): Promise<Bundle> {
  const { bytes } = await exportLibrary(library, { scope: { kind: 'all' }, anonymise: false, includeImages: false, contributor: { name: 'Ann Example', organisation: 'Example Borough Council' }, now: new Date('2026-11-21T09:00:00Z') });
  const read = readBundleBytes(bytes);
  if (!read.ok) throw new Error(read.problem.code);
  return read.bundle;
}

const search = async (d: ClipperDB, text: string) => (await runSearch(d, parseSearch(text).query, {}, { sort: 'clipped', themes: [] })).ids;

describe('the word table', () => {
  it('a new clipping is listed under each of its words in the first block', async () => {
    const d = db();
    await saveClipping(d, councilPost(1, { text: 'Bins on Monday' }), 1);
    const stored = (await d.clippings.get(postId(1)))!;
    expect(stored.wordBlock).toBe(0);
    expect(await table(d)).toEqual(Object.fromEntries(stored.words.map((w) => [`${w} 0`, [postId(1)]])));
    expect(await filling(d)).toEqual({ block: 0, fill: 1 });
    await saveClipping(d, councilPost(2, { text: 'Bins on Tuesday' }), 2);
    expect((await table(d))['bins 0']).toEqual([postId(1), postId(2)]);
    expect([...(await postsWithWord(d, 'monday'))]).toEqual([postId(1)]);
    expect([...(await postsWithPrefix(d, 'tue'))]).toEqual([postId(2)]);
    await expectInStep(d);
  });

  it('follows a change of lesson words: a word gained is added, a word lost is taken out, a record emptied is deleted, others are not rewritten', async () => {
    const d = db();
    await clip(d, councilPost(1, { text: 'Bins on Monday' }), { lesson: 'Alpha beta' });
    await clip(d, councilPost(2, { text: 'Bins on Tuesday' }), { lesson: 'Beta' });
    expect((await table(d))['alpha 0']).toEqual([postId(1)]);
    expect((await table(d))['beta 0']).toEqual([postId(1), postId(2)]);
    const writes = await countWrites(d);
    await updateAnnotation(d, postId(1), { lesson: 'Gamma' });
    const after = await table(d);
    // "alpha" had only post 1: its record is deleted. "beta" keeps post 2. "gamma" is new.
    expect(after['alpha 0']).toBeUndefined();
    expect(after['beta 0']).toEqual([postId(2)]);
    expect(after['gamma 0']).toEqual([postId(1)]);
    expect(after['bins 0']).toEqual([postId(1), postId(2)]);
    // One put of the two records that changed and one delete; "bins" and the rest untouched.
    expect(writes.sort()).toEqual(['delete 1', 'put 2']);
    expect(await search(d, 'alpha ')).toEqual([]);
    expect(await search(d, 'beta ')).toEqual([postId(2)]);
    expect(await search(d, 'gam')).toEqual([postId(1)]);
    // A note's words too; a change that keeps the words writes nothing.
    writes.length = 0;
    await updateAnnotation(d, postId(2), { verdict: 'do' });
    await updateAnnotation(d, postId(2), { note: 'Beta' });
    expect(writes).toEqual([]);
    await expectInStep(d);
  });

  it('follows a re-clip of an edited post in the post’s own block', async () => {
    const d = db();
    await saveClipping(d, councilPost(1, { text: 'Road closed tonight', capturedAt: '2026-11-01T09:00:00.000Z' }), 1);
    await saveClipping(d, councilPost(1, { text: 'Road open again', capturedAt: '2026-11-02T09:00:00.000Z' }), 2);
    const stored = (await d.clippings.get(postId(1)))!;
    expect(stored.wordBlock).toBe(0);
    // The earlier text is a version: its words stay searchable.
    expect(await search(d, 'closed ')).toEqual([postId(1)]);
    expect(await search(d, 'again ')).toEqual([postId(1)]);
    expect(await filling(d)).toEqual({ block: 0, fill: 1 });
    await expectInStep(d);
  });

  it('starts a new block when one is full, and keeps a post in its block for good', async () => {
    const d = db();
    const record = (i: number, words: string[]) => ({ postId: postId(i), words }) as ClippingRecord;
    await d.transaction('rw', [d.wordPosts, d.meta], async () => {
      const first = Array.from({ length: WORD_BLOCK_SIZE + 10 }, (_, i) => record(i, ['common', `only${i}`]));
      await indexClippings(d, first.map((r) => ({ record: r })));
      expect(first.slice(0, WORD_BLOCK_SIZE).every((r) => r.wordBlock === 0)).toBe(true);
      expect(first.slice(WORD_BLOCK_SIZE).every((r) => r.wordBlock === 1)).toBe(true);
      // The next write fills block 1 and goes on into block 2.
      const blocks = await changeWords(d, Array.from({ length: WORD_BLOCK_SIZE }, (_, i) => ({ postId: postId(5000 + i), before: [], after: ['common'] })));
      expect(blocks.filter((b) => b === 1)).toHaveLength(WORD_BLOCK_SIZE - 10);
      expect(blocks.filter((b) => b === 2)).toHaveLength(10);
      // A change of a post already placed stays in its block.
      expect(await changeWords(d, [{ postId: postId(3), block: 0, before: ['common', 'only3'], after: ['common', 'changed'] }])).toEqual([0]);
    });
    const t = await table(d);
    expect(t['common 0']).toHaveLength(WORD_BLOCK_SIZE);
    expect(t['common 1']).toHaveLength(WORD_BLOCK_SIZE);
    expect(t['common 2']).toHaveLength(10);
    expect(t['only3 0']).toBeUndefined();
    expect(t['changed 0']).toEqual([postId(3)]);
    expect(await filling(d)).toEqual({ block: 2, fill: 10 });
    expect((await postsWithWord(d, 'common')).size).toBe(2 * WORD_BLOCK_SIZE + 10);
    expect((await postsWithPrefix(d, 'only')).size).toBe(WORD_BLOCK_SIZE + 9);
  });

  it('a bulk change goes a slice at a time, its records written a slice a task, so the page can draw between them', async () => {
    // At 50,000 posts the word table was worked out, then written, in tasks of 0.8 to 1.7 s on a slow machine.
    const d = db();
    let read = 0;
    let puts = 0;
    wrapTable(d, 'count-word-writes', 'wordPosts', (t) => ({
      mutate: (req) => {
        if (req.type === 'put') puts++;
        return t.mutate(req);
      },
    }));
    const n = 3 * SLICE_STEPS + 10;
    // Each change's words are read once as the table is worked out: how far it has gone.
    const changes = Array.from({ length: n }, (_, i) => ({
      postId: postId(10_000 + i),
      before: [] as string[],
      get after() {
        read++;
        return [`only${i}`, 'common'];
      },
    }));
    const seen = await seenBetweenTasks(() => [read, puts] as const, () => d.transaction('rw', [d.wordPosts, d.meta], () => changeWords(d, changes)));
    const most = (k: 0 | 1) => largestStep(seen.map((x) => x[k]));
    expect(read).toBe(n);
    expect(most(0)).toBeLessThanOrEqual(SLICE_STEPS);
    // A record for each post's word of its own, and one for 'common' in each block: WORD_PUT_SLICE at a time.
    expect(puts).toBe(Math.ceil((n + Math.ceil(n / WORD_BLOCK_SIZE)) / WORD_PUT_SLICE));
    expect(most(1)).toBe(1);
    expect((await postsWithWord(d, 'common')).size).toBe(n);
    expect((await postsWithPrefix(d, 'only')).size).toBe(n);
  });

  it('an import of many posts writes one record per word and block, and a search finds them in every block', async () => {
    const ann = db();
    const n = WORD_BLOCK_SIZE + 200;
    await bulkClip(ann, n, (i) => councilPost(i, { text: `Gritting ${i % 2 === 0 ? 'tonight' : 'tomorrow'} route${i}` }));
    await expectInStep(ann);
    const bundle = await bundleOf(ann);
    const bea = db();
    await saveClipping(bea, councilPost(n + 1, { text: 'Gritting already here' }), 1);
    const writes = await countWrites(bea);
    expect((await applyMerge(bea, bundle, BEA)).newClippings).toBe(n);
    await expectInStep(bea);
    // Post n + 1 took the first place: the import's posts fill block 0, then block 1.
    const blocks = (await bea.clippings.toArray()).map((c) => c.wordBlock);
    expect(blocks.filter((b) => b === 0)).toHaveLength(WORD_BLOCK_SIZE);
    expect(blocks.filter((b) => b === 1)).toHaveLength(n + 1 - WORD_BLOCK_SIZE);
    // One put for the whole import: far fewer records than (word, post) pairs. Only the records of
    // block 0, which held a post, are read: block 1 never held one.
    expect(writes).toHaveLength(1);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter(([, block]) => block !== 0)).toEqual([]);
    expect(await filling(bea)).toEqual({ block: 1, fill: n + 1 - WORD_BLOCK_SIZE });
    const records = await bea.wordPosts.count();
    const pairs = (await bea.clippings.toArray()).reduce((sum, c) => sum + c.words.length, 0);
    expect(records).toBeLessThan(pairs / 2);
    expect((await search(bea, 'gritting ')).length).toBe(n + 1);
    expect((await search(bea, 'tonight ')).length).toBe(n / 2);
    expect(await search(bea, `route${n - 1} `)).toEqual([postId(n - 1)]);
    expect((await search(bea, 'route1')).length).toBe(new Set(Array.from({ length: n }, (_, i) => i + 1).filter((i) => String(i).startsWith('1'))).size);
  });

  it('a merge that fails part way leaves the word table as it was', async () => {
    const ann = db();
    await clip(ann, councilPost(1, { text: 'Flood warning for the valley' }), { lesson: 'Name the roads' });
    const bea = db();
    const full = failNextWrite(bea, 'annotations');
    await clip(bea, councilPost(9, { text: 'Library hours' }), { lesson: 'Mine' });
    const before = { words: await table(bea), filling: await filling(bea) };
    const bundle = await bundleOf(ann);
    full.arm();
    await expect(applyMerge(bea, bundle, BEA)).rejects.toThrow('QuotaExceededError');
    expect(full.fired()).toBe(true);
    expect(await table(bea)).toEqual(before.words);
    expect(await filling(bea)).toEqual(before.filling);
    await applyMerge(bea, bundle, BEA);
    expect(await search(bea, 'flood ')).toEqual([postId(1)]);
    await expectInStep(bea);
  });

  it('importing the same bundle again writes no record of the word table', async () => {
    const ann = db();
    await clip(ann, councilPost(1, { text: 'Flood warning' }), { lesson: 'Name the roads' });
    await clip(ann, councilPost(2, { text: 'Snow warning' }), { lesson: 'Say when' });
    const bundle = await bundleOf(ann);
    const bea = db();
    const writes = await countWrites(bea);
    await applyMerge(bea, bundle, BEA);
    expect(writes).toHaveLength(1);
    const before = await table(bea);
    writes.length = 0;
    await applyMerge(bea, bundle, BEA);
    expect(writes).toEqual([]);
    expect(await table(bea)).toEqual(before);
    await expectInStep(bea);
  });

  it('a clipping deleted for good leaves every record of its words', async () => {
    const d = db();
    await saveClipping(d, councilPost(1, { text: 'Bins on Monday' }), 1);
    await saveClipping(d, councilPost(2, { text: 'Bins on Tuesday' }), 2);
    await d.transaction('rw', [d.clippings, d.wordPosts, d.meta], async () => {
      await forgetWords(d, [(await d.clippings.get(postId(1)))!]);
      await d.clippings.delete(postId(1));
    });
    const t = await table(d);
    expect(t['bins 0']).toEqual([postId(2)]);
    expect(t['monday 0']).toBeUndefined();
    expect(await search(d, 'monday ')).toEqual([]);
    await expectInStep(d);
  });
});
