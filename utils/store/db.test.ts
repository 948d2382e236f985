import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ClipperDB, OWNER, SCHEMA_V1 } from './db';
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
    expect(db.verno).toBe(2);
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

  it('gives a new library the twelve starting themes', async () => {
    const name = `fresh-${Math.random()}`;
    names.push(name);
    const db = new ClipperDB(name);
    await db.open();
    expect(await db.themes.count()).toBe(12);
    db.close();
  });
});
