import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB, OWNER } from './db';
import { removeClipping, saveClipping } from './clippings';
import { updateAnnotation } from './annotations';
import { readRow, readRows } from './rows';
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
