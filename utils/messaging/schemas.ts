import * as v from 'valibot';
import { PostIdSchema, PostSnapshotSchema } from '@/utils/snapshot';
import { MAX_IDS_PER_LOOKUP } from './protocol';

/** The valibot schemas of every request to the background (runtime checks; types in ./protocol.ts). */
export const RequestSchema = v.variant('type', [
  v.object({ type: v.literal('clip'), snapshot: PostSnapshotSchema }),
  v.object({ type: v.literal('unclip'), postId: PostIdSchema }),
  v.object({ type: v.literal('restore'), postId: PostIdSchema }),
  v.object({ type: v.literal('savedState'), postIds: v.pipe(v.array(PostIdSchema), v.maxLength(MAX_IDS_PER_LOOKUP)) }),
  v.object({
    type: v.literal('pageHealth'),
    /** Posts on the page that look like posts but could not be read (no id, no action bar). */
    unreadable: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    /** Posts read successfully. */
    readable: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
  }),
  /** A content script's UI messages in the language chosen on the options page (docs/i18n.md). */
  v.object({ type: v.literal('localeMessages'), locale: v.picklist(['en_GB', 'cy']) }),
]);

