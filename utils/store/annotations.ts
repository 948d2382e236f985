import { OWNER, ownerFirst } from '@/utils/domain/contributors';
import { blankOwnerAnnotation, newAnnotation, withOwnerAnnotation, type AnnotationRecord, type ClippingRecord } from '@/utils/domain/records';
import { searchWords } from '@/utils/domain/words';
import { votesOf } from '@/utils/domain/agreement';
import type { ClipperDB } from './db';
import { markForTeam } from './team-marks';
import { changeWords } from './word-index';

/** What an edit may change in an annotation. `forGuide`: picked for the guide, or not. */
export type AnnotationPatch = Partial<Pick<AnnotationRecord, 'verdict' | 'kind' | 'themes' | 'lesson' | 'note' | 'authorType' | 'permission'>> & { forGuide?: boolean };

/**
 * Changes one contributor's annotation of a post (the owner's unless said), creating it if need be,
 * and keeps the post's search words (and the word table) in step, in one transaction.
 */
export async function updateAnnotation(db: ClipperDB, postId: string, patch: AnnotationPatch, contributorId = OWNER, now = Date.now()): Promise<AnnotationRecord> {
  return db.transaction('rw', [db.annotations, db.clippings, db.meta, db.wordPosts], async () => {
    const current = (await db.annotations.get([postId, contributorId])) ?? newAnnotation(postId, contributorId, now);
    const next = patchedAnnotation(current, patch, now);
    await db.annotations.put(next);
    if (contributorId === OWNER) await markForTeam(db, [postId], now);
    const words = patch.lesson !== undefined || patch.note !== undefined;
    if (words || (patch.verdict !== undefined && patch.verdict !== current.verdict)) {
      const clipping = await db.clippings.get(postId);
      if (clipping) {
        const all = await db.annotations.where('postId').equals(postId).toArray();
        const changes: Partial<ClippingRecord> = votesOf(all);
        if (words) {
          changes.words = searchWords(clipping.snapshot, all, clipping.versions);
          const [block] = await changeWords(db, [{ postId, block: clipping.wordBlock, before: clipping.words, after: changes.words }]);
          if (block !== clipping.wordBlock) changes.wordBlock = block;
        }
        await db.clippings.update(postId, changes);
      }
    }
    return next;
  });
}

/** An annotation with an edit applied: themes without repeats, and its has-a-lesson flag kept true. */
export function patchedAnnotation(current: AnnotationRecord, patch: AnnotationPatch, now: number): AnnotationRecord {
  const { forGuide, ...fields } = patch;
  const next: AnnotationRecord = { ...current, ...fields, updatedAt: now };
  if (forGuide === true) next.forGuide = 1;
  else if (forGuide === false) delete next.forGuide;
  if (patch.themes) next.themes = [...new Set(patch.themes)];
  next.hasLesson = next.lesson.trim() === '' ? 0 : 1;
  return next;
}

/*
 * A clipping may have no annotation by the owner stored (one imported from a bundle or the team
 * library, until the owner edits it): absent means the owner's blank annotation
 * (`blankOwnerAnnotation`, `withOwnerAnnotation`: utils/domain/records.ts), and the readers below
 * answer alike for both. Writers create the record on demand (updateAnnotation above, changeMany in
 * ./bulk.ts).
 */

/** The owner's annotation of a clipping, stored or blank; undefined when the library has no such clipping. */
export async function ownerAnnotationOf(db: ClipperDB, postId: string): Promise<AnnotationRecord | undefined> {
  return db.transaction('r', db.annotations, db.clippings, async () => {
    const stored = await db.annotations.get([postId, OWNER]);
    if (stored) return stored;
    const clipping = await db.clippings.get(postId);
    return clipping ? blankOwnerAnnotation(clipping) : undefined;
  });
}

/** Every annotation of a post, the owner's first (their blank one when none is stored and the post is clipped). */
export async function annotationsOf(db: ClipperDB, postId: string): Promise<AnnotationRecord[]> {
  return db.transaction('r', db.annotations, db.clippings, async () => {
    const [all, clipping] = await Promise.all([db.annotations.where('postId').equals(postId).toArray(), db.clippings.get(postId)]);
    return (clipping ? withOwnerAnnotation(clipping, all) : all).sort(ownerFirst);
  });
}

/** Who judged what: a post, a contributor and their verdict. */
export type VerdictEntry = Pick<AnnotationRecord, 'postId' | 'contributorId' | 'verdict'>;

/**
 * Every annotation's post, contributor and verdict, in the annotations' key order (post, then
 * contributor), with the owner's blank (undecided) one for each clipping (removed ones too) that has
 * none stored: what `db.annotations.toArray()` lists when every clipping has one.
 */
export async function everyVerdict(db: ClipperDB): Promise<VerdictEntry[]> {
  const [annotations, postIds] = await db.transaction('r', db.annotations, db.clippings, () => Promise.all([db.annotations.toArray(), db.clippings.toCollection().primaryKeys()]));
  const owned = new Set<string>();
  for (const a of annotations) if (a.contributorId === OWNER) owned.add(a.postId);
  const out: VerdictEntry[] = annotations.map(({ postId, contributorId, verdict }) => ({ postId, contributorId, verdict }));
  const blanks = postIds.filter((id) => !owned.has(id));
  if (blanks.length === 0) return out;
  for (const postId of blanks) out.push({ postId, contributorId: OWNER, verdict: 'undecided' });
  // Strings compare in JavaScript as IndexedDB compares string keys (by UTF-16 code unit).
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((x, y) => cmp(x.postId, y.postId) || cmp(x.contributorId, y.contributorId));
}
