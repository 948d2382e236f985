import { MAX_ITEMS, MAX_SHORT, MAX_TEXT, MAX_URL } from './limits';
import type { XAuthor, XCard, XCommunityNote, XCounts, XEdits, XEntities, XLink, XMedia, XPostData, XVideoVariant } from './read-response';

/**
 * The one channel between the main-world reader of X's responses (entrypoints/x-data.content.ts) and
 * the isolated content script: CustomEvents on document, under these names, whose `detail` is a JSON
 * string (a string crosses between worlds in Chromium and Firefox alike; an object may not).
 *
 * - TAGS, isolated → main: `{"tags":["lgadigital"]}`, the tracked tags from the settings.
 * - ASK, isolated → main: `{"id":"<post id>"}`, on a press; the main world answers at once, inside
 *   the same dispatch, with
 * - ANSWER, main → isolated: `{"id":"<post id>","post":<record or null>}`.
 *
 * The main world is X's page: anything heard on it may be forged. Both sides read what they hear
 * through the bounded, type-checked readers below and keep nothing else; the background validates the
 * record again (valibot) before it touches a snapshot. No valibot here: the content script loads this.
 */

export const X_DATA_TAGS = 'lga-guide-clipper:x-data-tags';
export const X_DATA_ASK = 'lga-guide-clipper:x-data-ask';
export const X_DATA_ANSWER = 'lga-guide-clipper:x-data-answer';

/** Longest event detail read (a record is under 3 kB as JSON; its bounds allow more). */
export const MAX_DETAIL = 512 * 1024;
/** Most tracked tags passed to the main world. */
export const MAX_TAGS = 50;

const POST_ID = /^\d{1,25}$/;
const HANDLE = /^[A-Za-z0-9_]{1,50}$/;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v.slice(0, MAX_ITEMS) : []);
const str = (v: unknown, max = MAX_SHORT): string | undefined => (typeof v === 'string' && v.length <= max ? v : undefined);
const url = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= MAX_URL && v.startsWith('https://') ? v : undefined);
const id = (v: unknown): string | undefined => (typeof v === 'string' && POST_ID.test(v) ? v : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const iso = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)) ? v : undefined);

/** Copies only the defined values, so a record has no `key: undefined`. */
function defined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as Array<keyof T>) if (o[key] === undefined) delete o[key];
  return o;
}

/** The JSON in an event's detail, or undefined (not a string, too long, not JSON). */
export function readDetail(detail: unknown): unknown {
  if (typeof detail !== 'string' || detail.length > MAX_DETAIL) return undefined;
  try {
    return JSON.parse(detail);
  } catch {
    return undefined;
  }
}

/** Tags from a TAGS event's detail: strings without '#', 1 to 100 characters, at most 50; else undefined. */
export function readTags(detail: unknown): string[] | undefined {
  const tags = obj(readDetail(detail))?.tags;
  if (!Array.isArray(tags)) return undefined;
  const out: string[] = [];
  for (const tag of tags.slice(0, MAX_TAGS)) {
    const t = typeof tag === 'string' ? tag.trim().replace(/^[#＃]/, '') : '';
    if (t.length > 0 && t.length <= 100) out.push(t);
  }
  return out.length > 0 ? out : undefined;
}

/** The post id an ASK event asks for, or undefined. */
export function readAsk(detail: unknown): string | undefined {
  return id(obj(readDetail(detail))?.id);
}

function readLink(v: unknown): XLink | undefined {
  const o = obj(v);
  const u = str(o?.url);
  if (!o || u === undefined) return undefined;
  return defined({ url: u, expandedUrl: url(o.expandedUrl), displayUrl: str(o.displayUrl) });
}

function readEntities(v: unknown): XEntities {
  const o = obj(v);
  return {
    hashtags: list(o?.hashtags).flatMap((h) => (str(h) !== undefined ? [h as string] : [])),
    mentions: list(o?.mentions).flatMap((h) => (typeof h === 'string' && HANDLE.test(h) ? [h] : [])),
    urls: list(o?.urls).flatMap((l) => readLink(l) ?? []),
  };
}

function readCounts(v: unknown): XCounts {
  const o = obj(v);
  return defined({
    replies: count(o?.replies),
    reposts: count(o?.reposts),
    likes: count(o?.likes),
    quotes: count(o?.quotes),
    bookmarks: count(o?.bookmarks),
    views: count(o?.views),
  });
}

function readVariant(v: unknown): XVideoVariant | undefined {
  const o = obj(v);
  const contentType = str(o?.contentType);
  const u = url(o?.url);
  if (contentType === undefined || u === undefined) return undefined;
  return defined({ contentType, bitrate: count(o?.bitrate), url: u });
}

function readMedia(v: unknown): XMedia | undefined {
  const o = obj(v);
  const type = o?.type;
  if (type !== 'photo' && type !== 'video' && type !== 'gif') return undefined;
  const variants = o?.variants === undefined ? undefined : list(o.variants).flatMap((x) => readVariant(x) ?? []);
  return defined<XMedia>({ type, url: url(o?.url), alt: str(o?.alt), poster: url(o?.poster), variants });
}

function readCard(v: unknown): XCard | undefined {
  const o = obj(v);
  const name = str(o?.name);
  if (!o || name === undefined) return undefined;
  const p = obj(o.poll);
  const poll = p
    ? defined({
        choices: list(p.choices).flatMap((c) => {
          const label = str(obj(c)?.label);
          return label === undefined ? [] : [defined({ label, count: count(obj(c)?.count) })];
        }),
        endsAt: iso(p.endsAt),
        final: bool(p.final),
      })
    : undefined;
  return defined({
    name,
    url: str(o.url),
    title: str(o.title),
    description: str(o.description),
    domain: str(o.domain),
    imageUrl: url(o.imageUrl),
    destination: url(o.destination),
    poll,
  });
}

function readEdits(v: unknown): XEdits | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return defined({
    initialId: id(o.initialId),
    ids: list(o.ids).flatMap((x) => id(x) ?? []),
    editableUntil: iso(o.editableUntil),
    eligible: bool(o.eligible),
    remaining: count(o.remaining),
  });
}

function readNote(v: unknown): XCommunityNote | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return defined({ id: id(o.id), title: str(o.title), subtitle: str(o.subtitle, MAX_TEXT), url: url(o.url) });
}

function readAuthor(v: unknown): XAuthor | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const label = obj(o.label);
  const labelText = str(label?.text);
  const handle = typeof o.handle === 'string' && HANDLE.test(o.handle) ? o.handle : undefined;
  return defined({
    id: id(o.id),
    name: str(o.name),
    handle,
    blueVerified: bool(o.blueVerified),
    verifiedType: str(o.verifiedType),
    label: labelText === undefined ? undefined : defined({ text: labelText, url: url(label?.url) }),
  });
}

/**
 * A record as the main world sent it, rebuilt from known fields only, each checked and bounded;
 * undefined when it is not a record of the post asked for. Fields that fail their check are left out.
 */
export function readPostData(value: unknown, postId: string): XPostData | undefined {
  try {
    const o = obj(value);
    const text = str(o?.text, MAX_TEXT);
    if (!o || o.id !== postId || !POST_ID.test(postId) || text === undefined) return undefined;
    return defined<XPostData>({
      id: postId,
      text,
      long: o.long === true,
      entities: readEntities(o.entities),
      counts: readCounts(o.counts),
      media: list(o.media).flatMap((m) => readMedia(m) ?? []),
      card: readCard(o.card),
      edits: readEdits(o.edits),
      communityNote: readNote(o.communityNote),
      replyToId: id(o.replyToId),
      replyToHandle: typeof o.replyToHandle === 'string' && HANDLE.test(o.replyToHandle) ? o.replyToHandle : undefined,
      conversationId: id(o.conversationId),
      createdAt: iso(o.createdAt),
      lang: str(o.lang),
      author: readAuthor(o.author),
      quotedId: id(o.quotedId),
      taggedIn: o.taggedIn === 'quoted' ? 'quoted' : 'own',
    });
  } catch {
    return undefined;
  }
}

/** The post record in an ANSWER event's detail for `postId`, checked; undefined for anything else. */
export function readAnswer(detail: unknown, postId: string): XPostData | undefined {
  const o = obj(readDetail(detail));
  if (!o || o.id !== postId) return undefined;
  return readPostData(o.post, postId);
}

/** What the isolated content script needs of the page: an EventTarget and CustomEvent. */
export interface ChannelPage {
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'>;
  CustomEvent: typeof CustomEvent;
}

/**
 * The isolated side of the channel: tells the main world the tracked tags, and asks it for a post's
 * record on a press. The main world answers inside the ASK dispatch, so `ask` is synchronous; no
 * answer (no main-world script, no record, a malformed one) gives undefined and the DOM snapshot
 * alone is used.
 */
export function xDataChannel(page: ChannelPage) {
  return {
    sendTags(tags: readonly string[]): void {
      try {
        page.target.dispatchEvent(new page.CustomEvent(X_DATA_TAGS, { detail: JSON.stringify({ tags: tags.slice(0, MAX_TAGS) }) }));
      } catch {
        // The page refused the event: the main world keeps its default tags.
      }
    },
    ask(postId: string): XPostData | undefined {
      let found: XPostData | undefined;
      const listener = (event: Event) => {
        if (found === undefined) found = readAnswer((event as CustomEvent).detail, postId);
      };
      try {
        page.target.addEventListener(X_DATA_ANSWER, listener);
        page.target.dispatchEvent(new page.CustomEvent(X_DATA_ASK, { detail: JSON.stringify({ id: postId }) }));
      } catch {
        found = undefined;
      } finally {
        page.target.removeEventListener(X_DATA_ANSWER, listener);
      }
      return found;
    },
  };
}
