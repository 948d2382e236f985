import { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from './limits';

/**
 * A reader of X's own GraphQL timeline responses (SearchTimeline, TweetDetail, ListLatestTweetsTimeline,
 * UserTweets, HomeTimeline, TweetResultByRestId). Pure: no browser API, so it can run inside X's page.
 * It follows the known paths only (instructions → entries → itemContent.tweet_results.result, modules'
 * items, visibility wrappers, reposts, quoted posts), never every key, and keeps one compact record per
 * post whose own text or quoted post's text carries a tracked hashtag. It never throws: malformed input
 * gives what could be read. Every string is bounded and only https URLs are kept.
 */

export interface XLink {
  /** The t.co address as written in the text. */
  url: string;
  /** Where it really goes (https only). */
  expandedUrl?: string;
  displayUrl?: string;
}

export interface XEntities {
  hashtags: string[];
  /** Handles, without '@'. */
  mentions: string[];
  urls: XLink[];
}

export interface XCounts {
  replies?: number;
  reposts?: number;
  likes?: number;
  quotes?: number;
  bookmarks?: number;
  views?: number;
}

export interface XVideoVariant {
  contentType: string;
  bitrate?: number;
  url: string;
}

export interface XMedia {
  type: 'photo' | 'video' | 'gif';
  /** media_url_https: the photo, or a video's first frame. */
  url?: string;
  alt?: string;
  /** For a video or GIF: its still image (media_url_https). */
  poster?: string;
  variants?: XVideoVariant[];
}

export interface XPollChoice {
  label: string;
  count?: number;
}

export interface XCard {
  name: string;
  /** The card's own address (usually t.co). */
  url?: string;
  title?: string;
  description?: string;
  domain?: string;
  imageUrl?: string;
  /** Where the card's link really goes, from the post's URL entities (https only). */
  destination?: string;
  poll?: { choices: XPollChoice[]; endsAt?: string; final?: boolean };
}

export interface XEdits {
  /** The first version's id. */
  initialId?: string;
  /** Every version's id, oldest first, as X lists them. */
  ids: string[];
  editableUntil?: string;
  eligible?: boolean;
  remaining?: number;
}

export interface XCommunityNote {
  id?: string;
  title?: string;
  subtitle?: string;
  url?: string;
}

export interface XAuthor {
  id?: string;
  name?: string;
  handle?: string;
  blueVerified?: boolean;
  /** X's verified_type, e.g. "Government" or "Business"; absent for a paid tick or none. */
  verifiedType?: string;
  /** An affiliation badge's label text and link. */
  label?: { text: string; url?: string };
}

export interface XPostData {
  id: string;
  /** The whole text: a long post's note text when X sent it, else legacy.full_text. */
  text: string;
  /** True when the text came from note_tweet (a long post). */
  long: boolean;
  entities: XEntities;
  counts: XCounts;
  media: XMedia[];
  card?: XCard;
  edits?: XEdits;
  communityNote?: XCommunityNote;
  replyToId?: string;
  replyToHandle?: string;
  conversationId?: string;
  /** ISO 8601. */
  createdAt?: string;
  lang?: string;
  author?: XAuthor;
  quotedId?: string;
  /** Which text carried a tracked tag: the post's own, or only the quoted post's. */
  taggedIn: 'own' | 'quoted';
}

export interface ReadLimits {
  /** Most records kept from one response. */
  maxPosts: number;
  /** Most timeline entries (and module items) looked at in one response. */
  maxEntries: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxPosts: 200, maxEntries: 2_000 };

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string cut to `max` UTF-16 units, never through a surrogate pair. */
function str(v: unknown, max = MAX_SHORT): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v.length <= max) return v;
  const end = (v.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max;
  return v.slice(0, end);
}

/** A non-empty short string, or undefined. */
function nonEmpty(v: unknown, max = MAX_SHORT): string | undefined {
  const s = str(v, max);
  return s ? s : undefined;
}

/** An https address no longer than MAX_URL (a cut address would be wrong, so a long one is dropped). */
function https(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= MAX_URL && /^https:\/\/[^\s]/i.test(v) ? v : undefined;
}

/** A post or user id: digits only. */
function id(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d{1,25}$/.test(v) ? v : undefined;
}

/** A count X sends as a number or a string of digits. */
function count(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** X's "Sun Nov 21 22:30:41 +0000 2021" as ISO 8601, or undefined. */
export function isoTime(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  const m = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(v);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] as string);
  if (month < 0 || month % 3 !== 0) return undefined;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  const t = Date.UTC(Number(m[9]), month / 3, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) - offset;
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** Milliseconds since 1970 (a number or a string of digits) as ISO 8601. */
function isoFromMillis(v: unknown): string | undefined {
  const ms = count(v);
  if (ms === undefined || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

// --- tags --------------------------------------------------------------------------------------

/** The tags as the reader compares them: without '#', lower case. */
function tagSet(tags: readonly unknown[]): Set<string> {
  const set = new Set<string>();
  for (const raw of tags) {
    if (typeof raw !== 'string') continue;
    const tag = raw.trim().replace(/^[#＃]/, '').toLowerCase();
    if (tag) set.add(tag);
  }
  return set;
}

function hashtagsCarry(entities: unknown, tags: Set<string>): boolean {
  const list = arr(obj(entities)?.hashtags);
  for (let i = 0; i < list.length && i < MAX_ITEMS; i++) {
    const text = obj(list[i])?.text;
    if (typeof text === 'string' && text.length <= MAX_SHORT && tags.has(text.replace(/^[#＃]/, '').toLowerCase())) return true;
  }
  return false;
}

/** The note (long post) result of a tweet, if X sent one. */
function noteOf(tweet: Obj): Obj | undefined {
  return obj(obj(obj(tweet.note_tweet)?.note_tweet_results)?.result);
}

/** Does the tweet's own text carry a tracked tag, in its hashtag entities or its note's? */
function carries(tweet: Obj, tags: Set<string>): boolean {
  return hashtagsCarry(obj(tweet.legacy)?.entities, tags) || hashtagsCarry(noteOf(tweet)?.entity_set, tags);
}

// --- one post ----------------------------------------------------------------------------------

/** A Tweet from a tweet_results.result: unwraps TweetWithVisibilityResults; null for tombstones. */
function tweetOf(result: unknown): Obj | undefined {
  const r = obj(result);
  if (!r) return undefined;
  if (obj(r.legacy) && id(r.rest_id)) return r;
  const inner = obj(r.tweet);
  return inner && obj(inner.legacy) && id(inner.rest_id) ? inner : undefined;
}

function entitiesOf(e: Obj | undefined): XEntities {
  const hashtags: string[] = [];
  const mentions: string[] = [];
  const urls: XLink[] = [];
  if (e) {
    const h = arr(e.hashtags);
    for (let i = 0; i < h.length && hashtags.length < MAX_ITEMS; i++) {
      const text = nonEmpty(obj(h[i])?.text);
      if (text) hashtags.push(text);
    }
    const m = arr(e.user_mentions);
    for (let i = 0; i < m.length && mentions.length < MAX_ITEMS; i++) {
      const handle = nonEmpty(obj(m[i])?.screen_name, 50);
      if (handle) mentions.push(handle);
    }
    const u = arr(e.urls);
    for (let i = 0; i < u.length && urls.length < MAX_ITEMS; i++) {
      const link = obj(u[i]);
      const url = https(link?.url);
      if (!link || !url) continue;
      const item: XLink = { url };
      const expanded = https(link.expanded_url);
      if (expanded) item.expandedUrl = expanded;
      const display = nonEmpty(link.display_url);
      if (display) item.displayUrl = display;
      urls.push(item);
    }
  }
  return { hashtags, mentions, urls };
}

function mediaOf(legacy: Obj): XMedia[] {
  const out: XMedia[] = [];
  const list = arr(obj(legacy.extended_entities)?.media);
  for (let i = 0; i < list.length && out.length < MAX_ITEMS; i++) {
    const m = obj(list[i]);
    if (!m) continue;
    const type = m.type === 'photo' ? 'photo' : m.type === 'video' ? 'video' : m.type === 'animated_gif' ? 'gif' : undefined;
    if (!type) continue;
    const item: XMedia = { type };
    const url = https(m.media_url_https);
    if (url) item.url = url;
    const alt = nonEmpty(m.ext_alt_text);
    if (alt) item.alt = alt;
    if (type !== 'photo') {
      if (url) item.poster = url;
      const variants: XVideoVariant[] = [];
      const vs = arr(obj(m.video_info)?.variants);
      for (let j = 0; j < vs.length && variants.length < MAX_ITEMS; j++) {
        const v = obj(vs[j]);
        const vurl = https(v?.url);
        const contentType = nonEmpty(v?.content_type, 100);
        if (!v || !vurl || !contentType) continue;
        const variant: XVideoVariant = { contentType, url: vurl };
        const bitrate = count(v.bitrate);
        if (bitrate !== undefined) variant.bitrate = bitrate;
        variants.push(variant);
      }
      item.variants = variants;
    }
    out.push(item);
  }
  return out;
}

/** The images a card may carry, best first. */
const CARD_IMAGES = [
  'photo_image_full_size_large',
  'summary_photo_image_large',
  'thumbnail_image_large',
  'player_image_large',
  'photo_image_full_size',
  'summary_photo_image',
  'player_image',
  'thumbnail_image',
  'thumbnail_image_original',
  'player_image_original',
];

/** One binding value as a plain value: a string, a number, a boolean or an image's https URL. */
function bindingValue(value: unknown): string | boolean | undefined {
  const v = obj(value);
  if (!v) return undefined;
  if (typeof v.string_value === 'string') return str(v.string_value);
  if (typeof v.boolean_value === 'boolean') return v.boolean_value;
  const image = obj(v.image_value);
  if (image) return https(image.url);
  return undefined;
}

function cardOf(tweet: Obj, urls: readonly XLink[]): XCard | undefined {
  const card = obj(tweet.card);
  const legacy = obj(card?.legacy) ?? card;
  if (!legacy) return undefined;
  const name = nonEmpty(legacy.name, 200);
  if (!name) return undefined;
  const values = new Map<string, string | boolean>();
  const wanted = (key: string) =>
    key === 'title' || key === 'description' || key === 'domain' || key === 'vanity_url' || key === 'card_url' ||
    key === 'counts_are_final' || key === 'end_datetime_utc' || /^choice\d_(label|count)$/.test(key) || CARD_IMAGES.includes(key);
  const bindings = legacy.binding_values;
  if (Array.isArray(bindings)) {
    // GraphQL: a list of { key, value }.
    for (let i = 0; i < bindings.length && i < 200; i++) {
      const b = obj(bindings[i]);
      const key = b?.key;
      if (typeof key !== 'string' || !wanted(key)) continue;
      const value = bindingValue(b?.value);
      if (value !== undefined) values.set(key, value);
    }
  } else {
    // REST: an object by key.
    const byKey = obj(bindings);
    if (byKey) for (const key of Object.keys(byKey).slice(0, 200)) {
      if (!wanted(key)) continue;
      const value = bindingValue(byKey[key]);
      if (value !== undefined) values.set(key, value);
    }
  }
  const text = (key: string) => {
    const v = values.get(key);
    return typeof v === 'string' && v ? v : undefined;
  };
  const out: XCard = { name };
  const url = https(legacy.url) ?? https(text('card_url'));
  if (url) out.url = url;
  const title = text('title');
  if (title) out.title = title;
  const description = text('description');
  if (description) out.description = description;
  const domain = text('domain') ?? text('vanity_url');
  if (domain) out.domain = domain;
  for (const key of CARD_IMAGES) {
    const image = https(values.get(key));
    if (image) {
      out.imageUrl = image;
      break;
    }
  }
  const cardUrl = text('card_url') ?? out.url;
  const link = cardUrl ? urls.find((u) => u.url === cardUrl) : undefined;
  if (link?.expandedUrl) out.destination = link.expandedUrl;
  if (/^poll\d+choice/.test(name)) {
    const choices: XPollChoice[] = [];
    for (let n = 1; n <= 9; n++) {
      const label = text(`choice${n}_label`);
      if (label === undefined) continue;
      const choice: XPollChoice = { label };
      const c = count(values.get(`choice${n}_count`));
      if (c !== undefined) choice.count = c;
      choices.push(choice);
    }
    const poll: NonNullable<XCard['poll']> = { choices };
    const ends = text('end_datetime_utc');
    if (ends && !Number.isNaN(Date.parse(ends))) poll.endsAt = new Date(Date.parse(ends)).toISOString();
    const final = values.get('counts_are_final');
    if (typeof final === 'boolean') poll.final = final;
    out.poll = poll;
  }
  return out;
}

function editsOf(tweet: Obj): XEdits | undefined {
  const control = obj(tweet.edit_control);
  if (!control) return undefined;
  // A later version carries the first one's control under edit_control_initial.
  const info = obj(control.edit_control_initial) ?? control;
  const ids: string[] = [];
  const list = arr(info.edit_tweet_ids);
  for (let i = 0; i < list.length && ids.length < MAX_ITEMS; i++) {
    const v = id(list[i]);
    if (v) ids.push(v);
  }
  const out: XEdits = { ids };
  const initial = id(control.initial_tweet_id) ?? ids[0];
  if (initial) out.initialId = initial;
  const until = isoFromMillis(info.editable_until_msecs);
  if (until) out.editableUntil = until;
  if (typeof info.is_edit_eligible === 'boolean') out.eligible = info.is_edit_eligible;
  const remaining = count(info.edits_remaining);
  if (remaining !== undefined) out.remaining = remaining;
  return out;
}

/** A string, or an object's `text`. */
function textOf(v: unknown, max = MAX_SHORT): string | undefined {
  return nonEmpty(v, max) ?? nonEmpty(obj(v)?.text, max);
}

function communityNoteOf(tweet: Obj): XCommunityNote | undefined {
  const pivot = obj(tweet.birdwatch_pivot);
  if (!pivot) return undefined;
  const out: XCommunityNote = {};
  const noteId = id(obj(pivot.note)?.rest_id);
  if (noteId) out.id = noteId;
  const title = textOf(pivot.title) ?? textOf(pivot.shorttitle);
  if (title) out.title = title;
  const subtitle = textOf(pivot.subtitle, MAX_TEXT);
  if (subtitle) out.subtitle = subtitle;
  const url = https(pivot.destinationUrl) ?? https(obj(pivot.callToAction)?.destinationUrl);
  if (url) out.url = url;
  return out;
}

function authorOf(tweet: Obj): XAuthor | undefined {
  const user = obj(obj(obj(tweet.core)?.user_results)?.result);
  if (!user) return undefined;
  const core = obj(user.core);
  const legacy = obj(user.legacy);
  const out: XAuthor = {};
  const userId = id(user.rest_id);
  if (userId) out.id = userId;
  const name = nonEmpty(core?.name) ?? nonEmpty(legacy?.name);
  if (name) out.name = name;
  const handle = nonEmpty(core?.screen_name, 50) ?? nonEmpty(legacy?.screen_name, 50);
  if (handle) out.handle = handle;
  if (typeof user.is_blue_verified === 'boolean') out.blueVerified = user.is_blue_verified;
  const type = nonEmpty(obj(user.verification)?.verified_type, 100) ?? nonEmpty(legacy?.verified_type, 100);
  if (type) out.verifiedType = type;
  const label = obj(obj(user.affiliates_highlighted_label)?.label);
  const labelText = nonEmpty(label?.description);
  if (label && labelText) {
    out.label = { text: labelText };
    const url = https(obj(label.url)?.url);
    if (url) out.label.url = url;
  }
  return out;
}

function recordOf(tweet: Obj, quoted: Obj | undefined, taggedIn: 'own' | 'quoted'): XPostData | undefined {
  const postId = id(tweet.rest_id);
  const legacy = obj(tweet.legacy);
  if (!postId || !legacy) return undefined;
  const note = noteOf(tweet);
  const noteText = str(note?.text, MAX_TEXT);
  const long = noteText !== undefined;
  const entities = entitiesOf(long ? obj(note?.entity_set) : obj(legacy.entities));
  const views = obj(tweet.views);
  const counts: XCounts = {};
  const put = (key: keyof XCounts, v: unknown) => {
    const n = count(v);
    if (n !== undefined) counts[key] = n;
  };
  put('replies', legacy.reply_count);
  put('reposts', legacy.retweet_count);
  put('likes', legacy.favorite_count);
  put('quotes', legacy.quote_count);
  put('bookmarks', legacy.bookmark_count);
  put('views', views?.count);
  const out: XPostData = {
    id: postId,
    text: noteText ?? str(legacy.full_text, MAX_TEXT) ?? '',
    long,
    entities,
    counts,
    media: mediaOf(legacy),
    taggedIn,
  };
  // A long post's links are in its note's entities, the card's t.co in either.
  const card = cardOf(tweet, long ? entities.urls.concat(entitiesOf(obj(legacy.entities)).urls) : entities.urls);
  if (card) out.card = card;
  const edits = editsOf(tweet);
  if (edits) out.edits = edits;
  const communityNote = communityNoteOf(tweet);
  if (communityNote) out.communityNote = communityNote;
  const replyToId = id(legacy.in_reply_to_status_id_str);
  if (replyToId) out.replyToId = replyToId;
  const replyToHandle = nonEmpty(legacy.in_reply_to_screen_name, 50);
  if (replyToHandle) out.replyToHandle = replyToHandle;
  const conversationId = id(legacy.conversation_id_str);
  if (conversationId) out.conversationId = conversationId;
  const createdAt = isoTime(legacy.created_at);
  if (createdAt) out.createdAt = createdAt;
  const lang = nonEmpty(legacy.lang, 20);
  if (lang) out.lang = lang;
  const author = authorOf(tweet);
  if (author) out.author = author;
  const quotedId = id(quoted?.rest_id) ?? id(legacy.quoted_status_id_str);
  if (quotedId) out.quotedId = quotedId;
  return out;
}

// --- the walk ----------------------------------------------------------------------------------

interface Walk {
  tags: Set<string>;
  limits: ReadLimits;
  out: Map<string, XPostData>;
  entries: number;
}

function full(w: Walk): boolean {
  return w.out.size >= w.limits.maxPosts || w.entries >= w.limits.maxEntries;
}

function keep(w: Walk, record: XPostData | undefined): void {
  // The newest sight of a post wins within one response as across responses.
  if (record && (w.out.has(record.id) || w.out.size < w.limits.maxPosts)) w.out.set(record.id, record);
}

/** One tweet_results.result: the post shown (a repost shows its original), its quoted post. */
function visitResult(w: Walk, result: unknown): void {
  let tweet = tweetOf(result);
  if (!tweet) return;
  // A repost is drawn as the original post: read that one (one level; a repost of a repost is not X's).
  const original = tweetOf(obj(obj(tweet.legacy)?.retweeted_status_result)?.result);
  if (original) tweet = original;
  const quoted = tweetOf(obj(tweet.quoted_status_result)?.result);
  const own = carries(tweet, w.tags);
  const quotedCarries = quoted !== undefined && carries(quoted, w.tags);
  if (own || quotedCarries) keep(w, recordOf(tweet, quoted, own ? 'own' : 'quoted'));
  // The quoted post carries the tag in its own text, so it is kept too (for its quoted block).
  if (quoted && quotedCarries) keep(w, recordOf(quoted, undefined, 'own'));
}

/** An itemContent: a tweet's, or anything else (users, prompts), which is passed over. */
function visitItemContent(w: Walk, itemContent: unknown): void {
  const content = obj(itemContent);
  if (content) visitResult(w, obj(content.tweet_results)?.result);
}

/** A module's items: [{ item: { itemContent } }] (or { entryId, item } in TimelineAddToModule). */
function visitItems(w: Walk, items: unknown): void {
  const list = arr(items);
  for (let i = 0; i < list.length && !full(w); i++) {
    w.entries++;
    visitItemContent(w, obj(obj(list[i])?.item)?.itemContent);
  }
}

function visitEntry(w: Walk, entry: unknown): void {
  w.entries++;
  const content = obj(obj(entry)?.content);
  if (!content) return;
  visitItemContent(w, content.itemContent);
  if (content.items !== undefined) visitItems(w, content.items);
}

function visitInstructions(w: Walk, instructions: unknown): void {
  const list = arr(instructions);
  for (let i = 0; i < list.length && i < MAX_ITEMS && !full(w); i++) {
    const instruction = obj(list[i]);
    if (!instruction) continue;
    const entries = arr(instruction.entries);
    for (let j = 0; j < entries.length && !full(w); j++) visitEntry(w, entries[j]);
    if (instruction.entry !== undefined) visitEntry(w, instruction.entry);
    if (instruction.moduleItems !== undefined) visitItems(w, instruction.moduleItems);
  }
}

/**
 * Finds the timelines' instructions (and single tweet results) under `data`, following objects only,
 * a few levels down: data.search_by_raw_query.search_timeline.timeline.instructions,
 * data.threaded_conversation_with_injections_v2.instructions, data.list.tweets_timeline.timeline
 * .instructions, data.user.result.timeline(_v2).timeline.instructions, data.tweetResult.result.
 */
function findTimelines(w: Walk, node: unknown, depth: number, budget: { left: number }): void {
  const o = obj(node);
  if (!o || depth > 6) return;
  for (const key in o) {
    if (--budget.left < 0 || full(w)) return;
    const value = o[key];
    if (key === 'instructions') visitInstructions(w, value);
    else if ((key === 'tweetResult' || key === 'tweet_results') && obj(value)) visitResult(w, obj(value)?.result);
    else if (depth < 6 && obj(value) && !/^(legacy|core|card|entities|extended_entities)$/.test(key)) findTimelines(w, value, depth + 1, budget);
  }
}

/**
 * The posts of a parsed GraphQL response that carry one of `tags` (with or without '#', any case) in
 * their own text or their quoted post's, keyed by post id. Never throws: what was read before a fault
 * is returned.
 */
export function readTaggedPosts(json: unknown, tags: readonly string[], limits: Partial<ReadLimits> = {}): Map<string, XPostData> {
  const out = new Map<string, XPostData>();
  try {
    const tagsRead = tagSet(Array.isArray(tags) ? tags : []);
    if (tagsRead.size === 0) return out;
    const w: Walk = {
      tags: tagsRead,
      limits: {
        maxPosts: limits.maxPosts ?? DEFAULT_READ_LIMITS.maxPosts,
        maxEntries: limits.maxEntries ?? DEFAULT_READ_LIMITS.maxEntries,
      },
      out,
      entries: 0,
    };
    const root = obj(json);
    findTimelines(w, root ? (obj(root.data) ?? root) : undefined, 0, { left: 200 });
  } catch {
    // A hostile object (a throwing getter, say): keep what was read.
  }
  return out;
}
