import Dexie, { type Table } from 'dexie';
import type { Counts, PostSnapshot } from '@/utils/snapshot';

/**
 * The extension's database. It lives in the extension's own origin (background and extension pages);
 * content scripts never open it (their IndexedDB would belong to x.com) and ask the background instead.
 *
 * Schema versions are numbered and never edited once released: a change is a new version with an
 * upgrade, and a test that opens a database of the older version, with data, and upgrades it.
 */

export const DB_NAME = 'lga-guide-clipper';

/** One capture of a post: kept for every clip of the same post, so earlier counts survive a re-clip. */
export interface CaptureRecord {
  capturedAt: string;
  pageUrl: string;
  counts: Counts;
}

export interface ClippingRecord {
  /** Primary key: X's post id, so a post is clipped once however often it is pressed. */
  postId: string;
  /** The latest capture of the post. */
  snapshot: PostSnapshot;
  /** When the post was first clipped (epoch ms). */
  clippedAt: number;
  /** When the record last changed (epoch ms). */
  updatedAt: number;
  /** Author's handle in lower case, for `from:` searches. */
  authorHandle: string;
  /** When the post was published (epoch ms; 0 when unknown). */
  postedAt: number;
  /** 1 when the user removed it: a soft delete, so it and its annotations can be restored. */
  removed: 0 | 1;
  removedAt?: number;
  /** Every capture, oldest first (at most MAX_CAPTURES). */
  captures: CaptureRecord[];
}

export const MAX_CAPTURES = 50;

/** Version 1: clippings, indexed for the library's queries. */
export const SCHEMA_V1 = {
  clippings: 'postId, clippedAt, authorHandle, postedAt, removed, [removed+clippedAt]',
};

export class ClipperDB extends Dexie {
  clippings!: Table<ClippingRecord, string>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
  }
}

let shared: ClipperDB | undefined;

/** The one database of this extension context (background or page), opened on first use. */
export function getDb(): ClipperDB {
  shared ??= new ClipperDB();
  return shared;
}
