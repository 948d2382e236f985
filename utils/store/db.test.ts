import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipperDB, DB_VERSION, OWNER, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, newAnnotation } from './db';
import { searchWords } from '@/utils/domain/words';
import { saveClipping } from './clippings';
import { queueLibrary } from './images';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { makeSnapshot } from '@/tests/unit/snapshots';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('database versions', () => {
  it('upgrades a version 1 library to version 2 keeping every clipping, with an undecided annotation and search words for each', async () => {
    const name = `upgrade-${Math.random()}`;
    names.push(name);
    // A library as version 1 wrote it.
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
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
    expect(await db.annotations.where({ contributorId: OWNER, verdict: 'undecided' }).count()).toBe(25);
    expect((await db.themes.orderBy('order').primaryKeys())).toEqual([...DEFAULT_THEME_IDS]);
    expect(await db.clippings.where('words').startsWith('gritt').count()).toBe(25);
    db.close();
  });

  it('upgrades a version 2 library to version 3 keeping every record, with an empty outbox that writes then use', async () => {
    const name = `upgrade-v3-${Math.random()}`;
    names.push(name);
    // A library as version 2 wrote it.
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
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
    expect(await db.clippings.toArray()).toEqual(before.clippings);
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

  it('upgrades a version 3 library to version 5 keeping every record, with an empty images table that copies then use', async () => {
    const name = `upgrade-v5-${Math.random()}`;
    names.push(name);
    // A library as version 3 wrote it.
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    const clippings = Array.from({ length: 10 }, (_, i) => {
      const snapshot = makeSnapshot({ postId: String(3000 + i), media: [{ type: 'photo', url: `https://pbs.twimg.com/media/P${i}?format=jpg&name=orig` }] });
      return { postId: snapshot.postId, snapshot, clippedAt: i, updatedAt: i, authorHandle: 'exampleboroughcncl', postedAt: 0, removed: 0 as const, captures: [], words: searchWords(snapshot, []) };
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
    expect(await db.clippings.toArray()).toEqual(before.clippings);
    expect(await db.annotations.toArray()).toEqual(before.annotations);
    expect(await db.themes.toArray()).toEqual(before.themes);
    expect(await db.outbox.toArray()).toEqual(before.outbox);
    expect(await db.images.count()).toBe(0);
    expect(await queueLibrary(db, 5)).toBe(10);
    expect(await db.images.where('[state+nextAttemptAt]').between(['pending', 0], ['pending', 5], true, true).count()).toBe(10);
    db.close();
  });

  it('gives a new library the twelve starting themes', async () => {
    const name = `fresh-${Math.random()}`;
    names.push(name);
    const db = new ClipperDB(name);
    await db.open();
    expect(await db.themes.count()).toBe(12);
    db.close();
  });
});
