import * as v from 'valibot';
import { PostIdSchema } from '@/utils/snapshot';
import { restoreClipping } from '@/utils/store/clippings';
import { defineRequest } from './define';

/** Brings a removed clipping back as it was, annotations included (Undo on X or in the library). */
export interface RestoreResponse {
  postId: string;
  saved: true;
}

export const restore = defineRequest({
  schema: v.object({ type: v.literal('restore'), postId: PostIdSchema }),
  senders: ['content-script', 'extension-page'],
  async handle({ postId }, { db, publishChanges, now }): Promise<RestoreResponse> {
    await restoreClipping(db, postId, now());
    await publishChanges([{ postId, saved: true }]);
    return { postId, saved: true };
  },
});
