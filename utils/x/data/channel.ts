/**
 * The one channel between the main-world reader of X's responses (entrypoints/x-data.content.ts) and
 * the isolated content script: CustomEvents on document, under these names, whose `detail` is a JSON
 * string (a string crosses between worlds in Chromium and Firefox alike; an object may not).
 *
 * - TAGS, isolated → main: `{"tags":["lgadigital"]}`, the tracked tags from the settings.
 * - ASK, isolated → main: `{"id":"<post id>"}`, on a press; the main world answers at once, inside
 *   the same dispatch, with
 * - ANSWER, main → isolated: `{"id":"<post id>","post":<record or null>}`.
 * - LIST, isolated → main: `{}`, for the page-health check (utils/x/data/health.ts); the main world
 *   answers at once, inside the same dispatch, with
 * - LISTED, main → isolated: `{"posts":[{"id":"<post id>","taggedIn":"own"|"quoted","long":false},…]}`,
 *   every post it holds (at most its cache's 300) whose hashtags hold a tag it was last told of (for a
 *   post tagged only in the post it quotes, that quoted post's, when it holds it).
 *
 * The main world is X's page: anything heard on it may be forged. Both sides read what they hear
 * through the small readers below (a bounded string, JSON, the id asked for) and keep nothing else; the
 * background validates the record field by field (valibot) before it touches a snapshot. No valibot
 * here: the content script loads this.
 */

export const X_DATA_TAGS = 'lga-guide-clipper:x-data-tags';
export const X_DATA_ASK = 'lga-guide-clipper:x-data-ask';
export const X_DATA_ANSWER = 'lga-guide-clipper:x-data-answer';
export const X_DATA_LIST = 'lga-guide-clipper:x-data-list';
export const X_DATA_LISTED = 'lga-guide-clipper:x-data-listed';

/** Longest event detail read (a record is under 3 kB as JSON; its bounds allow more). */
export const MAX_DETAIL = 512 * 1024;
/** Most tracked tags passed to the main world. */
export const MAX_TAGS = 50;
/** Most posts read from a LISTED answer (the main world keeps 300). */
export const MAX_LISTED = 1000;

const POST_ID = /^\d{1,25}$/;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

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
  const id = obj(readDetail(detail))?.id;
  return typeof id === 'string' && POST_ID.test(id) ? id : undefined;
}

/**
 * The record in an ANSWER event's detail for `postId`: a plain object parsed from JSON whose `id` is the
 * post asked for; undefined for anything else. Only that is checked here, cheaply (the content script
 * stays small and free of valibot): the background checks every field (utils/x/data/schema.ts) before
 * the record touches a snapshot, and drops a record that fails.
 */
export function readAnswer(detail: unknown, postId: string): Obj | undefined {
  const answer = obj(readDetail(detail));
  const post = obj(answer?.post);
  return answer?.id === postId && post?.id === postId && POST_ID.test(postId) ? post : undefined;
}

/**
 * A tagged post the main world holds, as LISTED names it: whether the tag is in its own text or only in
 * the post it quotes, and whether it is a long post (whose text the page may show cut at "Show more").
 */
export interface ListedPost {
  id: string;
  taggedIn: 'own' | 'quoted';
  long: boolean;
}

/** The posts in a LISTED event's detail (digits-only ids, at most MAX_LISTED), or undefined. */
export function readListed(detail: unknown): ListedPost[] | undefined {
  const posts = obj(readDetail(detail))?.posts;
  if (!Array.isArray(posts)) return undefined;
  const out: ListedPost[] = [];
  for (const post of posts.slice(0, MAX_LISTED)) {
    const o = obj(post);
    if (typeof o?.id === 'string' && POST_ID.test(o.id)) out.push({ id: o.id, taggedIn: o.taggedIn === 'quoted' ? 'quoted' : 'own', long: o.long === true });
  }
  return out;
}

/** What the isolated content script needs of the page: an EventTarget and CustomEvent. */
export interface ChannelPage {
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'>;
  CustomEvent: typeof CustomEvent;
}

/**
 * The isolated side of the channel: tells the main world the tracked tags, asks it for a post's
 * record on a press, and for the list of tagged posts it holds for the page-health check. The main
 * world answers inside the dispatch, so `ask` and `list` are synchronous; no answer (no main-world
 * script, no record, a malformed one) gives undefined, and the DOM snapshot alone is used.
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
    ask(postId: string): Record<string, unknown> | undefined {
      return exchange(page, X_DATA_ASK, { id: postId }, X_DATA_ANSWER, (detail) => readAnswer(detail, postId));
    },
    /** Every tagged post the main world holds, or undefined when it does not answer (no main-world script). */
    list(): ListedPost[] | undefined {
      return exchange(page, X_DATA_LIST, {}, X_DATA_LISTED, readListed);
    },
  };
}

/**
 * Dispatches one event to the main world and takes the first answer `read` accepts, heard inside that
 * same dispatch; undefined when none came or the page refused the event.
 */
function exchange<T>(page: ChannelPage, type: string, detail: object, answerType: string, read: (detail: unknown) => T | undefined): T | undefined {
  let found: T | undefined;
  const listener = (event: Event) => {
    if (found === undefined) found = read((event as CustomEvent).detail);
  };
  try {
    page.target.addEventListener(answerType, listener);
    page.target.dispatchEvent(new page.CustomEvent(type, { detail: JSON.stringify(detail) }));
  } catch {
    found = undefined;
  } finally {
    page.target.removeEventListener(answerType, listener);
  }
  return found;
}
