import { CLIPPING_COUNT, getDb, OWNER, type ClipperDB } from '@/utils/store/db';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';

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
