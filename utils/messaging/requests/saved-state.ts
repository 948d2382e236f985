import * as v from 'valibot';
import { PostIdSchema } from '@/utils/snapshot';
import { savedPostIds } from '@/utils/store/clippings';
import { MAX_IDS_PER_LOOKUP } from '../protocol';
import { defineRequest } from './define';

/** Which of these posts are in the library (not removed): one batch per animation frame on X. */
export interface SavedStateResponse {
  saved: string[];
}

export const savedState = defineRequest({
  schema: v.object({ type: v.literal('savedState'), postIds: v.pipe(v.array(PostIdSchema), v.maxLength(MAX_IDS_PER_LOOKUP)) }),
  senders: ['content-script', 'extension-page'],
  async handle({ postIds }, { db }): Promise<SavedStateResponse> {
    return { saved: await savedPostIds(db, postIds) };
  },
});
