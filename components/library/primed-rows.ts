import type { RowRecords } from '@/utils/store/rows';

/**
 * Records read for rows about to be drawn (the library's first rows, read together in one transaction
 * by use-search.ts): a row mounting takes its own once, so that it draws at once, and then keeps itself
 * live with its own query as every row does. Taken, not kept, and only for a few seconds: a row drawn
later (scrolled to) reads afresh rather than show what may have changed since.
 */
const primed = new Map<string, RowRecords>();
let primedAt = 0;
const LIFETIME_MS = 5000;

export function primeRows(rows: ReadonlyMap<string, RowRecords>, now = Date.now()): void {
  primed.clear();
  for (const [id, row] of rows) primed.set(id, row);
  primedAt = now;
}

export function takePrimedRow(postId: string, now = Date.now()): RowRecords | undefined {
  const row = primed.get(postId);
  primed.delete(postId);
  return now - primedAt <= LIFETIME_MS ? row : undefined;
}
