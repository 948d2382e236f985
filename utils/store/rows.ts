import type { AnnotationRecord, ClipperDB, ClippingRecord } from './db';

/** What one row of the library's List view shows: the clipping and every annotation of its post. */
export interface RowRecords {
  clipping: ClippingRecord | undefined;
  annotations: AnnotationRecord[];
}

/** One row's records, as the row reads them itself (live). */
export async function readRow(db: ClipperDB, postId: string): Promise<RowRecords> {
  const [clipping, annotations] = await Promise.all([db.clippings.get(postId), db.annotations.where('postId').equals(postId).toArray()]);
  return { clipping, annotations };
}

/**
 * Many rows' records in one read transaction, every request issued at once: what the library's first
 * rows show, read together rather than row by row (each row alone opens its own transactions, one
 * after another, and at opening that waiting is most of the time to the first rows).
 */
export function readRows(db: ClipperDB, postIds: readonly string[]): Promise<Map<string, RowRecords>> {
  return db.transaction('r', db.clippings, db.annotations, async () => {
    const rows = await Promise.all(postIds.map((id) => readRow(db, id)));
    return new Map(postIds.map((id, i) => [id, rows[i]!]));
  });
}
