import { CLIPPING_COUNT, getDb, OWNER, type ClipperDB } from '@/utils/store/db';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { saveClipping } from '@/utils/store/clippings';
import { makeSnapshot } from './snapshots';

/**
 * The pages read the one shared database (getDb()); component tests empty it before each test and
 * seed the twelve built-in themes and a count of no clippings again, as a new library has them.
 */
export async function freshPageDb(): Promise<ClipperDB> {
  const db = getDb();
  await db.open();
  await Promise.all([db.clippings.clear(), db.annotations.clear(), db.themes.clear(), db.contributors.clear(), db.outbox.clear(), db.guide.clear(), db.meta.clear()]);
  await db.meta.put({ key: CLIPPING_COUNT, value: 0 });
  await db.themes.bulkPut(DEFAULT_THEME_IDS.map((id, order) => ({ id, name: null, order, builtIn: 1 as const })));
  localStorage.clear();
  return db;
}

export function ownAnnotation(db: ClipperDB, postId: string) {
  return db.annotations.get([postId, OWNER]);
}

/** The post id of the nth clipping seedThreeClippings() stores. */
export const seededId = (n: number) => String(1846200000000000000n + BigInt(n));

/**
 * Three clippings the library's component tests search: gritters (Westvale), bins and a play area (Example
 * Borough), clipped in that order, so the play area is the newest.
 */
export async function seedThreeClippings(db: ClipperDB): Promise<void> {
  const posts = [
    { text: 'Gritters are out tonight on the A38 #lgadigital', handle: 'WestvaleDC', name: 'Westvale District Council' },
    { text: 'Bins are collected as normal on bank holiday Monday #lgadigital', handle: 'ExampleBoroCncl', name: 'Example Borough Council' },
    { text: 'Our new play area at Meadow Park is open #lgadigital', handle: 'ExampleBoroCncl', name: 'Example Borough Council' },
  ];
  for (const [i, p] of posts.entries()) {
    await saveClipping(db, makeSnapshot({ postId: seededId(i + 1), text: p.text, author: { name: p.name, handle: p.handle, verified: false } }), 1000 + i);
  }
}
