import Dexie, { type Table } from 'dexie';
import { OWNER } from '@/utils/domain/contributors';
import { newAnnotation, type AnnotationRecord, type ClippingRecord, type ContributorRecord, type GuideThemeRecord, type ThemeRecord } from '@/utils/domain/records';
import { DEFAULT_THEME_IDS } from '@/utils/domain/themes';
import { searchWords } from '@/utils/domain/words';
export { OWNER } from '@/utils/domain/contributors';
export { MAX_CAPTURES, newAnnotation, type AnnotationRecord, type CaptureRecord, type ClippingRecord, type ContributorRecord, type GuideThemeRecord, type ThemeRecord } from '@/utils/domain/records';
export { AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS, type AuthorType, type Kind, type Permission, type Verdict } from '@/utils/domain/vocabulary';

/**
 * The extension's database. It lives in the extension's own origin (background and extension pages);
 * content scripts never open it (their IndexedDB would belong to x.com) and ask the background instead.
 *
 * Schema versions are numbered and never edited once released: a change is a new version with an
 * upgrade, and a test (db.test.ts) that opens a database of the older version, with data, and upgrades it.
 */

export const DB_NAME = 'lga-guide-clipper';

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
 * Version 7: annotations indexed by who picked them for the guide, and the Guide page's arrangement
 * of each theme. Annotations without `forGuide` are simply not picked: nothing to upgrade.
 */
export const SCHEMA_V7 = {
  annotations: `${SCHEMA_V2.annotations}, [contributorId+forGuide]`,
  guide: 'themeId',
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

/** The `meta` key of the count of clippings not removed. */
export const CLIPPING_COUNT = 'clippingCount';

export class ClipperDB extends Dexie {
  clippings!: Table<ClippingRecord, string>;
  annotations!: Table<AnnotationRecord, [string, string]>;
  themes!: Table<ThemeRecord, string>;
  contributors!: Table<ContributorRecord, string>;
  outbox!: Table<OutboxRecord, number>;
  guide!: Table<GuideThemeRecord, string>;
  meta!: Table<MetaRecord, string>;

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
    this.version(7).stores(SCHEMA_V7);
    this.version(8)
      .stores(SCHEMA_V8)
      .upgrade(async (tx) => {
        const value = await tx.table('clippings').where('removed').equals(0).count();
        await tx.table<MetaRecord, string>('meta').put({ key: CLIPPING_COUNT, value });
      });
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
