import { cmp } from 'dexie';
import type { ClipperDB, ClippingRecord } from './db';

/**
 * Whether the library's order by clipped time, read before a change, still holds after it, found from
 * the few clippings the change wrote instead of the whole order read again.
 *
 * A teammate's verdict arriving through the team library writes that clipping's vote summary: the
 * clipping is put again, its clipped time and removal unchanged. The order (every clipping's id, 50,000
 * at the library's largest) was read again after each such change, in 25 pages, on the one IndexedDB
 * sequence the sync's merges need too; with 50 teammates at work, changes then took seconds to show
 * (docs/performance.md, "Live changes at 50,000 on a slower machine").
 */

/** More written clippings than this and the order is simply read again. */
export const MAX_CHECKED = 500;

/** A node of Dexie's RangeSet, as its storagemutated event hands it (also across pages, as plain data). */
export interface RangeNode {
  from?: unknown;
  to?: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

/**
 * The primary keys of `table` that a storagemutated event's parts name as written or deleted: [] when
 * the table was not touched, null when a part names a range (a clear, a range delete) or more than
 * MAX_CHECKED keys, which only reading again can answer.
 */
export function writtenKeys(parts: Record<string, unknown>, dbName: string, table: string): string[] | null {
  const keys = new Set<string>();
  for (const part of [`idb://${dbName}/${table}/`, `idb://${dbName}/${table}/:dels`]) {
    const set = parts[part] as RangeNode | undefined;
    if (set && !collectKeys(set, keys)) return null;
    if (keys.size > MAX_CHECKED) return null;
  }
  return [...keys];
}

/**
 * Adds the keys a RangeSet names, each as `keyOf` gives it, to `into`; false when a node is a range
 * rather than one key, when `keyOf` gives null, or past MAX_CHECKED keys.
 */
export function collectKeys(node: RangeNode | null | undefined, into: Set<string>, keyOf: (key: unknown) => string | null = (key) => (typeof key === 'string' ? key : null)): boolean {
  const stack: RangeNode[] = [];
  for (let n = node; n || stack.length > 0; ) {
    if (n) {
      if ('from' in n) {
        // A key alone is a range from it to itself; anything wider is a range of keys.
        const key = keyOf(n.from);
        if (key === null || (n.from !== n.to && (n.to === undefined || cmp(n.from, n.to) !== 0))) return false;
        into.add(key);
        if (into.size > MAX_CHECKED) return false;
      }
      if (n.r) stack.push(n.r);
      n = n.l ?? null;
    } else n = stack.pop() ?? null;
  }
  return true;
}

/** Where each id stands in an order read, worked out once per order. */
const positions = new WeakMap<readonly string[], Map<string, number>>();

function positionsOf(ids: readonly string[]): Map<string, number> {
  let map = positions.get(ids);
  if (!map) {
    map = new Map();
    for (let i = 0; i < ids.length; i++) map.set(ids[i]!, i);
    positions.set(ids, map);
  }
  return map;
}

/** In the order: not removed, with a clipped time (IndexedDB leaves a record without one out of the index). */
function inOrder(c: ClippingRecord | undefined): c is ClippingRecord {
  return !!c && c.removed === 0 && typeof c.clippedAt === 'number' && Number.isFinite(c.clippedAt);
}

/** IndexedDB's order of `[removed+clippedAt]` entries: by clipped time, then by post id. */
function before(a: ClippingRecord, b: ClippingRecord): boolean {
  return a.clippedAt < b.clippedAt || (a.clippedAt === b.clippedAt && a.postId < b.postId);
}

/**
 * True when `ids`, the order by clipped time (`direction` as read), is still right after the clippings
 * `keys` were written or deleted: each is in it exactly when it is stored and not removed, and stands
 * between its neighbours by its clipped time now. Checking every pair of neighbours that holds a written
 * clipping is enough: the other pairs were in order and did not change.
 */
export async function clippedOrderHolds(db: ClipperDB, ids: readonly string[], keys: readonly string[], direction: 'desc' | 'asc'): Promise<boolean> {
  if (keys.length === 0) return true;
  const at = positionsOf(ids);
  const neighbours = new Set<string>(keys);
  for (const k of keys) {
    const i = at.get(k);
    if (i === undefined) continue;
    if (i > 0) neighbours.add(ids[i - 1]!);
    if (i < ids.length - 1) neighbours.add(ids[i + 1]!);
  }
  const wanted = [...neighbours];
  const records = await db.transaction('r', db.clippings, () => db.clippings.bulkGet(wanted));
  const now = new Map(wanted.map((id, n) => [id, records[n]]));
  // Ascending: each entry before the next. The order asked newest first is the same list reversed.
  const ordered = (a: ClippingRecord, b: ClippingRecord) => (direction === 'asc' ? before(a, b) : before(b, a));
  for (const k of keys) {
    const c = now.get(k);
    const i = at.get(k);
    if (inOrder(c) !== (i !== undefined)) return false; // added, removed, restored or deleted
    if (i === undefined || !inOrder(c)) continue;
    const prev = i > 0 ? now.get(ids[i - 1]!) : undefined;
    const next = i < ids.length - 1 ? now.get(ids[i + 1]!) : undefined;
    if (i > 0 && (!inOrder(prev) || !ordered(prev, c))) return false;
    if (i < ids.length - 1 && (!inOrder(next) || !ordered(c, next))) return false;
  }
  return true;
}
