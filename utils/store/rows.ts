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
 * The records of the rows a page shows, kept live: the page says which rows it shows (`show`), and the
 * cache reads those it does not hold in one transaction and tells its listeners. One read at a time:
 * rows shown while a read is under way are read when it ends, so a fast scroll reads where it has got
 * to, not every place it passed, and IndexedDB is never asked faster than it answers. Whenever the
 * library's clippings or annotations change (in this page or any other context: Dexie's storagemutated
 * event), the rows of the posts it changed are stale: those shown are read again, still shown as they
 * were meanwhile, and the others forgotten (every row, when the change does not name its posts). A read
 * begun before a change never lands after it.
 */
export class RowCache {
  /** Rows kept beyond those shown, so that scrolling back draws at once. */
  static readonly MAX_KEPT = 400;
  private rows = new Map<string, RowRecords>();
  private shown: readonly string[] = [];
  /** Rows held that a change made stale: shown as they are until read again. */
  private stale = new Set<string>();
  private busy = false;
  /** Moves on at each change of the library: reads begun before it are dropped. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly onMutated = (parts: Record<string, unknown>) => {
    const touched = touchedPosts(parts, this.db.name);
    if (touched?.size === 0) return; // neither clippings nor annotations
    this.generation++;
    const shown = new Set(this.shown);
    for (const id of touched ?? [...this.rows.keys()]) {
      if (shown.has(id)) this.stale.add(id);
      else this.rows.delete(id);
    }
    this.pump();
  };

  /** `read` is readRows; a test may hold a read back to race it with a change. */
  constructor(
    private readonly db: ClipperDB,
    private readonly read_: typeof readRows = readRows,
  ) {
    Dexie.on.storagemutated.subscribe(this.onMutated);
  }

  get(postId: string): RowRecords | undefined {
    return this.rows.get(postId);
  }

  /** The rows the page shows now: those not held, or stale, are read together. */
  show(postIds: readonly string[]): void {
    this.shown = postIds;
    this.pump();
  }

  /** Reads rows into the cache (the first rows, before the page draws them); resolves once they are in. */
  async read(postIds: readonly string[]): Promise<void> {
    await this.load(postIds.filter((id) => !this.rows.has(id)));
  }

  /** Calls `listener` whenever rows shown arrive; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.listeners.clear();
  }

  /**
   * Starts the next read, unless one is under way (it calls again when it ends). After a failed read it
   * waits for the page's next `show` or the library's next change, rather than try again at once.
   */
  private pump(): void {
    if (this.busy) return;
    const wanted = this.shown.filter((id) => !this.rows.has(id) || this.stale.has(id));
    if (wanted.length === 0) return;
    this.busy = true;
    void this.load(wanted).then((read) => {
      this.busy = false;
      if (read) this.pump();
    });
  }

  /** Reads rows into the cache; false when the read failed. */
  private async load(postIds: readonly string[]): Promise<boolean> {
    if (postIds.length === 0) return true;
    const generation = this.generation;
    let fresh: Map<string, RowRecords>;
    try {
      fresh = await this.read_(this.db, postIds);
    } catch (error) {
      console.error('[LGA Guide Clipper] rows not read', error);
      return false;
    }
    if (generation !== this.generation) return true; // the library changed meanwhile: what it changed is read again
    for (const [id, row] of fresh) {
      this.stale.delete(id);
      this.rows.delete(id); // read last, dropped last
      this.rows.set(id, row);
    }
    this.trim();
    const shown = new Set(this.shown);
    if ([...fresh.keys()].some((id) => shown.has(id))) for (const listener of [...this.listeners]) listener();
    return true;
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
