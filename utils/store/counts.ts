import { CLIPPING_COUNT, type ClipperDB } from './db';
import { countSaved } from './clipping-index';

export { CLIPPING_COUNT };

/**
 * (v8) The number of clippings in the library (removed ones not counted), kept in the `meta` table
 * so that the popup and the library read one record instead of walking an index. Every write that
 * adds, removes or restores a clipping adjusts it in its own transaction, which must include
 * `db.meta`.
 */


/** Adds `delta` to the kept count; call inside the transaction of the write that changed it. */
export async function adjustClippingCount(db: ClipperDB, delta: number): Promise<void> {
  if (delta === 0) return;
  const record = await db.meta.get(CLIPPING_COUNT);
  const value = record ? record.value : await countSaved(db.clippings) - delta;
  await db.meta.put({ key: CLIPPING_COUNT, value: value + delta });
}

/** How many clippings the library holds (removed ones not counted): one record read. */
export async function countClippings(db: ClipperDB): Promise<number> {
  const record = await db.meta.get(CLIPPING_COUNT);
  return record ? record.value : countSaved(db.clippings);
}
