import * as v from 'valibot';
import { PostSnapshotSchema, upgradeSnapshot } from '@/utils/snapshot';
import { enrichSnapshot } from '@/utils/x/data/enrich';
import { XPostDataSchema } from '@/utils/x/data/schema';
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

/**
 * The snapshot to store: the page's, enriched from X's own data for the post when the content script
 * sent a record of it (utils/x/data/, docs/x-data.md). The record came from X's page, so it is checked
 * here; a record that fails the check, or is of another post, is left out and the page's snapshot alone is
 * stored, as is an enriched snapshot that would not pass the snapshot's own schema.
 */
export function snapshotToStore(snapshot: v.InferOutput<typeof PostSnapshotSchema>, xData: unknown): v.InferOutput<typeof PostSnapshotSchema> {
  const page = upgradeSnapshot(snapshot);
  if (xData === undefined) return page;
  const record = v.safeParse(XPostDataSchema, xData);
  if (!record.success || record.output.id !== page.postId) return page;
  const enriched = v.safeParse(PostSnapshotSchema, enrichSnapshot(page, record.output));
  return enriched.success ? enriched.output : page;
}

export const clip = defineRequest({
  schema: v.object({
    type: v.literal('clip'),
    snapshot: PostSnapshotSchema,
    /** X's own record of the post (utils/x/data/channel.ts), checked by snapshotToStore, never trusted. */
    xData: v.optional(v.unknown()),
  }),
  senders: ['content-script'],
  async handle(request, { db, publishChanges, now }): Promise<ClipResponse> {
    const snapshot = snapshotToStore(request.snapshot, request.xData);
    const { postId } = snapshot;
    const { addedToLibrary } = await saveClipping(db, snapshot, now());
    await publishChanges([{ postId, saved: true }]);
    return { postId, saved: true, addedToLibrary };
  },
});
