import { OWNER, ownerFirst } from '@/utils/domain/contributors';
import { arrangeGuide, NO_THEME, type GuideSection, type GuideTheme } from '@/utils/domain/guide';
import type { AnnotationRecord, ClippingRecord, ContributorRecord, GuideThemeRecord } from '@/utils/domain/records';
import type { ClipperDB } from './db';

/**
 * The Guide page's data: the clippings the owner picked "For the guide" (annotations indexed by
 * `[contributorId+forGuide]`), arranged by theme and verdict in the editor's order (`guide` table), with
 * every contributor's annotation and the editor's text for each theme. The Word draft reads the same.
 */

export interface GuideExample {
  clipping: ClippingRecord;
  /** The owner's annotation: its verdict, themes, author type and permission place and warn. */
  owner: AnnotationRecord;
  /** Every annotation of the post, the owner's first. */
  annotations: AnnotationRecord[];
}

export interface GuideData {
  themes: GuideTheme[];
  examples: ReadonlyMap<string, GuideExample>;
  /** The editor's text for each theme (key: theme id, or NO_THEME). */
  texts: ReadonlyMap<string, string>;
  contributors: ReadonlyMap<string, ContributorRecord>;
}

/** Every picked clipping (removed ones left out), arranged for the themes given, in their order. */
export async function readGuide(db: ClipperDB, themeIds: readonly string[]): Promise<GuideData> {
  return db.transaction('r', [db.annotations, db.clippings, db.guide, db.contributors], async () => {
    const keys = (await db.annotations.where('[contributorId+forGuide]').equals([OWNER, 1]).primaryKeys()) as Array<[string, string]>;
    const ids = keys.map(([postId]) => postId);
    const [clippings, all, records, people] = await Promise.all([
      db.clippings.bulkGet(ids),
      ids.length > 0 ? db.annotations.where('postId').anyOf(ids).toArray() : Promise.resolve([]),
      db.guide.toArray(),
      db.contributors.toArray(),
    ]);
    const byPost = new Map<string, AnnotationRecord[]>();
    for (const a of all) {
      let list = byPost.get(a.postId);
      if (!list) byPost.set(a.postId, (list = []));
      list.push(a);
    }
    const examples = new Map<string, GuideExample>();
    for (const clipping of clippings) {
      if (!clipping || clipping.removed === 1) continue;
      const annotations = (byPost.get(clipping.postId) ?? []).sort(ownerFirst);
      const owner = annotations.find((a) => a.contributorId === OWNER);
      if (owner?.forGuide === 1) examples.set(clipping.postId, { clipping, owner, annotations });
    }
    const orders = new Map(records.map((r) => [r.themeId, r.order]));
    const picked = [...examples.values()].map((e) => ({ postId: e.clipping.postId, verdict: e.owner.verdict, themes: e.owner.themes, clippedAt: e.clipping.clippedAt }));
    return {
      themes: arrangeGuide(themeIds, picked, orders),
      examples,
      texts: new Map(records.map((r) => [r.themeId, r.text])),
      contributors: new Map(people.map((c) => [c.id, c])),
    };
  });
}

function emptyRecord(themeId: string, now: number): GuideThemeRecord {
  return { themeId, order: { do: [], dont: [] }, text: '', updatedAt: now };
}

/** Stores the editor's order of one section of a theme (null: the examples with no theme). */
export async function saveGuideOrder(db: ClipperDB, themeId: string | null, section: GuideSection, postIds: readonly string[], now = Date.now()): Promise<void> {
  const key = themeId ?? NO_THEME;
  await db.transaction('rw', db.guide, async () => {
    const record = (await db.guide.get(key)) ?? emptyRecord(key, now);
    await db.guide.put({ ...record, order: { ...record.order, [section]: [...postIds] }, updatedAt: now });
  });
}

/** Stores the editor's text for a theme (null: the examples with no theme). */
export async function saveGuideText(db: ClipperDB, themeId: string | null, text: string, now = Date.now()): Promise<void> {
  const key = themeId ?? NO_THEME;
  await db.transaction('rw', db.guide, async () => {
    const record = (await db.guide.get(key)) ?? emptyRecord(key, now);
    await db.guide.put({ ...record, text, updatedAt: now });
  });
}

/** What an export of the guide needs: every picked post (removed ones left out) and the Word draft's arrangement. */
export interface GuideExport {
  postIds: string[];
  arrangement: Array<{ name: string; text: string; do: string[]; dont: string[] }>;
}

/** The guide as "Export bundle" takes it: themes in order, named, with the editor's text and order. */
export async function guideExport(db: ClipperDB, themes: ReadonlyArray<{ id: string; name: string }>, noThemeName: string): Promise<GuideExport> {
  const guide = await readGuide(db, themes.map((t) => t.id));
  const names = new Map(themes.map((t) => [t.id, t.name]));
  const arrangement = guide.themes.map((t) => ({
    name: t.themeId === null ? noThemeName : (names.get(t.themeId) ?? t.themeId),
    text: guide.texts.get(t.themeId ?? NO_THEME) ?? '',
    do: t.do,
    dont: t.dont,
  }));
  return { postIds: [...guide.examples.keys()], arrangement };
}
