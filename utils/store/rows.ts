import Dexie from 'dexie';
import type { AnnotationRecord, ClipperDB, ClippingRecord } from './db';
import { collectKeys, type RangeNode } from './order-check';

/** What one row of the library's List view shows: the clipping and every annotation of its post. */
export interface RowRecords {
  clipping: ClippingRecord | undefined;
  annotations: AnnotationRecord[];
}

/** One row's records. */
export async function readRow(db: ClipperDB, postId: string): Promise<RowRecords> {
  const [clipping, annotations] = await Promise.all([db.clippings.get(postId), db.annotations.where('postId').equals(postId).toArray()]);
  return { clipping, annotations };
}

/**
 * Many rows' records in one read transaction, every request issued at once. Rows that each opened
 * their own live query cost a timer and two transactions apiece: at opening the first row was drawn
 * while the others still waited, and a fast scroll through 10,000 clippings spent most of each frame
 * starting queries (docs/performance.md, "The List view's rows read together").
 */
export function readRows(db: ClipperDB, postIds: readonly string[]): Promise<Map<string, RowRecords>> {
  return db.transaction('r', db.clippings, db.annotations, async () => {
    const rows = await Promise.all(postIds.map((id) => readRow(db, id)));
    return new Map(postIds.map((id, i) => [id, rows[i]!]));
  });
}

/**
 * The posts whose clipping or annotations a storagemutated event's parts name as written or deleted
 * (an annotation's key is [postId, contributorId]); null when a part names a range or many keys, or
 * when the tables' own parts are missing, which only reading every row again can answer.
 */
export function touchedPosts(parts: Record<string, unknown>, dbName: string): Set<string> | null {
  const posts = new Set<string>();
  const postOf = (key: unknown) => (typeof key === 'string' ? key : Array.isArray(key) && typeof key[0] === 'string' ? key[0] : null);
  for (const table of ['clippings', 'annotations']) {
    const prefix = `idb://${dbName}/${table}/`;
    const own = [prefix, `${prefix}:dels`].filter((part) => part in parts);
    if (own.length === 0) {
      if (Object.keys(parts).some((part) => part.startsWith(prefix))) return null;
      continue;
    }
    for (const part of own) if (!collectKeys(parts[part] as RangeNode, posts, postOf)) return null;
  }
  return posts;
}

/**
 * The records of the rows a page shows, kept live: the page says which rows it shows (`show`), the
 * cache reads those it does not hold in one transaction and tells its listeners. Whenever the library's
 * clippings or annotations change (in this page or any other context: Dexie's storagemutated event),
 * the rows of the posts it changed are stale: those shown are read again together, still shown as
 * they were meanwhile, and the others dropped (every row, when the change does not name its posts).
 * A read begun before a change never lands after it.
 */
export class RowCache {
  /** Rows kept beyond those shown, so that scrolling back draws at once. */
  static readonly MAX_KEPT = 400;
  private rows = new Map<string, RowRecords>();
  private shown: readonly string[] = [];
  private reading = new Set<string>();
  /** Moves on at each change of the library: reads begun before it are dropped. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly parts: string[];
  private readonly onMutated = (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((part) => this.parts.some((p) => part.startsWith(p)))) return;
    const touched = touchedPosts(parts, this.db.name);
    this.generation++;
    this.reading.clear();
    if (touched === null) {
      // Which posts changed is not known (a range, or many): every row is stale. What is shown stays
      // shown until its fresh records arrive; nothing else is kept.
      const stale = this.rows;
      this.rows = new Map(this.shown.flatMap((id) => (stale.has(id) ? [[id, stale.get(id)!] as const] : [])));
      void this.load(this.shown, true);
      return;
    }
    // The posts changed are read again if shown (and shown meanwhile) and forgotten if not; rows shown
    // whose read was under way are read again, as that read is dropped.
    const shown = new Set(this.shown);
    for (const id of touched) if (!shown.has(id)) this.rows.delete(id);
    void this.load(this.shown.filter((id) => touched.has(id) || !this.rows.has(id)), true);
  };

  /** `read` is readRows; a test may hold a read back to race it with a change. */
  constructor(
    private readonly db: ClipperDB,
    private readonly read_: typeof readRows = readRows,
  ) {
    this.parts = ['clippings', 'annotations'].map((table) => `idb://${db.name}/${table}/`);
    Dexie.on.storagemutated.subscribe(this.onMutated);
  }

  get(postId: string): RowRecords | undefined {
    return this.rows.get(postId);
  }

  /** The rows the page shows now: those not held are read, together. */
  show(postIds: readonly string[]): void {
    this.shown = postIds;
    void this.load(postIds.filter((id) => !this.rows.has(id) && !this.reading.has(id)));
  }

  /** Reads rows into the cache (the first rows before the page draws them); resolves once they are in. */
  read(postIds: readonly string[]): Promise<void> {
    return this.load(postIds.filter((id) => !this.rows.has(id)));
  }

  /** Calls `listener` whenever rows arrive; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.listeners.clear();
  }

  private async load(postIds: readonly string[], again = false): Promise<void> {
    if (postIds.length === 0) return;
    const generation = this.generation;
    for (const id of postIds) this.reading.add(id);
    let fresh: Map<string, RowRecords>;
    try {
      fresh = await this.read_(this.db, postIds);
    } catch (error) {
      if (generation === this.generation) for (const id of postIds) this.reading.delete(id);
      console.error('[LGA Guide Clipper] rows not read', error);
      return;
    }
    if (generation !== this.generation) return; // the library changed meanwhile: a newer read covers the rows shown
    for (const [id, row] of fresh) {
      this.reading.delete(id);
      this.rows.delete(id); // read last, dropped last
      this.rows.set(id, row);
    }
    this.trim();
    if (fresh.size > 0 || again) for (const listener of [...this.listeners]) listener();
  }

  /** Drops the rows read longest ago that are not shown, past MAX_KEPT. */
  private trim(): void {
    if (this.rows.size <= RowCache.MAX_KEPT) return;
    const shown = new Set(this.shown);
    for (const id of this.rows.keys()) {
      if (this.rows.size <= RowCache.MAX_KEPT) break;
      if (!shown.has(id)) this.rows.delete(id);
    }
  }
}
