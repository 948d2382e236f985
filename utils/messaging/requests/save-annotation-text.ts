import * as v from 'valibot';
import { PostIdSchema } from '@/utils/snapshot';
import { OWNER, type AnnotationRecord } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import { NotFoundError } from '@/utils/store/clippings';
import { defineRequest } from './define';

/**
 * The owner's lesson or note as a page had it when the page was hidden or closed before its autosave
 * ran: the background writes it, so the last edit is kept even if the page is gone a moment later.
 * Written with the store function the pages use (updateAnnotation), never over a newer text.
 */
export interface SaveAnnotationTextResponse {
  postId: string;
  field: AnnotationTextField;
  /**
   * `written`: the text is stored now. `unchanged`: it was stored already. `newer-kept`: another page
   * changed the field after this edit, so its text was kept and this one dropped.
   */
  outcome: 'written' | 'unchanged' | 'newer-kept';
}

export type AnnotationTextField = 'lesson' | 'note';

/** Far above any lesson or note typed by hand; low enough to refuse junk. */
const MAX_TEXT = 1_000_000;
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));

export const saveAnnotationText = defineRequest({
  schema: v.object({
    type: v.literal('saveAnnotationText'),
    postId: PostIdSchema,
    field: v.picklist(['lesson', 'note']),
    text,
    /** The field's text when this edit began (what the page showed before the first keystroke). */
    replaces: text,
    /** When the last keystroke of this edit was typed (ms since the epoch). */
    editedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  senders: ['extension-page'],
  async handle(request, { db, now }): Promise<SaveAnnotationTextResponse> {
    const { postId, field } = request;
    // One transaction: nothing can change the field between the check and the write.
    const outcome = await db.transaction('rw', [db.annotations, db.clippings, db.meta, db.wordPosts], async () => {
      if (!(await db.clippings.get(postId))) return 'missing';
      const decision = textDecision(await db.annotations.get([postId, OWNER]), request);
      if (decision === 'written') await updateAnnotation(db, postId, { [field]: request.text }, OWNER, now());
      return decision;
    });
    if (outcome === 'missing') throw new NotFoundError(`No clipping ${postId}`);
    return { postId, field, outcome };
  },
});

/**
 * Whether a text handed over by a page goes in. It does when the field still holds what the edit
 * began from, or when nothing in the annotation changed after the edit's last keystroke; otherwise
 * the field was changed elsewhere after this edit, and the newer text stays.
 */
export function textDecision(
  current: Pick<AnnotationRecord, 'lesson' | 'note' | 'updatedAt'> | undefined,
  edit: { field: AnnotationTextField; text: string; replaces: string; editedAt: number },
): SaveAnnotationTextResponse['outcome'] {
  const stored = current?.[edit.field] ?? '';
  if (stored === edit.text) return 'unchanged';
  if (!current || stored === edit.replaces || current.updatedAt <= edit.editedAt) return 'written';
  return 'newer-kept';
}
