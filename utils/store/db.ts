import Dexie, { type Table } from 'dexie';
import { OWNER } from '@/utils/domain/contributors';
import { newAnnotation, type AnnotationRecord, type ClippingRecord, type ContributorRecord, type GuideThemeRecord, type ThemeRecord, type WordPostsRecord } from '@/utils/domain/records';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { searchWords } from '@/utils/domain/words';
import { votesOf } from '@/utils/domain/agreement';
import { upgradeSnapshot } from '@/utils/snapshot-version';
import { changeWords, type WordChange } from './word-index';
import { installAnnotationIndex, withIndexFields } from './annotation-index';
import { installClippingIndex, withClippingIndexFields } from './clipping-index';
export { OWNER } from '@/utils/domain/contributors';
export { MAX_CAPTURES, newAnnotation, type AnnotationRecord, type CaptureRecord, type ClippingRecord, type ContributorRecord, type GuideThemeRecord, type ThemeRecord, type WordPostsRecord } from '@/utils/domain/records';
export { AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS, type AuthorType, type Kind, type Permission, type Verdict } from '@/utils/domain/vocabulary';

/**
 * The extension's database. It lives in the extension's own origin (background and extension pages);
 * content scripts never open it (their IndexedDB would belong to x.com) and ask the background instead.
 *
 * Schema versions are numbered and never edited once released: a change is a new version with an
 * upgrade, and a test (db.test.ts) that opens a database of the older version, with data, and upgrades it.
 */

export const DB_NAME = 'lga-guide-clipper';
/** The latest schema version (the highest `this.version(n)` below). */
export const DB_VERSION = 12;

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

/**
 * Version 4: annotations indexed by who picked them for the guide, and the Guide page's arrangement
 * of each theme. Annotations without `forGuide` are simply not picked: nothing to upgrade.
 */
export const SCHEMA_V4 = {
  annotations: `${SCHEMA_V2.annotations}, [contributorId+forGuide]`,
  guide: 'themeId',
};

/** Version 5: snapshot version 2 (no new index; the upgrade marks every stored snapshot). */

/**
 * Version 6: each clipping keeps how its contributors' verdicts stand (`judged`, `agree`, `doLead`,
 * `contest`, from utils/domain/agreement.ts), indexed for `agree:`, `votes:` and the agreement sorts;
 * the upgrade works them out for every clipping from its annotations.
 */
export const SCHEMA_V6 = {
  clippings: `${SCHEMA_V2.clippings}, [removed+agree], [removed+judged], [removed+doLead], [removed+contest]`,
};

/**
 * (v7) A local copy of one of a clipping's images (a photo, or a video's or GIF's poster), kept when
 * "Keep copies of images" is on (utils/store/images.ts). `url` is the address in the snapshot.
 */
export interface ImageCopyRecord {
  postId: string;
  url: string;
  /** 'pending': to fetch at `nextAttemptAt`; 'kept': `data` holds it; 'failed': given up after the last attempt. */
  state: 'pending' | 'kept' | 'failed';
  data?: Uint8Array;
  /** The content type of `data` (image/jpeg, image/png, image/webp, image/gif). */
  type?: string;
  /** Bytes of `data` (0 until kept), indexed so the storage used is summed from the index alone. */
  size: number;
  /** Failed attempts so far. */
  attempts: number;
  nextAttemptAt: number;
  /** Why the last attempt failed (utils/images/fetch-copy.ts's CopyFailure, or 'no-permission'). */
  failure?: string;
  updatedAt: number;
}

/** Version 7: local copies of clippings' images, by clipping and address; due ones found by state and time. */
export const SCHEMA_V7 = {
  images: '[postId+url], postId, url, [state+nextAttemptAt], state, size',
};

/** (v8) A named number the database keeps, such as the clippings' count (utils/store/counts.ts). */
export interface MetaRecord {
  key: string;
  value: number;
}

/**
 * Version 8: a `meta` table of kept figures; the upgrade counts the clippings not removed once, and
 * every write keeps the count from then on (utils/store/counts.ts).
 */
export const SCHEMA_V8 = {
  meta: 'key',
};

/**
 * Version 9: the indexes no query reads are dropped, so each write keeps fewer index entries (an
 * import of tens of thousands of clippings spends most of its time writing them). Clippings lose
 * `clippedAt` and `postedAt`: every query sorts or filters through `[removed+clippedAt]` and
 * `[removed+postedAt]` (`removed` stays: the export reads its keys in post id order). Annotations
 * lose `postId` and `contributorId`: Dexie answers `where('postId')` from the first part of the
 * primary key `[postId+contributorId]`, and `where('contributorId')` from the first part of the first
 * `[contributorId+…]` index listed, `[contributorId+verdict]`, which holds every annotation (each has
 * a verdict), so it must stay listed first. Records are unchanged: nothing to upgrade.
 */
export const SCHEMA_V9 = {
  clippings: 'postId, authorHandle, removed, [removed+clippedAt], [removed+postedAt], *words, [removed+agree], [removed+judged], [removed+doLead], [removed+contest]',
  annotations: '[postId+contributorId], [contributorId+verdict], [contributorId+kind], *themes, [contributorId+authorType], [contributorId+permission], [contributorId+hasLesson], [contributorId+forGuide]',
};

/**
 * Version 10: the search words move from the clippings' multi-entry `*words` index (one entry per
 * word and post, two thirds of what an import wrote) to the `wordPosts` table, one record per word
 * and block of posts listing the block's posts that have the word (utils/store/word-index.ts).
 * Clippings keep `words` as a plain field and gain `wordBlock`; the upgrade places every clipping in
 * a block, in primary key order, and writes the table from the clippings' words.
 */
export const SCHEMA_V10 = {
  clippings: 'postId, authorHandle, removed, [removed+clippedAt], [removed+postedAt], [removed+agree], [removed+judged], [removed+doLead], [removed+contest]',
  wordPosts: '[word+block]',
};

/**
 * Version 11: annotations are indexed only under what some query reads (utils/store/annotation-index.ts).
 * `[contributorId+verdict]`, `[contributorId+kind]`, `[contributorId+authorType]`,
 * `[contributorId+permission]` and `[contributorId+hasLesson]` held an entry for every annotation,
 * most of them defaults (an imported clipping's owner's annotation is all defaults) or other
 * contributors' values no query reads. They give way to `[contributorId+decided]` (do or dont, every
 * contributor) and `*ownerKeys` (the owner's values that are not the default); a query for a default is
 * answered as the clippings without another value. The records keep every field; the index fields are
 * added on write and taken off on read. The upgrade gives every stored annotation its index fields.
 * Dexie answers `where('contributorId')` from the `[contributorId+…]` index whose name sorts first,
 * `[contributorId+decided]`: every contributor's decided annotations (no longer every annotation).
 */
export const SCHEMA_V11 = {
  annotations: '[postId+contributorId], [contributorId+decided], *themes, [contributorId+forGuide], *ownerKeys',
};

/**
 * Version 12: clippings are indexed only where a query needs an entry (utils/store/clipping-index.ts).
 * `[removed+agree]`, `[removed+judged]`, `[removed+doLead]` and `[removed+contest]` held four entries
 * for every clipping, most of them the summary of nobody's verdicts (an imported clipping's); they
 * give way to the multi-entry `*voteKeys`, whose field only a clipping somebody judged has (its four
 * summaries as `[summary, removed, value]`). `votes:` and the agreement sorts answer the others as
 * the complement (utils/store/search.ts). `removed` is dropped: the clippings not removed are the
 * keys of `[removed+clippedAt]` with `removed` 0, and in post id order the table's primary keys less
 * those with `removed` 1. The records keep every field; the index field is added on write and taken
 * off on read. The upgrade gives every judged clipping its index field (the others need none).
 */
export const SCHEMA_V12 = {
  clippings: 'postId, authorHandle, [removed+clippedAt], [removed+postedAt], *voteKeys',
};

/** The `meta` key of the count of clippings not removed. */
export const CLIPPING_COUNT = 'clippingCount';

export class ClipperDB extends Dexie {
  clippings!: Table<ClippingRecord, string>;
  annotations!: Table<AnnotationRecord, [string, string]>;
  themes!: Table<ThemeRecord, string>;
  contributors!: Table<ContributorRecord, string>;
  outbox!: Table<OutboxRecord, number>;
  guide!: Table<GuideThemeRecord, string>;
  images!: Table<ImageCopyRecord, [string, string]>;
  meta!: Table<MetaRecord, string>;
  wordPosts!: Table<WordPostsRecord, [string, number]>;

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
    this.version(4).stores(SCHEMA_V4);
    // Snapshot version 2 (utils/snapshot.ts): every stored snapshot says so; its fields are kept as they are.
    this.version(5)
      .stores({})
      .upgrade(async (tx) => {
        await tx
          .table<ClippingRecord, string>('clippings')
          .toCollection()
          .modify((clipping) => {
            if (clipping.snapshot) clipping.snapshot = upgradeSnapshot(clipping.snapshot);
          });
      });
    this.version(6)
      .stores(SCHEMA_V6)
      .upgrade(async (tx) => {
        const byPost = new Map<string, AnnotationRecord[]>();
        await tx
          .table<AnnotationRecord, [string, string]>('annotations')
          .each((a) => {
            let list = byPost.get(a.postId);
            if (!list) byPost.set(a.postId, (list = []));
            list.push(a);
          });
        await tx
          .table<ClippingRecord, string>('clippings')
          .toCollection()
          .modify((clipping) => {
            Object.assign(clipping, votesOf(byPost.get(clipping.postId) ?? []));
          });
      });
    // A new, empty table: nothing to upgrade (copies are made later, when the choice is on).
    this.version(7).stores(SCHEMA_V7);
    this.version(8)
      .stores(SCHEMA_V8)
      .upgrade(async (tx) => {
        const value = await tx.table('clippings').where('removed').equals(0).count();
        await tx.table<MetaRecord, string>('meta').put({ key: CLIPPING_COUNT, value });
      });
    // Indexes dropped, records unchanged: nothing to upgrade.
    this.version(9).stores(SCHEMA_V9);
    this.version(10)
      .stores(SCHEMA_V10)
      .upgrade(async (tx) => {
        // Every clipping is placed, in primary key order, as new posts are (utils/store/word-index.ts).
        const clippings = tx.table<ClippingRecord, string>('clippings');
        const changes: WordChange[] = [];
        await clippings.each((c) => changes.push({ postId: c.postId, before: [], after: c.words ?? [] }));
        const blocks = await changeWords({ wordPosts: tx.table('wordPosts'), meta: tx.table('meta') }, changes);
        const blockOf = new Map(changes.map((c, i) => [c.postId, blocks[i]!]));
        await clippings.toCollection().modify((clipping) => {
          clipping.wordBlock = blockOf.get(clipping.postId);
        });
      });
    this.version(11)
      .stores(SCHEMA_V11)
      .upgrade(async (tx) => {
        await tx
          .table<AnnotationRecord, [string, string]>('annotations')
          .toCollection()
          .modify((a, ref) => {
            ref.value = withIndexFields(a);
          });
      });
    this.version(12)
      .stores(SCHEMA_V12)
      .upgrade(async (tx) => {
        // Only a clipping somebody judged is written again (with its index field); the others are left as they are.
        await tx
          .table<ClippingRecord, string>('clippings')
          .toCollection()
          .modify((c, ref) => {
            if (!(typeof c.judged === 'number' && c.judged > 0)) return false;
            ref.value = withClippingIndexFields(c);
          });
      });
    installAnnotationIndex(this);
    installClippingIndex(this);
    this.on('populate', async (tx) => {
      await seedThemes(tx.table('themes'));
      await tx.table<MetaRecord, string>('meta').put({ key: CLIPPING_COUNT, value: 0 });
    });
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
