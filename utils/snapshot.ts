import * as v from 'valibot';
import { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from './snapshot-limits';

/**
 * A post as it was when clipped: the archive a clipping keeps after X deletes or edits the post.
 * The schema is the single definition: the type is inferred from it, and the background validates
 * every snapshot a content script sends against it before storing anything.
 */


const shortText = v.pipe(v.string(), v.maxLength(MAX_SHORT));
/** Post ids are decimal snowflakes. */
export const PostIdSchema = v.pipe(v.string(), v.regex(/^\d{1,25}$/, 'a post id is digits only'));
const httpsUrl = v.pipe(v.string(), v.maxLength(MAX_URL), v.regex(/^https:\/\//, 'a URL must start with https://'));
const isoTime = v.pipe(v.string(), v.isoTimestamp());
const handle = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,50}$/, 'a handle is letters, digits and _'));

export const LinkEntitySchema = v.object({
  /** The text shown in the post (X shortens long URLs with an ellipsis). */
  text: shortText,
  /** Where the link goes: X's t.co wrapper for external links. */
  url: httpsUrl,
  /** The destination written in the post, when X shows it (for t.co links). */
  expandedUrl: v.optional(shortText),
});

export const EntitiesSchema = v.object({
  links: v.pipe(v.array(LinkEntitySchema), v.maxLength(MAX_ITEMS)),
  mentions: v.pipe(v.array(handle), v.maxLength(MAX_ITEMS)),
  /** Without the '#', as written (case kept). */
  hashtags: v.pipe(v.array(shortText), v.maxLength(MAX_ITEMS)),
});

export const MediaSchema = v.variant('type', [
  v.object({
    type: v.literal('photo'),
    /** Original-quality URL (name=orig). */
    url: httpsUrl,
    altText: v.optional(shortText),
  }),
  v.object({
    type: v.literal('video'),
    posterUrl: v.optional(httpsUrl),
    altText: v.optional(shortText),
  }),
  v.object({
    type: v.literal('gif'),
    posterUrl: v.optional(httpsUrl),
    videoUrl: v.optional(httpsUrl),
    altText: v.optional(shortText),
  }),
]);

export const AuthorSchema = v.object({
  name: shortText,
  handle,
  avatarUrl: v.optional(httpsUrl),
  verified: v.boolean(),
});

export const QuotedPostSchema = v.object({
  /** X does not always link a quoted post; then its id is unknown. */
  postId: v.optional(PostIdSchema),
  permalink: v.optional(httpsUrl),
  author: v.optional(AuthorSchema),
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
  entities: EntitiesSchema,
  lang: v.optional(shortText),
  postedAt: v.optional(isoTime),
  media: v.pipe(v.array(MediaSchema), v.maxLength(MAX_ITEMS)),
  truncated: v.boolean(),
});

export const CountsSchema = v.object({
  replies: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  reposts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  likes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  bookmarks: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  views: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

export const PostSnapshotSchema = v.object({
  /** Version of this record's shape, so stored snapshots can be upgraded later. */
  schema: v.literal(1),
  postId: PostIdSchema,
  /** https://x.com/<handle>/status/<id> */
  permalink: httpsUrl,
  author: AuthorSchema,
  /** Plain text as X shows it: emoji as characters, links as shown. */
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
  entities: EntitiesSchema,
  lang: v.optional(shortText),
  /** When the post was published (ISO 8601). */
  postedAt: v.optional(isoTime),
  media: v.pipe(v.array(MediaSchema), v.maxLength(MAX_ITEMS)),
  card: v.optional(v.object({ url: httpsUrl, title: v.optional(shortText), domain: v.optional(shortText) })),
  quoted: v.optional(QuotedPostSchema),
  /** The account whose repost put this post in the timeline ("Jane reposted"). */
  repostedBy: v.optional(v.object({ name: shortText, handle: v.optional(handle) })),
  /** The post this one answers, as far as the page shows it. */
  replyTo: v.optional(v.object({ handles: v.pipe(v.array(handle), v.maxLength(MAX_ITEMS)), postId: v.optional(PostIdSchema) })),
  /** Counts as shown when clipped, as of `capturedAt`. */
  counts: CountsSchema,
  /** X cut the text short ("Show more"); the snapshot holds only what was shown. */
  truncated: v.boolean(),
  /** An X Article (long-form), whose body is not in the timeline. */
  isArticle: v.optional(v.boolean()),
  capturedAt: isoTime,
  /** The page the post was clipped from. */
  pageUrl: v.pipe(v.string(), v.maxLength(MAX_URL)),
  extensionVersion: shortText,
});

export type LinkEntity = v.InferOutput<typeof LinkEntitySchema>;
export type Entities = v.InferOutput<typeof EntitiesSchema>;
export type Media = v.InferOutput<typeof MediaSchema>;
export type Author = v.InferOutput<typeof AuthorSchema>;
export type QuotedPost = v.InferOutput<typeof QuotedPostSchema>;
export type Counts = v.InferOutput<typeof CountsSchema>;
export type PostSnapshot = v.InferOutput<typeof PostSnapshotSchema>;
