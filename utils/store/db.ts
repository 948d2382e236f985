import Dexie, { type Table } from 'dexie';
import type { Counts, PostSnapshot } from '@/utils/snapshot';
import { DEFAULT_THEME_IDS } from './themes-default';
import { searchWords } from './words';

/**
 * The extension's database. It lives in the extension's own origin (background and extension pages);
 * content scripts never open it (their IndexedDB would belong to x.com) and ask the background instead.
 *
 * Schema versions are numbered and never edited once released: a change is a new version with an
 * upgrade, and a test (db.test.ts) that opens a database of the older version, with data, and upgrades it.
 */

export const DB_NAME = 'lga-guide-clipper';

/** The library owner's contributor id. Imported bundles' contributors get ids of their own. */
export const OWNER = 'me';

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
  /** (v2) Search words of the post and of every annotation of it, for the multi-entry index. */
  words: string[];
}

export const MAX_CAPTURES = 50;

export type Verdict = 'do' | 'dont' | 'undecided';
export type Kind = 'tip' | 'example';
export type AuthorType = 'council' | 'councillor' | 'officer' | 'publicBody' | 'media' | 'businessOrCharity' | 'public' | 'notSet';
export type Permission = 'notNeeded' | 'notAsked' | 'asked' | 'granted' | 'refused';

export const VERDICTS: readonly Verdict[] = ['do', 'dont', 'undecided'];
export const KINDS: readonly Kind[] = ['tip', 'example'];
export const AUTHOR_TYPES: readonly AuthorType[] = ['council', 'councillor', 'officer', 'publicBody', 'media', 'businessOrCharity', 'public', 'notSet'];
export const PERMISSIONS: readonly Permission[] = ['notNeeded', 'notAsked', 'asked', 'granted', 'refused'];

/**
 * (v2) One contributor's judgement of one post, kept apart from the snapshot so a re-clip never
 * touches it, and so one post can hold many contributors' annotations (merged bundles).
 */
export interface AnnotationRecord {
  postId: string;
  /** OWNER for the library's owner; imported contributors' ids otherwise. */
  contributorId: string;
  verdict: Verdict;
  kind: Kind | null;
  /** Theme ids. */
  themes: string[];
  /** One line the guide could print. */
  lesson: string;
  /** A private working note. */
  note: string;
  authorType: AuthorType;
  permission: Permission;
  /** 1 when the lesson is not empty (indexed for `has:lesson`). */
  hasLesson: 0 | 1;
  updatedAt: number;
}

/** (v2) A theme. Built-in themes have no name until renamed (their name is a message, in the UI's language). */
export interface ThemeRecord {
  id: string;
  name: string | null;
  order: number;
  builtIn: 0 | 1;
}

/** (v2) Someone whose annotations are in the library: the owner, or a bundle's contributor. */
export interface ContributorRecord {
  id: string;
  name: string;
  organisation: string;
}

/** A clipping that became saved (added or restored) or unsaved (removed). */
export interface ClipChange {
  postId: string;
  saved: boolean;
}

/**
 * (v3) What one committed write did to clippings' saved state, written in the same transaction as
 * the write, and deleted once the change feed has announced it.
 */
export interface OutboxRecord {
  /** Auto-incremented: the order the writes committed in. */
  seq?: number;
  changes: ClipChange[];
}

/** Version 1: clippings, indexed for the library's queries. */
export const SCHEMA_V1 = {
  clippings: 'postId, clippedAt, authorHandle, postedAt, removed, [removed+clippedAt]',
};

/** Version 2: annotations apart from snapshots, themes, contributors, and a search-word index. */
export const SCHEMA_V2 = {
  clippings: 'postId, clippedAt, authorHandle, postedAt, removed, [removed+clippedAt], [removed+postedAt], *words',
  annotations: '[postId+contributorId], postId, contributorId, [contributorId+verdict], [contributorId+kind], *themes, [contributorId+authorType], [contributorId+permission], [contributorId+hasLesson]',
  themes: 'id, order',
  contributors: 'id',
};

/** Version 3: the outbox of committed changes not yet announced to X tabs (utils/store/outbox.ts). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  outbox: '++seq',
};

export function newAnnotation(postId: string, contributorId: string, now: number): AnnotationRecord {
  return { postId, contributorId, verdict: 'undecided', kind: null, themes: [], lesson: '', note: '', authorType: 'notSet', permission: 'notAsked', hasLesson: 0, updatedAt: now };
}

export class ClipperDB extends Dexie {
  clippings!: Table<ClippingRecord, string>;
  annotations!: Table<AnnotationRecord, [string, string]>;
  themes!: Table<ThemeRecord, string>;
  contributors!: Table<ContributorRecord, string>;
  outbox!: Table<OutboxRecord, number>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // Every clipping gets its search words and an undecided annotation by the owner.
        const now = Date.now();
        const annotations = tx.table<AnnotationRecord, [string, string]>('annotations');
        await tx
          .table<ClippingRecord, string>('clippings')
          .toCollection()
          .modify((clipping) => {
            clipping.words = searchWords(clipping.snapshot, []);
          });
        const ids = (await tx.table('clippings').toCollection().primaryKeys()) as string[];
        await annotations.bulkPut(ids.map((id) => newAnnotation(id, OWNER, now)));
        await seedThemes(tx.table('themes'));
      });
    // A new, empty table: nothing to upgrade.
    this.version(3).stores(SCHEMA_V3);
    this.on('populate', (tx) => seedThemes(tx.table('themes')));
  }
}

async function seedThemes(themes: Table<ThemeRecord, string>) {
  await themes.bulkPut(DEFAULT_THEME_IDS.map((id, order) => ({ id, name: null, order, builtIn: 1 as const })));
}

let shared: ClipperDB | undefined;

/** The one database of this extension context (background or page), opened on first use. */
export function getDb(): ClipperDB {
  shared ??= new ClipperDB();
  return shared;
}
