import { OWNER, ownerFirst } from '@/utils/domain/contributors';
import { newAnnotation, type AnnotationRecord, type ClippingRecord } from '@/utils/domain/records';
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

/** Every annotation of a post, the owner's first. */
export async function annotationsOf(db: ClipperDB, postId: string): Promise<AnnotationRecord[]> {
  const all = await db.annotations.where('postId').equals(postId).toArray();
  return all.sort(ownerFirst);
}
