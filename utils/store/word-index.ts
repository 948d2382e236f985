import Dexie, { type Table } from 'dexie';
import type { ClippingRecord, WordPostsRecord } from '@/utils/domain/records';
import { inTurns, slicer } from './slices';

/**
 * (v10) The library's word index: the `wordPosts` table, one record per search word and block of
 * posts, listing the ids of that block's posts whose search words include the word. The one writer
 * of the table: every write that changes a clipping's `words` (or adds or deletes a clipping) passes
 * the change here, inside its own transaction, which must include `db.wordPosts` and `db.meta`.
 *
 * Posts are given blocks in the order they are first indexed: the `meta` records `wordBlock` and
 * `wordBlockFill` hold the block being filled and how many posts it holds; when it holds
 * `WORD_BLOCK_SIZE`, the next post starts the next block. A clipping keeps its block (`wordBlock`)
 * for good, so its later changes find its records. An import of 10,000 new posts thus writes one
 * record per distinct word and block of 1,000 instead of one index entry per word and post (about
 * 300,000), and reads nothing for the blocks it starts: a block after the one being filled has
 * never held a post, so it has no records.
 */

/** How many posts one block holds. */
export const WORD_BLOCK_SIZE = 1000;

/** The `meta` keys of the block being filled, and of how many posts it holds. */
export const WORD_BLOCK = 'wordBlock';
export const WORD_BLOCK_FILL = 'wordBlockFill';

/** Word records put in one request list, at most (a few tens of posts' ids each): about 70 ms of copying on a slow machine. */
export const WORD_PUT_SLICE = 2000;

/** The tables the word index reads and writes (the database, or an upgrade's transaction's tables). */
export interface WordTables {
  wordPosts: Table<WordPostsRecord, [string, number]>;
  meta: Table<{ key: string; value: number }, string>;
}

/** One post's words before and after a write. `block`: the post's block, absent for a post never indexed. */
export interface WordChange {
  postId: string;
  block?: number;
  before: readonly string[];
  after: readonly string[];
}

interface Edit {
  word: string;
  block: number;
  add: string[];
  remove: Set<string>;
}

/**
 * Applies changes of posts' words to the word table, inside the caller's transaction: groups them by
 * word and block, reads the records concerned at once, and writes back only those that changed (a
 * record left with no post is deleted). Posts without a block are given the next places. Resolves to
 * the block of each change, in order.
 */
export async function changeWords(db: WordTables, changes: readonly WordChange[]): Promise<number[]> {
  const unplaced = changes.some((c) => c.block === undefined);
  let current = 0;
  let fill = 0;
  // The first block that has never held a post (none while no post is placed).
  let fresh = Infinity;
  if (unplaced) {
    const [block, count] = await db.meta.bulkGet([WORD_BLOCK, WORD_BLOCK_FILL]);
    current = block?.value ?? 0;
    fill = count?.value ?? 0;
    fresh = fill === 0 ? current : current + 1;
  }
  const place = () => {
    if (fill >= WORD_BLOCK_SIZE) {
      current++;
      fill = 0;
    }
    fill++;
    return current;
  };
  const edits = new Map<string, Edit>();
  const edit = (word: string, block: number) => {
    const key = `${block}\u0000${word}`;
    let e = edits.get(key);
    if (!e) edits.set(key, (e = { word, block, add: [], remove: new Set() }));
    return e;
  };
  const blocks: number[] = [];
  // A bulk change (an import, a sync's pass) goes a slice at a time (utils/store/slices.ts).
  const nextSlice = slicer(() => db.meta.get(WORD_BLOCK));
  for (const c of changes) {
    const pause = nextSlice();
    if (pause) await pause;
    const block = c.block ?? place();
    blocks.push(block);
    if (c.before.length === 0) {
      for (const word of new Set(c.after)) edit(word, block).add.push(c.postId);
      continue;
    }
    const before = new Set(c.before);
    const after = new Set(c.after);
    for (const word of after) if (!before.has(word)) edit(word, block).add.push(c.postId);
    for (const word of before) if (!after.has(word)) edit(word, block).remove.add(c.postId);
  }
  if (unplaced) {
    await db.meta.bulkPut([
      { key: WORD_BLOCK, value: current },
      { key: WORD_BLOCK_FILL, value: fill },
    ]);
  }
  if (edits.size === 0) return blocks;

  const list = [...edits.values()];
  // Only blocks that have held posts can have records: the others' are not read.
  const stored: Array<WordPostsRecord | undefined> = new Array(list.length);
  const toRead: number[] = [];
  list.forEach((e, i) => {
    if (e.block < fresh) toRead.push(i);
  });
  if (toRead.length > 0) {
    const found = await db.wordPosts.bulkGet(toRead.map((i) => [list[i]!.word, list[i]!.block] as [string, number]));
    toRead.forEach((i, k) => {
      stored[i] = found[k];
    });
  }
  const puts: WordPostsRecord[] = [];
  const deletes: Array<[string, number]> = [];
  for (let i = 0; i < list.length; i++) {
    const pause = nextSlice();
    if (pause) await pause;
    const e = list[i]!;
    const record = stored[i];
    let ids = record?.ids ?? [];
    let changed = false;
    if (e.remove.size > 0 && ids.length > 0) {
      const kept = ids.filter((id) => !e.remove.has(id));
      changed = kept.length !== ids.length;
      ids = kept;
    }
    if (e.add.length > 0) {
      // One post (a save, an edit): a scan of the list; many (an import): a set of it.
      const have = ids.length > 0 && e.add.length > 1 ? new Set(ids) : null;
      const added = ids.length === 0 ? e.add : have ? e.add.filter((id) => !have.has(id)) : e.add.filter((id) => !ids.includes(id));
      if (added.length > 0) {
        ids = ids.concat(added);
        changed = true;
      }
    }
    if (!changed) continue;
    if (ids.length > 0) puts.push({ word: e.word, block: e.block, ids });
    else if (record) deletes.push([e.word, e.block]);
  }
  // Written a slice at a time, each in a task of its own: at 50,000 posts, one put of every record held the page
  // 0.8 to 1.7 s on a slow machine (copying every post's id into the requests).
  const slices = Math.ceil(puts.length / WORD_PUT_SLICE);
  await inTurns(slices, 2, () => db.meta.get(WORD_BLOCK), (k) => db.wordPosts.bulkPut(puts.slice(k * WORD_PUT_SLICE, (k + 1) * WORD_PUT_SLICE)));
  if (deletes.length > 0) await db.wordPosts.bulkDelete(deletes);
  return blocks;
}

/**
 * Keeps the word table in step with clipping records about to be stored, inside the caller's
 * transaction: each record's `words` against `before`'s (the stored record it replaces; none for a
 * new post). A record without a `wordBlock` is given one (set on the record, to be stored with it).
 */
export async function indexClippings(db: WordTables, items: ReadonlyArray<{ record: ClippingRecord; before?: Pick<ClippingRecord, 'words' | 'wordBlock'> }>): Promise<void> {
  if (items.length === 0) return;
  const blocks = await changeWords(
    db,
    items.map(({ record, before }) => ({ postId: record.postId, block: record.wordBlock ?? before?.wordBlock, before: before?.words ?? [], after: record.words })),
  );
  items.forEach(({ record }, i) => {
    record.wordBlock = blocks[i];
  });
}

/** Takes clippings being deleted for good out of the word table (inside the caller's transaction). */
export async function forgetWords(db: WordTables, records: ReadonlyArray<Pick<ClippingRecord, 'postId' | 'words' | 'wordBlock'>>): Promise<void> {
  const indexed = records.filter((r) => r.wordBlock !== undefined);
  if (indexed.length > 0) await changeWords(db, indexed.map((r) => ({ postId: r.postId, block: r.wordBlock, before: r.words, after: [] })));
}

/** The ids of the posts listed in these records, once each. */
function idsOf(records: readonly WordPostsRecord[]): Set<string> {
  const out = new Set<string>();
  for (const r of records) for (const id of r.ids) out.add(id);
  return out;
}

/** The posts whose search words include `word`: its records in every block. */
export async function postsWithWord(db: Pick<WordTables, 'wordPosts'>, word: string): Promise<Set<string>> {
  return idsOf(await db.wordPosts.where('[word+block]').between([word, Dexie.minKey], [word, Dexie.maxKey], true, true).toArray());
}

/** The posts with a search word that begins with `prefix`: the records of every such word, in every block. */
export async function postsWithPrefix(db: Pick<WordTables, 'wordPosts'>, prefix: string): Promise<Set<string>> {
  return idsOf(await db.wordPosts.where('[word+block]').between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey], true, true).toArray());
}
