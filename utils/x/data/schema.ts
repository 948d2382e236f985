import * as v from 'valibot';
import { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from './limits';
import type { XPostData } from './read-response';
import { CountsSchema } from '@/utils/snapshot';

/**
 * The background's check of a record of X's data that came with a clip (utils/x/data/channel.ts
 * brought it from X's page, where anything may be forged): the same shape as XPostData, every string
 * and list bounded as a snapshot's. Not for the content scripts: valibot stays out of them.
 */

const short = v.pipe(v.string(), v.maxLength(MAX_SHORT));
const https = v.pipe(v.string(), v.maxLength(MAX_URL), v.regex(/^https:\/\//));
const postId = v.pipe(v.string(), v.regex(/^\d{1,25}$/));
const handle = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,50}$/));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const iso = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const items = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(MAX_ITEMS));

export const XPostDataSchema = v.object({
  id: postId,
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
  long: v.boolean(),
  entities: v.object({
    hashtags: items(short),
    mentions: items(handle),
    urls: items(v.object({ url: short, expandedUrl: v.optional(https), displayUrl: v.optional(short) })),
  }),
  // The same counts as a snapshot's (utils/snapshot.ts).
  counts: CountsSchema,
  media: items(
    v.object({
      type: v.picklist(['photo', 'video', 'gif']),
      url: v.optional(https),
      alt: v.optional(short),
      poster: v.optional(https),
      variants: v.optional(items(v.object({ contentType: short, bitrate: v.optional(count), url: https }))),
    }),
  ),
  card: v.optional(
    v.object({
      name: short,
      url: v.optional(short),
      title: v.optional(short),
      description: v.optional(short),
      domain: v.optional(short),
      imageUrl: v.optional(https),
      destination: v.optional(https),
      poll: v.optional(v.object({ choices: items(v.object({ label: short, count: v.optional(count) })), endsAt: v.optional(iso), final: v.optional(v.boolean()) })),
    }),
  ),
  edits: v.optional(
    v.object({
      initialId: v.optional(postId),
      ids: items(postId),
      editableUntil: v.optional(iso),
      eligible: v.optional(v.boolean()),
      remaining: v.optional(count),
    }),
  ),
  communityNote: v.optional(v.object({ id: v.optional(postId), title: v.optional(short), subtitle: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))), url: v.optional(https) })),
  replyToId: v.optional(postId),
  replyToHandle: v.optional(handle),
  conversationId: v.optional(postId),
  createdAt: v.optional(iso),
  lang: v.optional(short),
  author: v.optional(
    v.object({
      id: v.optional(postId),
      name: v.optional(short),
      handle: v.optional(handle),
      blueVerified: v.optional(v.boolean()),
      verifiedType: v.optional(short),
      label: v.optional(v.object({ text: short, url: v.optional(https) })),
    }),
  ),
  quotedId: v.optional(postId),
  taggedIn: v.picklist(['own', 'quoted']),
});

/** The schema's output is the reader's record type (a compile-time check that the two agree). */
export const checkRecordType = (record: v.InferOutput<typeof XPostDataSchema>): XPostData => record;
