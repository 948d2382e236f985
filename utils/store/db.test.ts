import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipperDB, DB_VERSION, OWNER, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, SCHEMA_V9, SCHEMA_V10, SCHEMA_V11, newAnnotation, AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS, type AnnotationRecord, type ClippingRecord } from './db';
import { postsWithPrefix, postsWithWord, WORD_BLOCK, WORD_BLOCK_FILL, WORD_BLOCK_SIZE } from './word-index';
import { firstIds, readOrder, runSearch, type SearchSort } from './search';
import { parseSearch } from '@/utils/search/parse';
import { queueLibrary } from './images';
import { votesOf } from '@/utils/domain/agreement';
import { countClippings } from './counts';
import { savedIdsInPostOrder, votesBetween, type VoteSummary } from './clipping-index';
import { withIndexFields } from './annotation-index';
import { changeMany } from './bulk';
import { markWholeLibrary } from './team-marks';
import { removeClipping, restoreClipping } from './clippings';
import { updateAnnotation } from './annotations';
import { searchWords } from '@/utils/domain/words';
import { saveClipping } from './clippings';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { makeSnapshot } from '@/tests/unit/snapshots';
import type { LibraryFilters } from './search';

const names: string[] = [];

/**
 * The clippings as stored, without the word block version 10's upgrade gives each (the version 10
 * test checks those), so the tests of earlier upgrades compare what those upgrades kept.
 */
async function storedClippings(db: ClipperDB): Promise<ClippingRecord[]> {
  return (await db.clippings.toArray()).map((c) => {
    const { wordBlock, ...rest } = c;
    expect(wordBlock).toEqual(expect.any(Number));
    return rest;
  });
}

/** The `meta` records but the word table's block being filled and its count of posts (version 10). */
async function storedMeta(db: ClipperDB) {
  return (await db.meta.toArray()).filter((m) => m.key !== WORD_BLOCK && m.key !== WORD_BLOCK_FILL);
}
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** The schemas of the released versions (5 changed no schema), to open a database as an older version made it. */
const RELEASED: ReadonlyArray<readonly [number, Record<string, string>]> = [
  [1, SCHEMA_V1],
  [2, SCHEMA_V2],
  [3, SCHEMA_V3],
  [4, SCHEMA_V4],
  [6, SCHEMA_V6],
  [7, SCHEMA_V7],
  [8, SCHEMA_V8],
  [9, SCHEMA_V9],
  [10, SCHEMA_V10],
  [11, SCHEMA_V11],
];

/** A database opened as version `version` of the library declared it, for an upgrade test to fill. */
function olderLibrary(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const [v, schema] of RELEASED) if (v <= version) db.version(v).stores(schema);
  return db;
}

describe('database versions', () => {
  it('upgrades a version 1 library to version 2 keeping every clipping, with an undecided annotation and search words for each', async () => {
    const name = `upgrade-${Math.random()}`;
    names.push(name);
    // A library as version 1 wrote it.
    const v1 = olderLibrary(name, 1);
    const records = Array.from({ length: 25 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(1000 + i), text: `Gritting routes tonight, post ${i} #lgadigital` });
      return { postId: snapshot.postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: (i % 5 === 0 ? 1 : 0) as 0 | 1, captures: [] };
    });
    await v1.table('clippings').bulkAdd(records);
    v1.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION); // through version 2 to the latest
    expect(await db.clippings.count()).toBe(25);
    const one = (await db.clippings.get('1007'))!;
    expect(one.snapshot.text).toBe('Gritting routes tonight, post 7 #lgadigital');
    expect(one.words).toEqual(expect.arrayContaining(['gritting', 'lgadigital', 'exampleboroughcncl']));
    expect(await db.clippings.where('removed').equals(1).count()).toBe(5); // removed ones stay removed, and kept
    expect(await db.annotations.filter((a) => a.contributorId === OWNER && a.verdict === 'undecided').count()).toBe(25);
    expect((await db.themes.orderBy('order').primaryKeys())).toEqual([...DEFAULT_THEME_IDS]);
    expect((await postsWithPrefix(db, 'gritt')).size).toBe(25);
    db.close();
  });

  it('upgrades a version 2 library to version 3 keeping every record, with an empty outbox that writes then use', async () => {
    const name = `upgrade-v3-${Math.random()}`;
    names.push(name);
    // A library as version 2 wrote it.
    const v2 = olderLibrary(name, 2);
    const clippings = Array.from({ length: 20 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(2000 + i), text: `Bin collections change, post ${i} #lgadigital` });
      const counts = snapshot.counts;
      return { postId: snapshot.postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: (i % 4 === 0 ? 1 : 0) as 0 | 1, captures: [{ capturedAt: snapshot.capturedAt, pageUrl: snapshot.pageUrl, counts }], words: searchWords(snapshot, []) };
    });
    await v2.table('clippings').bulkAdd(clippings);
    await v2.table('annotations').bulkAdd(clippings.map((c) => ({ ...newAnnotation(c.postId, OWNER, 1), verdict: 'do', lesson: `Lesson ${c.postId}`, hasLesson: 1 })));
    await v2.table('themes').bulkAdd(DEFAULT_THEME_IDS.map((id, order) => ({ id, name: null, order, builtIn: 1 })));
    await v2.table('themes').add({ id: 'mine', name: 'Gritting', order: 12, builtIn: 0 });
    await v2.table('contributors').add({ id: 'c1', name: 'Ann Example', organisation: 'Example Borough Council' });
    const before = { clippings: await v2.table('clippings').toArray(), annotations: await v2.table('annotations').toArray(), themes: await v2.table('themes').toArray(), contributors: await v2.table('contributors').toArray() };
    v2.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // Snapshots say version 2 (version 5), and each clipping gains how its verdicts stand (version 6):
    // here, the owner's "do".
    expect(await storedClippings(db)).toEqual(before.clippings.map((c) => ({ ...c, snapshot: { ...c.snapshot, schema: 2 }, judged: 1, agree: 'do', doLead: 1, contest: 0 })));
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.themes.toArray()).toEqual(before.themes);
    expect(await db.contributors.toArray()).toEqual(before.contributors);
    expect(await db.clippings.where('[removed+postedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey]).count()).toBe(15);
    expect(await db.outbox.count()).toBe(0);
    await saveClipping(db, makeSnapshot({ postId: '2000' }), 99); // a removed one clipped again
    expect(await db.outbox.toArray()).toEqual([{ seq: 1, changes: [{ postId: '2000', saved: true }] }]);
    expect((await db.clippings.get('2000'))!.removed).toBe(0);
    db.close();
  });

  it('upgrades a version 3 library to version 4 keeping every record, nothing picked for the guide until chosen', async () => {
    const name = `upgrade-v4-${Math.random()}`;
    names.push(name);
    const v3 = olderLibrary(name, 3);
    const clippings = Array.from({ length: 10 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(3000 + i) });
      return { postId: snapshot.postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: 0 as const, captures: [], words: searchWords(snapshot, []) };
    });
    await v3.table('clippings').bulkAdd(clippings);
    await v3.table('annotations').bulkAdd(clippings.map((c) => ({ ...newAnnotation(c.postId, OWNER, 1), verdict: 'do' })));
    const before = { clippings: await v3.table('clippings').toArray(), annotations: await v3.table('annotations').toArray() };
    v3.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await storedClippings(db)).toEqual(before.clippings.map((c) => ({ ...c, snapshot: { ...c.snapshot, schema: 2 }, judged: 1, agree: 'do', doLead: 1, contest: 0 })));
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.annotations.where('[contributorId+forGuide]').equals([OWNER, 1]).count()).toBe(0);
    await updateAnnotation(db, '3004', { forGuide: true });
    expect(await db.annotations.where('[contributorId+forGuide]').equals([OWNER, 1]).primaryKeys()).toEqual([['3004', OWNER]]);
    expect(await db.guide.count()).toBe(0);
    db.close();
  });

  it('upgrades a version 4 library to version 6: each clipping knows how its contributors\u2019 verdicts stand', async () => {
    const name = `upgrade-v6-${Math.random()}`;
    names.push(name);
    const v4 = olderLibrary(name, 4);
    const ids = ['4001', '4002', '4003', '4004'];
    const clippings = ids.map((postId, i) => {
      const snapshot = makeSnapshot({ postId });
      return { postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: 0 as const, captures: [], words: searchWords(snapshot, []) };
    });
    await v4.table('clippings').bulkAdd(clippings);
    const say = (postId: string, contributorId: string, verdict: string) => ({ ...newAnnotation(postId, contributorId, 1), verdict });
    await v4.table('annotations').bulkAdd([
      say('4001', OWNER, 'do'), say('4001', 'c:ann', 'do'), say('4001', 'c:bea', 'do'),
      say('4002', OWNER, 'do'), say('4002', 'c:ann', 'dont'), say('4002', 'c:bea', 'dont'),
      say('4003', OWNER, 'undecided'), say('4003', 'c:ann', 'dont'),
      say('4004', OWNER, 'undecided'),
    ]);
    v4.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    const got = Object.fromEntries((await storedClippings(db)).map((c) => [c.postId, [c.judged, c.agree, c.doLead, c.contest]]));
    expect(got).toEqual({ '4001': [3, 'do', 3, 0], '4002': [3, 'mixed', -1, 1], '4003': [1, 'dont', -1, 0], '4004': [0, 'none', 0, 0] });
    // (Indexed from version 12 under the index fields of utils/store/clipping-index.ts.)
    expect(await votesBetween(db.clippings, 'agree', 0, 'do', 'do').primaryKeys()).toEqual(['4001']);
    expect(await votesBetween(db.clippings, 'judged', 0, 2, Dexie.maxKey).primaryKeys()).toEqual(['4001', '4002']);
    expect(votesOf([])).toEqual({ judged: 0, agree: 'none', doLead: 0, contest: 0 });
    db.close();
  });

  it('upgrades a version 3 library: every snapshot becomes version 2 with all its fields and values (version 5), other records untouched', async () => {
    const name = `upgrade-v6-${Math.random()}`;
    names.push(name);
    // A library as version 3 wrote it: version 1 snapshots, one of them cut at "Show more".
    const v3 = olderLibrary(name, 3);
    const clippings = Array.from({ length: 12 }, (_, i) => {
      const snapshot = makeSnapshot({
        postId: String(3000 + i),
        text: `Road closures this weekend, post ${i} #lgadigital`,
        truncated: i === 3,
        media: i === 5 ? [{ type: 'photo', url: 'https://pbs.twimg.com/media/a?format=jpg&name=orig', altText: 'A closed road' }] : [],
        replyTo: i === 7 ? { handles: ['NorthShireCncl'] } : undefined,
      });
      if (i !== 7) delete snapshot.replyTo;
      return { postId: snapshot.postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: (i % 6 === 0 ? 1 : 0) as 0 | 1, captures: [{ capturedAt: snapshot.capturedAt, pageUrl: snapshot.pageUrl, counts: snapshot.counts }], words: searchWords(snapshot, []) };
    });
    await v3.table('clippings').bulkAdd(clippings);
    await v3.table('annotations').bulkAdd(clippings.map((c) => newAnnotation(c.postId, OWNER, 1)));
    await v3.table('outbox').add({ changes: [{ postId: '3001', saved: true }] });
    const annotations = await v3.table('annotations').toArray();
    v3.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    const after = await storedClippings(db);
    // Nobody judged yet: the vote summary of version 6 says so.
    expect(after).toEqual(clippings.map((c) => ({ ...c, snapshot: { ...c.snapshot, schema: 2 }, judged: 0, agree: 'none', doLead: 0, contest: 0 })));
    expect(after.every((c) => c.snapshot.schema === 2 && c.snapshot.sources === undefined)).toBe(true);
    expect(await db.annotations.toArray()).toEqual(annotations);
    expect(await db.outbox.toArray()).toEqual([{ seq: 1, changes: [{ postId: '3001', saved: true }] }]);
    expect((await postsWithPrefix(db, 'closu')).size).toBe(12);
    db.close();
  });

  it('upgrades a version 6 library to version 7 keeping every record, with an empty images table that copies then use', async () => {
    const name = `upgrade-v7-${Math.random()}`;
    names.push(name);
    // A library as version 6 wrote it (its snapshots of version 2, its vote summaries kept).
    const v3 = olderLibrary(name, 6);
    const clippings = Array.from({ length: 10 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(3000 + i), media: [{ type: 'photo', url: `https://pbs.twimg.com/media/P${i}?format=jpg&name=orig` }] });
      return { postId: snapshot.postId, snapshot: { ...snapshot, schema: 2 as const }, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: 0 as const, captures: [], words: searchWords(snapshot, []), ...votesOf([]) };
    });
    await v3.table('clippings').bulkAdd(clippings);
    await v3.table('annotations').bulkAdd(clippings.map((c) => newAnnotation(c.postId, OWNER, 1)));
    await v3.table('themes').bulkAdd(DEFAULT_THEME_IDS.map((id, order) => ({ id, name: null, order, builtIn: 1 })));
    await v3.table('outbox').add({ changes: [{ postId: '3000', saved: true }] });
    const before = { clippings: await v3.table('clippings').toArray(), annotations: await v3.table('annotations').toArray(), themes: await v3.table('themes').toArray(), outbox: await v3.table('outbox').toArray() };
    v3.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await storedClippings(db)).toEqual(before.clippings);
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.themes.toArray()).toEqual(before.themes);
    expect(await db.outbox.toArray()).toEqual(before.outbox);
    expect(await db.images.count()).toBe(0);
    expect(await queueLibrary(db, 5)).toBe(10);
    expect(await db.images.where('[state+nextAttemptAt]').between(['pending', 0], ['pending', 5], true, true).count()).toBe(10);
    db.close();
  });

  it('upgrades a version 7 library to version 8 keeping every record, with the count of clippings not removed kept from then on', async () => {
    const name = `upgrade-v8-${Math.random()}`;
    names.push(name);
    const v7 = olderLibrary(name, 7);
    const clippings = Array.from({ length: 30 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(7000 + i) });
      return { postId: snapshot.postId, snapshot: { ...snapshot, schema: 2 as const }, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: (i % 3 === 0 ? 1 : 0) as 0 | 1, captures: [], words: searchWords(snapshot, []), ...votesOf([]) };
    });
    await v7.table('clippings').bulkAdd(clippings);
    await v7.table('annotations').bulkAdd(clippings.map((c) => newAnnotation(c.postId, OWNER, 1)));
    await v7.table('guide').add({ themeId: 'roads', order: { do: ['7001'], dont: [] }, text: 'Roads', updatedAt: 1 });
    const before = { clippings: await v7.table('clippings').toArray(), annotations: await v7.table('annotations').toArray(), guide: await v7.table('guide').toArray() };
    v7.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await storedClippings(db)).toEqual(before.clippings);
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.guide.toArray()).toEqual(before.guide);
    expect(await storedMeta(db)).toEqual([{ key: 'clippingCount', value: 20 }]);
    expect(await countClippings(db)).toBe(20);
    await removeClipping(db, '7001', 5);
    await removeClipping(db, '7001', 6); // already removed: no change
    await restoreClipping(db, '7000', 7);
    await saveClipping(db, makeSnapshot({ postId: '7999' }), 8);
    expect(await countClippings(db)).toBe(21);
    expect(await db.clippings.where('removed').equals(0).count()).toBe(21);
    db.close();
  });

  it('upgrades a version 8 library to version 9 keeping every record, without the indexes no query reads, every query answering as before', async () => {
    const name = `upgrade-v9-${Math.random()}`;
    names.push(name);
    const v8 = olderLibrary(name, 8);
    const annotations = Array.from({ length: 12 }, (_, i) => {
      const postId = String(8000 + i);
      const mine = { ...newAnnotation(postId, OWNER, 1), verdict: i % 2 === 0 ? ('do' as const) : ('undecided' as const) };
      // A contributor judged every third post, against the owner on 8000 and 8006.
      const theirs = i % 3 === 0 ? [{ ...newAnnotation(postId, 'c:ann', 2), verdict: i % 6 === 0 ? ('dont' as const) : ('do' as const), themes: ['tone'] }] : [];
      return [mine, ...theirs];
    });
    const clippings = annotations.map((list, i) => {
      const snapshot = makeSnapshot({ postId: String(8000 + i), text: i % 4 === 0 ? `Road closures tonight ${i}` : `Library hours ${i}`, author: { name: 'Example', handle: i < 6 ? 'ExampleCncl' : 'OtherCncl', verified: false } });
      return { postId: snapshot.postId, snapshot: { ...snapshot, schema: 2 as const }, clippedAt: 100 + i, updatedAt: i, authorHandle: snapshot.author.handle.toLowerCase(), postedAt: i === 5 ? 0 : 1000 + i, removed: (i === 4 ? 1 : 0) as 0 | 1, captures: [], words: searchWords(snapshot, list), ...votesOf(list) };
    });
    await v8.table('clippings').bulkAdd(clippings);
    await v8.table('annotations').bulkAdd(annotations.flat());
    await v8.table('meta').add({ key: 'clippingCount', value: 11 });
    await v8.table('contributors').add({ id: 'c:ann', name: 'Ann Example', organisation: 'Example Borough Council' });
    const before = { clippings: await v8.table('clippings').toArray(), annotations: await v8.table('annotations').toArray(), meta: await v8.table('meta').toArray() };
    v8.close();

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await storedClippings(db)).toEqual(before.clippings);
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await storedMeta(db)).toEqual(before.meta);
    // The indexes are gone from the database itself, not only from Dexie's schema (and `words`, from version 10;
    // and the annotations' indexes of every value, from version 11: utils/store/annotation-index.ts; and
    // `removed` and the clippings' vote indexes of every clipping, from version 12: utils/store/clipping-index.ts).
    const idb = db.backendDB().transaction(['clippings', 'annotations'], 'readonly');
    expect([...idb.objectStore('clippings').indexNames].sort()).toEqual(['[removed+clippedAt]', '[removed+postedAt]', 'authorHandle', 'voteKeys'].sort());
    expect([...idb.objectStore('annotations').indexNames].sort()).toEqual(['[contributorId+decided]', '[contributorId+forGuide]', 'ownerKeys', 'themes'].sort());
    expect(await db.clippings.where('removed').equals(0).count()).toBe(11);
    // What the dropped indexes answered, answered by the first parts of compound ones.
    expect((await db.annotations.where('postId').equals('8003').toArray()).map((a) => a.contributorId).sort()).toEqual(['c:ann', OWNER].sort());
    expect((await db.annotations.where('postId').anyOf(['8001', '8006']).toArray()).map((a) => `${a.postId} ${a.contributorId}`).sort()).toEqual([`8001 ${OWNER}`, '8006 c:ann', `8006 ${OWNER}`].sort());
    expect(await db.annotations.where('postId').between('8001', '8003', true, true).count()).toBe(4);
    // (From version 11 `where('contributorId')` reads `[contributorId+decided]`, decided annotations only: the owner's 12 are counted in full.)
    expect(await db.annotations.filter((a) => a.contributorId === OWNER).count()).toBe(12);
    // (By verdict, then post, from version 11.)
    expect((await db.annotations.where('contributorId').notEqual(OWNER).primaryKeys()).sort()).toEqual([['8000', 'c:ann'], ['8003', 'c:ann'], ['8006', 'c:ann'], ['8009', 'c:ann']]);
    expect((await db.annotations.orderBy('contributorId').uniqueKeys()).sort()).toEqual(['c:ann', OWNER].sort());
    // The library's searches give what they gave.
    const search = async (text: string, sort: 'clipped' | 'posted' = 'clipped') => (await runSearch(db, parseSearch(text).query, {}, { sort, themes: [{ id: 'tone', name: 'Tone' }] })).ids;
    expect(await search('')).toEqual(['8011', '8010', '8009', '8008', '8007', '8006', '8005', '8003', '8002', '8001', '8000']);
    expect(await search('', 'posted')).toEqual(['8011', '8010', '8009', '8008', '8007', '8006', '8003', '8002', '8001', '8000', '8005']);
    expect(await search('road ')).toEqual(['8008', '8000']);
    expect(await search('from:examplecncl lib')).toEqual(['8005', '8003', '8002', '8001']);
    expect(await search('is:disagreement')).toEqual(['8006', '8000']);
    expect(await search('verdict:do agree:do')).toEqual(['8010', '8008', '8002']);
    db.close();
  });

  it('upgrades a version 9 library to version 10: every clipping gets a block of the word table, which answers every word search as the `words` index did', async () => {
    const name = `upgrade-v10-${Math.random()}`;
    names.push(name);
    const v9 = olderLibrary(name, 9);
    // More clippings than two blocks hold; one in seven removed; lessons on some, with words of their own.
    const n = 2 * WORD_BLOCK_SIZE + 150;
    const TOPICS = ['gritting', 'flooding', 'libraries', 'bank holiday', 'road closures'];
    const annotations = Array.from({ length: n }, (_, i) => {
      const postId = String(100000 + i);
      return { ...newAnnotation(postId, OWNER, 1), ...(i % 3 === 0 ? { lesson: i % 2 === 0 ? 'Wheelie bins explained' : 'Snow and grit', hasLesson: 1 as const } : {}) };
    });
    const clippings = annotations.map((a, i) => {
      const snapshot = makeSnapshot({ postId: a.postId, text: `${TOPICS[i % TOPICS.length]} update ${i % 4 === 0 ? 'tonight' : 'tomorrow'} number${i}`, author: { name: 'Example', handle: `Cncl${i % 7}`, verified: false } });
      return { postId: a.postId, snapshot: { ...snapshot, schema: 2 as const }, clippedAt: 1000 + ((i * 37) % n), updatedAt: i, authorHandle: snapshot.author.handle.toLowerCase(), postedAt: 1000 + i, removed: (i % 7 === 0 ? 1 : 0) as 0 | 1, captures: [], words: searchWords(snapshot, [a]), ...votesOf([a]) };
    });
    await v9.table('clippings').bulkAdd(clippings);
    await v9.table('annotations').bulkAdd(annotations);
    await v9.table('meta').add({ key: 'clippingCount', value: clippings.filter((c) => c.removed === 0).length });
    // What the `words` index answered, in the library's order (newest clipped first, removed left out).
    const order = clippings.filter((c) => c.removed === 0).sort((a, b) => b.clippedAt - a.clippedAt).map((c) => c.postId);
    const index = v9.table('clippings');
    const has = async (word: string) => new Set((await index.where('words').equals(word).primaryKeys()) as string[]);
    const startsWith = async (prefix: string) => new Set((await index.where('words').startsWith(prefix).primaryKeys()) as string[]);
    const [gritting, tonight, snow, bank, holiday, number12, wheel, num1, lib] = await Promise.all([has('gritting'), has('tonight'), has('snow'), has('bank'), has('holiday'), has('number12'), startsWith('wheel'), startsWith('number1'), startsWith('lib')]);
    const expected = {
      'gritting ': order.filter((id) => gritting.has(id)),
      'gritting tonight ': order.filter((id) => gritting.has(id) && tonight.has(id)),
      'gritting -snow': order.filter((id) => gritting.has(id) && !snow.has(id)),
      '"bank holiday"': order.filter((id) => bank.has(id) && holiday.has(id)),
      'number12 ': order.filter((id) => number12.has(id)),
      wheel: order.filter((id) => wheel.has(id)),
      number1: order.filter((id) => num1.has(id)),
      'tonight lib': order.filter((id) => tonight.has(id) && lib.has(id)),
      '-"bank holiday" tonight ': order.filter((id) => tonight.has(id) && !(bank.has(id) && holiday.has(id))),
    };
    const before = { clippings: await index.toArray(), annotations: await v9.table('annotations').toArray() };
    v9.close();
    // The searches find posts in every block, and in more than one.
    expect(expected['gritting '].length).toBeGreaterThan(300);
    expect(expected['number12 ']).toEqual(['100012']);
    expect(expected['number1'].length).toBeGreaterThan(900);
    expect(expected.wheel.length).toBeGreaterThan(300);

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // Each clipping is as it was, with its block: in primary key order, a block's worth at a time.
    const after = await db.clippings.toArray();
    expect(after).toEqual(before.clippings.map((c, i) => ({ ...c, wordBlock: Math.floor(i / WORD_BLOCK_SIZE) })));
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.meta.bulkGet([WORD_BLOCK, WORD_BLOCK_FILL])).toEqual([{ key: WORD_BLOCK, value: 2 }, { key: WORD_BLOCK_FILL, value: n - 2 * WORD_BLOCK_SIZE }]);
    // The `words` index is gone from the database; the word table holds every clipping's words in its block.
    const idb = db.backendDB().transaction(['clippings', 'wordPosts'], 'readonly');
    expect([...idb.objectStore('clippings').indexNames]).not.toContain('words');
    expect([...idb.objectStore('wordPosts').indexNames]).toEqual([]);
    const records = await db.wordPosts.toArray();
    expect(records.reduce((sum, r) => sum + r.ids.length, 0)).toBe(before.clippings.reduce((sum, c) => sum + c.words.length, 0));
    expect(new Set(records.map((r) => r.block))).toEqual(new Set([0, 1, 2]));
    const byId = new Map(after.map((c) => [c.postId, c]));
    for (const r of records) for (const id of r.ids) expect(byId.get(id)!.wordBlock === r.block && byId.get(id)!.words.includes(r.word)).toBe(true);
    expect([...(await postsWithWord(db, 'gritting'))].sort()).toEqual([...gritting].sort());
    expect([...(await postsWithPrefix(db, 'wheel'))].sort()).toEqual([...wheel].sort());
    // The library's searches give what they gave.
    const search = async (text: string) => (await runSearch(db, parseSearch(text).query, {}, { sort: 'clipped', themes: [] })).ids;
    for (const [text, ids] of Object.entries(expected)) expect(await search(text), text).toEqual(ids);
    // Later writes go on from the blocks the upgrade filled.
    await saveClipping(db, makeSnapshot({ postId: '999999', text: 'Gritting tonight on the hill' }), 5000);
    expect((await db.clippings.get('999999'))!.wordBlock).toBe(2);
    await updateAnnotation(db, '100004', { lesson: 'Unusual zebra' });
    expect(await search('zebra ')).toEqual(['100004']);
    expect(await search('gritting tonight ')).toEqual(['999999', ...expected['gritting tonight ']]);
    db.close();
  });

  it('upgrades a version 10 library to version 11: annotations indexed only where a query reads, every search answering as the old indexes did', async () => {
    const name = `upgrade-v11-${Math.random()}`;
    names.push(name);
    const v10 = olderLibrary(name, 10);
    const n = 60;
    const pick = <T,>(list: readonly T[], i: number) => list[i % list.length]!;
    // The owner's annotation of every post, with every value of every field, defaults included; two
    // teammates with values of their own (which no owner's search may find), one of them undecided.
    const annotations: AnnotationRecord[] = [];
    for (let i = 0; i < n; i++) {
      const postId = String(110000 + i);
      annotations.push({ ...newAnnotation(postId, OWNER, 1), verdict: pick(VERDICTS, i), kind: i % 3 === 2 ? null : pick(KINDS, i), themes: i % 4 === 0 ? ['tone'] : i % 4 === 1 ? ['tone', 'emergencies'] : [], authorType: pick(AUTHOR_TYPES, i), permission: pick(PERMISSIONS, i), lesson: i % 5 === 0 ? 'A lesson' : '', hasLesson: i % 5 === 0 ? 1 : 0, ...(i % 7 === 0 ? { forGuide: 1 as const } : {}) });
      if (i % 2 === 0) annotations.push({ ...newAnnotation(postId, 'c:ann', 2), verdict: pick(VERDICTS, i + 1), kind: pick(KINDS, i + 1), themes: ['emergencies', 'tone'], authorType: pick(AUTHOR_TYPES, i + 3), permission: pick(PERMISSIONS, i + 2), lesson: 'Theirs', hasLesson: 1, ...(i % 4 === 0 ? { forGuide: 1 as const } : {}) });
      if (i % 3 === 0) annotations.push({ ...newAnnotation(postId, 'c:bea', 3), verdict: pick(VERDICTS, i + 2), authorType: 'council', permission: 'granted' });
    }
    const byPost = (id: string) => annotations.filter((a) => a.postId === id);
    const clippings = Array.from({ length: n }, (_, i) => {
      const snapshot = { ...makeSnapshot({ postId: String(110000 + i), text: `Post ${i}` }), schema: 2 as const };
      return { postId: snapshot.postId, snapshot, clippedAt: 100 + ((i * 7) % n), updatedAt: i, authorHandle: 'examplecncl', postedAt: 1000 + i, removed: (i % 11 === 10 ? 1 : 0) as 0 | 1, captures: [], words: searchWords(snapshot, byPost(snapshot.postId)), wordBlock: 0, ...votesOf(byPost(snapshot.postId)) };
    });
    await v10.table('clippings').bulkAdd(clippings);
    await v10.table('annotations').bulkAdd(annotations);
    await v10.table('meta').add({ key: 'clippingCount', value: clippings.filter((c) => c.removed === 0).length });
    await v10.table('contributors').bulkAdd([
      { id: 'c:ann', name: 'Ann Example', organisation: 'Example Borough Council' },
      { id: 'c:bea', name: 'Bea Editor', organisation: 'LGA' },
    ]);
    // What version 10's indexes answered, read from them.
    const idx = v10.table('annotations');
    const keysOf = async (index: string, key: Array<string | number>) => ((await idx.where(index).equals(key).primaryKeys()) as Array<[string, string]>).map(([postId]) => postId);
    const ownedBy = async (index: string, values: ReadonlyArray<string | number>) => new Set((await Promise.all(values.map((v) => keysOf(index, [OWNER, v])))).flat());
    const themed = new Set(((await idx.where('themes').equals('tone').primaryKeys()) as Array<[string, string]>).filter(([, c]) => c === OWNER).map(([p]) => p));
    const judgedBy = async (c: string) => new Set((await Promise.all(['do', 'dont'].map((v) => keysOf('[contributorId+verdict]', [c, v])))).flat());
    const dos = new Set((await Promise.all([OWNER, 'c:ann', 'c:bea'].map((c) => keysOf('[contributorId+verdict]', [c, 'do'])))).flat());
    const donts = new Set((await Promise.all([OWNER, 'c:ann', 'c:bea'].map((c) => keysOf('[contributorId+verdict]', [c, 'dont'])))).flat());
    const cases: Array<[string, LibraryFilters, Set<string>]> = [];
    for (const v of VERDICTS) {
      cases.push([`verdict:${v}`, {}, await ownedBy('[contributorId+verdict]', [v])]);
      cases.push(['', { verdict: v }, await ownedBy('[contributorId+verdict]', [v])]);
    }
    cases.push(['verdict:do verdict:undecided', {}, await ownedBy('[contributorId+verdict]', ['do', 'undecided'])]);
    for (const v of KINDS) {
      cases.push([`kind:${v}`, {}, await ownedBy('[contributorId+kind]', [v])]);
      cases.push(['', { kind: v }, await ownedBy('[contributorId+kind]', [v])]);
    }
    for (const v of AUTHOR_TYPES) {
      cases.push([`author:${v.toLowerCase()}`, {}, await ownedBy('[contributorId+authorType]', [v])]);
      cases.push(['', { authorType: v }, await ownedBy('[contributorId+authorType]', [v])]);
    }
    cases.push(['author:notset author:council', {}, await ownedBy('[contributorId+authorType]', ['notSet', 'council'])]);
    for (const v of PERMISSIONS) {
      cases.push([`permission:${v.toLowerCase()}`, {}, await ownedBy('[contributorId+permission]', [v])]);
      cases.push(['', { permission: v }, await ownedBy('[contributorId+permission]', [v])]);
    }
    cases.push(['permission:notasked permission:granted', {}, await ownedBy('[contributorId+permission]', ['notAsked', 'granted'])]);
    const lesson = await ownedBy('[contributorId+hasLesson]', [1]);
    cases.push(['has:lesson', {}, lesson], ['', { hasLesson: true }, lesson]);
    cases.push(['theme:tone', {}, themed], ['', { themeId: 'tone' }, themed]);
    const disagreement = new Set([...dos].filter((id) => donts.has(id)));
    cases.push(['is:disagreement', {}, disagreement], ['', { disagreement: true }, disagreement]);
    cases.push(['by:ann', {}, await judgedBy('c:ann')], ['', { by: 'Bea' }, await judgedBy('c:bea')], ['by:owner', {}, await judgedBy(OWNER)]);
    // Defaults and other values together, in the box and the controls.
    const undecided = await ownedBy('[contributorId+verdict]', ['undecided']);
    const notSet = await ownedBy('[contributorId+authorType]', ['notSet']);
    const notAsked = await ownedBy('[contributorId+permission]', ['notAsked']);
    const both = (a: Set<string>, b: Set<string>) => new Set([...a].filter((id) => b.has(id)));
    cases.push(['verdict:undecided', { authorType: 'notSet' }, both(undecided, notSet)]);
    cases.push(['author:notset has:lesson', { permission: 'notAsked' }, both(both(notSet, lesson), notAsked)]);
    cases.push(['verdict:undecided', { verdict: 'do' }, new Set()]);
    cases.push(['kind:tip', { verdict: 'undecided', permission: 'notAsked' }, both(both(await ownedBy('[contributorId+kind]', ['tip']), undecided), notAsked)]);
    v10.close();
    // Every case finds something and leaves something out, so none could pass by accident.
    for (const [text, filters, set] of cases.filter(([, , s]) => s.size > 0)) expect(set.size, `${text} ${JSON.stringify(filters)}`).toBeLessThan(n);

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // Every record as it was.
    expect(await db.clippings.toArray()).toEqual(clippings);
    expect(await db.annotations.toArray()).toEqual(annotations.sort((a, b) => (a.postId + a.contributorId < b.postId + b.contributorId ? -1 : 1)));
    const idb = db.backendDB().transaction(['annotations'], 'readonly');
    expect([...idb.objectStore('annotations').indexNames].sort()).toEqual(['[contributorId+decided]', '[contributorId+forGuide]', 'ownerKeys', 'themes'].sort());
    const search = async (text: string, filters: LibraryFilters, sort: 'clipped' | 'posted' = 'clipped') =>
      (await runSearch(db, parseSearch(text).query, filters, { sort, themes: [{ id: 'tone', name: 'Tone' }, { id: 'emergencies', name: 'Emergencies' }], ownerName: 'The Owner' })).ids;
    const order = await search('', {});
    expect(order).toEqual(clippings.filter((c) => c.removed === 0).sort((a, b) => b.clippedAt - a.clippedAt).map((c) => c.postId));
    for (const [text, filters, set] of cases) {
      const label = `${text} ${JSON.stringify(filters)}`;
      expect(await search(text, filters), label).toEqual(order.filter((id) => set.has(id)));
      expect(await search(text, filters, 'posted'), label).toEqual((await search('', {}, 'posted')).filter((id) => set.has(id)));
    }
    // The guide's picks, as before.
    expect((await db.annotations.where('[contributorId+forGuide]').equals([OWNER, 1]).primaryKeys()).map(([p]) => p).sort()).toEqual(annotations.filter((a) => a.contributorId === OWNER && a.forGuide === 1).map((a) => a.postId).sort());
    // Later edits keep the index: a default set, then another value.
    await updateAnnotation(db, '110001', { authorType: 'notSet', verdict: 'undecided' });
    expect(await search('author:notset verdict:undecided', {})).toContain('110001');
    await updateAnnotation(db, '110001', { authorType: 'media' });
    expect(await search('author:notset', {})).not.toContain('110001');
    expect(await search('author:media', {})).toContain('110001');
    db.close();
  });

  it('upgrades a version 11 library to version 12: a clipping nobody judged has no vote entries, and every search and sort answers as the old indexes did', async () => {
    const name = `upgrade-v12-${Math.random()}`;
    names.push(name);
    const v11 = olderLibrary(name, 11);
    const n = 90;
    // Post ids out of every order; verdicts from three people on some posts (equal summaries many
    // times over, doLead from -2 to 3, contests of 0 and 1), on others only undecided annotations or
    // none but the owner's; one in eleven removed (judged ones among them); one in nine undated;
    // clipped times in groups of equal times.
    const id = (i: number) => String(1_200_000 + ((i * 37) % n));
    const verdicts: ReadonlyArray<ReadonlyArray<'do' | 'dont' | 'undecided'>> = [[], ['do'], ['dont'], ['do', 'do'], ['do', 'dont'], [], ['undecided'], ['dont', 'dont'], ['do', 'do', 'do'], ['do', 'dont', 'do'], [], ['undecided', 'undecided'], ['do', 'dont', 'dont']];
    const people = [OWNER, 'c:ann', 'c:bea'];
    const annotations: AnnotationRecord[] = [];
    const clippings: ClippingRecord[] = [];
    for (let i = 0; i < n; i++) {
      const postId = id(i);
      const said = i % 3 === 0 ? [] : verdicts[i % verdicts.length]!;
      const mine = { ...newAnnotation(postId, OWNER, 1), verdict: said[0] ?? 'undecided' } as AnnotationRecord;
      const theirs = said.slice(1).map((verdict, k) => ({ ...newAnnotation(postId, people[k + 1]!, 2), verdict }) as AnnotationRecord);
      annotations.push(mine, ...theirs);
      const snapshot = { ...makeSnapshot({ postId, text: `Post ${i} ${i % 2 === 0 ? 'gritting' : 'bins'}` }), schema: 2 as const };
      clippings.push({ postId, snapshot, clippedAt: 100 + Math.floor(i / 4), updatedAt: i, authorHandle: 'examplecncl', postedAt: i % 9 === 4 ? 0 : 1000 + ((i * 13) % 17), removed: (i % 11 === 7 ? 1 : 0) as 0 | 1, captures: [], words: searchWords(snapshot, []), wordBlock: 0, ...votesOf([mine, ...theirs]) });
    }
    await v11.table('clippings').bulkAdd(clippings);
    await v11.table('annotations').bulkAdd(annotations.map((a) => withIndexFields(a)));
    const byWord = new Map<string, string[]>();
    for (const c of clippings) for (const w of c.words) byWord.set(w, [...(byWord.get(w) ?? []), c.postId]);
    await v11.table('wordPosts').bulkAdd([...byWord].map(([word, ids]) => ({ word, block: 0, ids })));
    await v11.table('meta').add({ key: 'clippingCount', value: clippings.filter((c) => c.removed === 0).length });
    await v11.table('contributors').bulkAdd([
      { id: 'c:ann', name: 'Ann Example', organisation: 'Example Borough Council' },
      { id: 'c:bea', name: 'Bea Editor', organisation: 'LGA' },
    ]);

    // What version 11's indexes answered, read from them as its search read them.
    const old = v11.table('clippings');
    const keys = async (index: string, lower: unknown[], upper: unknown[]) => (await old.where(index).between(lower, upper, true, true).primaryKeys()) as string[];
    const every = (index: string) => keys(index, [0, Dexie.minKey], [0, Dexie.maxKey]);
    // The posted order lists the undated clippings last either way, as version 11's search did.
    const dated = await keys('[removed+postedAt]', [0, 1], [0, Dexie.maxKey]);
    const undated = await keys('[removed+postedAt]', [0, 0], [0, 0]);
    const ascending: Record<'agreed' | 'contested' | 'clipped', string[]> = { agreed: await every('[removed+doLead]'), contested: await every('[removed+contest]'), clipped: await every('[removed+clippedAt]') };
    const orderOf = (sort: SearchSort, direction: 'desc' | 'asc') => {
      if (sort === 'posted') return [...(direction === 'desc' ? [...dated].reverse() : dated), ...undated];
      return direction === 'desc' ? [...ascending[sort]].reverse() : ascending[sort];
    };
    const judgedBetween = async (min: number, max: number) => new Set(await keys('[removed+judged]', [0, min], [0, max]));
    const agreeing = async (...values: string[]) => new Set((await Promise.all(values.map((v) => keys('[removed+agree]', [0, v], [0, v])))).flat());
    const ownerDo = new Set(((await v11.table('annotations').where('[contributorId+decided]').equals([OWNER, 'do']).primaryKeys()) as Array<[string, string]>).map(([p]) => p));
    const gritting = new Set(clippings.filter((c) => c.words.includes('gritting')).map((c) => c.postId));
    const both = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));
    const cases: Array<[string, LibraryFilters, Set<string>]> = [
      ['', {}, new Set(ascending.clipped)],
      ['votes:0', {}, await judgedBetween(0, 0)],
      ['votes:<1', {}, await judgedBetween(0, 0)],
      ['votes:<2', {}, await judgedBetween(0, 1)],
      ['votes:<=2', {}, await judgedBetween(0, 2)],
      ['votes:>=0', {}, await judgedBetween(0, 100_000)],
      ['votes:1', {}, await judgedBetween(1, 1)],
      ['votes:>1', {}, await judgedBetween(2, 100_000)],
      ['votes:3', {}, await judgedBetween(3, 3)],
      ['votes:>2', {}, await judgedBetween(3, 100_000)],
      ['', { minVotes: 2 }, await judgedBetween(2, Number.MAX_SAFE_INTEGER)],
      // (The box's count stands in for the control's, as it always has.)
      ['votes:<2', { minVotes: 2 }, await judgedBetween(0, 1)],
      ['agree:do', {}, await agreeing('do')],
      ['agree:dont', {}, await agreeing('dont')],
      ['agree:do agree:dont', {}, await agreeing('do', 'dont')],
      ['', { agree: 'dont' }, await agreeing('dont')],
      ['agree:do votes:<2', {}, both(await agreeing('do'), await judgedBetween(0, 1))],
      ['verdict:do votes:<=1', {}, both(ownerDo, await judgedBetween(0, 1))],
      ['gritting votes:0', {}, both(gritting, await judgedBetween(0, 0))],
      ['gritting', { agree: 'do' }, both(gritting, await agreeing('do'))],
    ];
    const exportOrder = (await old.where('removed').equals(0).primaryKeys()) as string[];
    v11.close();
    // The fixtures hold what the test is for: values shared by judged and unjudged clippings, and
    // every case finds something and leaves something out (but the whole library's).
    const kept = clippings.filter((c) => c.removed === 0);
    expect(kept.filter((c) => c.judged === 0).length).toBeGreaterThan(20);
    expect(kept.filter((c) => c.judged! > 0 && c.doLead === 0).length).toBeGreaterThan(2);
    expect(kept.filter((c) => c.judged! > 0 && c.contest === 0).length).toBeGreaterThan(5);
    expect(clippings.filter((c) => c.removed === 1 && c.judged! > 0).length).toBeGreaterThan(0);
    expect(cases.find(([text]) => text === 'votes:>=0')![2].size).toBe(kept.length);
    for (const [text, filters, set] of cases.slice(1).filter(([text]) => text !== 'votes:>=0')) {
      expect(set.size, `${text} ${JSON.stringify(filters)}`).toBeGreaterThan(0);
      expect(set.size, `${text} ${JSON.stringify(filters)}`).toBeLessThan(kept.length);
    }
    expect(exportOrder).toEqual(kept.map((c) => c.postId).sort());

    const db = new ClipperDB(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    // Every record as it was.
    expect(await db.clippings.toArray()).toEqual([...clippings].sort((a, b) => (a.postId < b.postId ? -1 : 1)));
    const idb = db.backendDB().transaction(['clippings'], 'readonly');
    expect([...idb.objectStore('clippings').indexNames].sort()).toEqual(['[removed+clippedAt]', '[removed+postedAt]', 'authorHandle', 'voteKeys'].sort());
    // Entries for the judged clippings only (removed ones too, under removed 1).
    const judged = clippings.filter((c) => c.judged! > 0).map((c) => c.postId).sort();
    for (const summary of ['judged', 'agree', 'doLead', 'contest'] as VoteSummary[]) expect(((await db.clippings.where('voteKeys').between([summary, 0, Dexie.minKey], [summary, 1, Dexie.maxKey]).primaryKeys()) as string[]).sort(), summary).toEqual(judged);
    expect(await db.clippings.where('voteKeys').between(Dexie.minKey, Dexie.maxKey).count()).toBe(judged.length * 4);
    // Every sort, both ways, and every case in each, as version 11 gave them.
    const search = async (text: string, filters: LibraryFilters, sort: SearchSort, direction: 'desc' | 'asc') =>
      (await runSearch(db, parseSearch(text).query, filters, { sort, direction, themes: [], ownerName: 'The Owner' })).ids;
    for (const sort of ['agreed', 'contested', 'clipped', 'posted'] as const) {
      for (const direction of ['desc', 'asc'] as const) {
        const want = orderOf(sort, direction);
        expect(want).toHaveLength(kept.length);
        expect(await readOrder(db, sort, direction), `${sort} ${direction}`).toEqual(want);
        for (const limit of [1, 3, 10, 25, 40, 60, kept.length, kept.length + 5]) {
          expect(await firstIds(db, sort, direction, limit), `${sort} ${direction} first ${limit}`).toEqual(want.slice(0, limit));
          expect(await firstIds(db, sort, direction, limit, 0), `${sort} ${direction} first ${limit}, no records`).toEqual(want.slice(0, limit));
        }
        for (const [text, filters, set] of cases) expect(await search(text, filters, sort, direction), `${text} ${JSON.stringify(filters)} ${sort} ${direction}`).toEqual(want.filter((x) => set.has(x)));
      }
    }
    // The readers of the old `removed` index: the count, the export's ids in post id order, the team's first push.
    await db.meta.delete('clippingCount');
    expect(await countClippings(db)).toBe(kept.length);
    expect(await savedIdsInPostOrder(db.clippings)).toEqual(exportOrder);
    expect(await markWholeLibrary(db, 5)).toBe(kept.length);

    // Later writes keep the entries: an unjudged clipping judged, a judged one set back, then in bulk.
    const unjudged = kept.find((c) => c.judged === 0)!.postId;
    const single = kept.find((c) => c.judged === 1 && c.agree === 'do' && annotations.some((a) => a.postId === c.postId && a.contributorId === OWNER && a.verdict === 'do'))!.postId;
    await updateAnnotation(db, unjudged, { verdict: 'dont' });
    await updateAnnotation(db, single, { verdict: 'undecided' });
    expect(await search('votes:0', {}, 'clipped', 'desc')).toContain(single);
    expect(await search('votes:0', {}, 'clipped', 'desc')).not.toContain(unjudged);
    expect(await search('agree:dont', {}, 'clipped', 'desc')).toContain(unjudged);
    const agreed = await search('', {}, 'agreed', 'asc');
    expect(agreed[0]).not.toBe(unjudged);
    expect(agreed.indexOf(unjudged)).toBeLessThan(agreed.indexOf(single));
    await changeMany(db, [unjudged, single], { kind: 'verdict', verdict: 'do' });
    expect(await search('agree:do votes:1', {}, 'clipped', 'desc')).toEqual(expect.arrayContaining([unjudged, single]));
    expect(await firstIds(db, 'agreed', 'desc', kept.length)).toEqual(await readOrder(db, 'agreed', 'desc'));
    db.close();
  });

  it('gives a new library the twelve starting themes', async () => {
    const name = `fresh-${Math.random()}`;
    names.push(name);
    const db = new ClipperDB(name);
    await db.open();
    expect(await db.themes.count()).toBe(12);
    expect(await countClippings(db)).toBe(0);
    expect(await db.meta.get('clippingCount')).toEqual({ key: 'clippingCount', value: 0 });
    db.close();
  });
});
