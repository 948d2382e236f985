import * as v from 'valibot';
import { PostIdSchema } from '@/utils/snapshot';
import { removeClipping } from '@/utils/store/clippings';
import { defineRequest } from './define';

/** Removes a clipping (a soft delete: its annotations stay), from its button on X or the library. */
export interface UnclipResponse {
  postId: string;
  saved: false;
}

export const unclip = defineRequest({
  schema: v.object({ type: v.literal('unclip'), postId: PostIdSchema }),
  senders: ['content-script', 'extension-page'],
  async handle({ postId }, { db, publishChanges, now }): Promise<UnclipResponse> {
    await removeClipping(db, postId, now());
    await publishChanges([{ postId, saved: false }]);
    return { postId, saved: false };
  },
});
