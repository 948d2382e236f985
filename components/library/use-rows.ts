import { useLayoutEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/store/db';
import { RowCache, type RowRecords } from '@/utils/store/rows';

let cache: RowCache | undefined;

/** The page's one cache of the List view's rows (utils/store/rows.ts). */
export function rowCache(): RowCache {
  cache ??= new RowCache(getDb());
  return cache;
}

/**
 * The records of the rows drawn now, read together and kept live (RowCache): a row not read yet is
 * undefined until its records arrive. One read for every row a frame brings into view, rather than a
 * live query per row.
 */
export function useRows(postIds: readonly string[]): (postId: string) => RowRecords | undefined {
  const rows = rowCache();
  const [, setArrivals] = useState(0);
  useLayoutEffect(() => rows.onChange(() => setArrivals((n) => n + 1)), [rows]);
  const key = postIds.join(' ');
  // Before the frame is painted, so that the read starts as soon as the rows are known.
  useLayoutEffect(() => rows.show(postIds), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return (postId) => rows.get(postId);
}
