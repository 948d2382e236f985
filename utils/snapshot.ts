import * as v from 'valibot';
import { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from './snapshot-limits';

/**
 * A post as it was when clipped: the archive a clipping keeps after X deletes or edits the post.
 * The schema is the single definition: the type is inferred from it, and the background validates
 * every snapshot a content script sends against it before storing anything.
 *
 * Version 2 adds optional fields that only X's own data holds (the quote count, video files, a card's
 * description and destination, a poll, edit history, a Community Note, the thread, verification types)
 * and `sources`, which says where each enriched field came from. A version 1 snapshot is a valid
 * version 2 snapshot once its `schema` says 2 (`upgradeSnapshot`); readers accept both.
 */


const shortText = v.pipe(v.string(), v.maxLength(MAX_SHORT));
/** Post ids are decimal snowflakes. */
export const PostIdSchema = v.pipe(v.string(), v.regex(/^\d{1,25}$/, 'a post id is digits only'));
const httpsUrl = v.pipe(v.string(), v.maxLength(MAX_URL), v.regex(/^https:\/\//, 'a URL must start with https://'));
const isoTime = v.pipe(v.string(), v.isoTimestamp());
const handle = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,50}$/, 'a handle is letters, digits and _'));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Where a field of the snapshot was read: X's page as drawn ('dom') or X's own GraphQL data ('x-data'). */
export const SNAPSHOT_SOURCES = ['dom', 'x-data'] as const;
export type SnapshotSource = (typeof SNAPSHOT_SOURCES)[number];
const source = v.optional(v.picklist(SNAPSHOT_SOURCES));

/** A video's file as X serves it (an MP4 at a bitrate, or an HLS playlist). */
export const VideoVariantSchema = v.object({
  contentType: shortText,
  bitrate: v.optional(count),
  url: httpsUrl,
});
const variants = v.optional(v.pipe(v.array(VideoVariantSchema), v.maxLength(MAX_ITEMS)));
/** Where a media item's enriched fields came from (version 2); absent when all were read from the page. */
const mediaSources = v.optional(v.object({ altText: source, posterUrl: source, variants: source }));

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
    sources: mediaSources,
  }),
  v.object({
    type: v.literal('video'),
    posterUrl: v.optional(httpsUrl),
    altText: v.optional(shortText),
    /** (v2, X's data) The video's files. */
    variants,
    sources: mediaSources,
  }),
  v.object({
    type: v.literal('gif'),
    posterUrl: v.optional(httpsUrl),
    videoUrl: v.optional(httpsUrl),
    altText: v.optional(shortText),
    /** (v2, X's data) The GIF's files. */
    variants,
    sources: mediaSources,
  }),
]);

export const AuthorSchema = v.object({
  name: shortText,
  handle,
  avatarUrl: v.optional(httpsUrl),
  /** A tick of any kind, as the page shows it. */
  verified: v.boolean(),
  /** (v2, X's data) X's verified_type: "Government", "Business"; absent for a paid tick or none. */
  verifiedType: v.optional(shortText),
  /** (v2, X's data) A paid ("blue") tick. */
  blueVerified: v.optional(v.boolean()),
  /** (v2, X's data) An affiliation badge: its label and link. */
  label: v.optional(v.object({ text: shortText, url: v.optional(httpsUrl) })),
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
  replies: v.optional(count),
  reposts: v.optional(count),
  likes: v.optional(count),
  /** (v2) Quotes: X's page does not show them; only X's data has them. */
  quotes: v.optional(count),
  bookmarks: v.optional(count),
  views: v.optional(count),
});

/** (v2) A link card as X's data describes it; the page shows only its title and domain. */
export const CardSchema = v.object({
  /** The card's own address (usually t.co). */
  url: httpsUrl,
  title: v.optional(shortText),
  domain: v.optional(shortText),
  /** (v2) X's card type, e.g. summary_large_image. */
  name: v.optional(shortText),
  description: v.optional(shortText),
  imageUrl: v.optional(httpsUrl),
  /** (v2) Where the card's link really goes (the post's expanded URL for the card's t.co address). */
  destination: v.optional(httpsUrl),
});

/** (v2) A poll card's choices, from X's data (the page's poll is not read). */
export const PollSchema = v.object({
  choices: v.pipe(v.array(v.object({ label: shortText, count: v.optional(count) })), v.maxLength(MAX_ITEMS)),
  endsAt: v.optional(isoTime),
  final: v.optional(v.boolean()),
});

/** (v2) X's edit history of the post when clipped: every version's id, oldest first. */
export const EditsSchema = v.object({
  initialId: v.optional(PostIdSchema),
  ids: v.pipe(v.array(PostIdSchema), v.maxLength(MAX_ITEMS)),
  editableUntil: v.optional(isoTime),
  eligible: v.optional(v.boolean()),
  remaining: v.optional(count),
});

/** (v2) A Community Note shown under the post. */
export const CommunityNoteSchema = v.object({
  id: v.optional(PostIdSchema),
  title: v.optional(shortText),
  subtitle: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))),
  url: v.optional(httpsUrl),
});

/**
 * (v2) Where each field that X's data can supply came from. Present only on a snapshot enriched from
 * X's data, naming every such field it holds; a snapshot without it was read from the page alone.
 * Media items carry their own `sources`.
 */
export const SnapshotSourcesSchema = v.object({
  text: source,
  entities: source,
  counts: v.optional(v.object({ replies: source, reposts: source, likes: source, quotes: source, bookmarks: source, views: source })),
  media: source,
  card: source,
  poll: source,
  edits: source,
  communityNote: source,
  replyTo: source,
  conversationId: source,
  verification: source,
});

export const PostSnapshotSchema = v.object({
  /** Version of this record's shape: 2 (version 1 is read as 2, see upgradeSnapshot). */
  schema: v.picklist([1, 2]),
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
  card: v.optional(CardSchema),
  poll: v.optional(PollSchema),
  quoted: v.optional(QuotedPostSchema),
  /** The account whose repost put this post in the timeline ("Jane reposted"). */
  repostedBy: v.optional(v.object({ name: shortText, handle: v.optional(handle) })),
  /** The post this one answers, as far as the page shows it. */
  replyTo: v.optional(v.object({ handles: v.pipe(v.array(handle), v.maxLength(MAX_ITEMS)), postId: v.optional(PostIdSchema) })),
  /** (v2, X's data) The first post of the thread this one belongs to. */
  conversationId: v.optional(PostIdSchema),
  edits: v.optional(EditsSchema),
  communityNote: v.optional(CommunityNoteSchema),
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
  sources: v.optional(SnapshotSourcesSchema),
});

/** The current version of a snapshot's shape (utils/snapshot-version.ts, which has no valibot). */
export { SNAPSHOT_SCHEMA } from './snapshot-version';

export type LinkEntity = v.InferOutput<typeof LinkEntitySchema>;
export type Entities = v.InferOutput<typeof EntitiesSchema>;
export type Media = v.InferOutput<typeof MediaSchema>;
export type Author = v.InferOutput<typeof AuthorSchema>;
export type QuotedPost = v.InferOutput<typeof QuotedPostSchema>;
export type Counts = v.InferOutput<typeof CountsSchema>;
export type PostSnapshot = v.InferOutput<typeof PostSnapshotSchema>;
export type VideoVariant = v.InferOutput<typeof VideoVariantSchema>;
export type Card = v.InferOutput<typeof CardSchema>;
export type SnapshotSources = v.InferOutput<typeof SnapshotSourcesSchema>;

export { upgradeSnapshot } from './snapshot-version';
