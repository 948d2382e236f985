import * as v from 'valibot';
import { PostSnapshotSchema } from '@/utils/snapshot';
import { saveClipping } from '@/utils/store/clippings';
import { defineRequest } from './define';

/** Saves a post the content script read from X (a press of its button, the shortcut or the menu). */
export interface ClipResponse {
  postId: string;
  saved: true;
  /**
   * True when the post was not in the library before this save (never clipped, or removed); false
   * when it was there already and only its snapshot was refreshed.
   */
  addedToLibrary: boolean;
}

export const clip = defineRequest({
  schema: v.object({ type: v.literal('clip'), snapshot: PostSnapshotSchema }),
  senders: ['content-script'],
  async handle(request, { db, publishChanges, now }): Promise<ClipResponse> {
    const { postId } = request.snapshot;
    const { addedToLibrary } = await saveClipping(db, request.snapshot, now());
    await publishChanges([{ postId, saved: true }]);
    return { postId, saved: true, addedToLibrary };
  },
});
