import type { PostSnapshot, QuotedPost } from '@/utils/snapshot';
import { MAX_SHORT, MAX_URL } from '@/utils/snapshot-limits';
import { X, actionBarOf, isInjected, ownElementsOf, parseStatusHref, permalinkAnchorOf, postIdOf, quotedRootOf } from '../selectors';
import { readBody } from './body';
import { isoTime, truncate } from './bounds';
import { cardOf } from './card';
import { replyToOf, repostedByOf } from './context';
import { countsOf } from './counts';

/**
 * Reads one post (an `article` element) into a snapshot: the archive of the post as the user saw it.
 * Pure: it reads the DOM and writes nothing, never throws, and finds things only through
 * ../selectors.ts (every selector and every word of X's UI is there). It runs once per press, so it may
 * be thorough. The record's fields are documented in utils/snapshot.ts; every value is kept within
 * its limits (utils/snapshot-limits.ts), so a snapshot read from odd markup still validates.
 *
 * By concern: text.ts (text and entities), author.ts, media.ts, card.ts, counts.ts, context.ts
 * (reposted by, reply to), and body.ts, the one reader of what a post and its quoted post share.
 */

export { countsOf } from './counts';
export { originalPhotoUrl } from './media';
export { textOf } from './text';

export interface ExtractContext {
  pageUrl: string;
  capturedAt: string;
  extensionVersion: string;
}

export type ExtractResult = { ok: true; snapshot: PostSnapshot } | { ok: false; reason: string };

export function extractPost(article: Element, ctx: ExtractContext): ExtractResult {
  try {
    return read(article, ctx);
  } catch (error) {
    return { ok: false, reason: `unexpected markup: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function read(article: Element, ctx: ExtractContext): ExtractResult {
  const quotedRoot = quotedRootOf(article);
  const own = (selector: string) => ownElementsOf(article, selector, quotedRoot);

  const postId = postIdOf(article, quotedRoot);
  if (!postId) return { ok: false, reason: 'no post id' };
  const anchor = permalinkAnchorOf(article, quotedRoot);
  const fromHref = parseStatusHref(anchor?.getAttribute('href'));

  const body = readBody(own, fromHref?.handle, { articles: true });
  const author = body.author;
  if (!author) return { ok: false, reason: 'no author handle' };
  const bar = actionBarOf(article, quotedRoot);

  const snapshot: PostSnapshot = {
    schema: 1,
    postId,
    permalink: `https://x.com/${fromHref?.handle ?? author.handle}/status/${postId}`,
    author,
    text: body.text,
    entities: body.entities,
    media: body.media,
    counts: countsOf(bar),
    truncated: body.truncated,
    capturedAt: ctx.capturedAt,
    pageUrl: truncate(ctx.pageUrl, MAX_URL),
    extensionVersion: truncate(ctx.extensionVersion, MAX_SHORT),
  };
  if (body.lang) snapshot.lang = body.lang;
  const postedAt = isoTime(anchor?.querySelector(X.time));
  if (postedAt) snapshot.postedAt = postedAt;
  const card = cardOf(own(X.cardWrapper)[0] ?? null);
  if (card) snapshot.card = card;
  if (quotedRoot) snapshot.quoted = quotedOf(quotedRoot, postId, bar);
  const repostedBy = repostedByOf(own(X.socialContext)[0] ?? null);
  if (repostedBy) snapshot.repostedBy = repostedBy;
  const replyTo = replyToOf(article, quotedRoot);
  if (replyTo) snapshot.replyTo = replyTo;
  if (body.isArticle) snapshot.isArticle = true;
  return { ok: true, snapshot };
}

/**
 * The quoted post. X does not link its header: its id comes from a photo link
 * (/<handle>/status/<id>/photo/1) or a time link when there is one, else it stays unknown.
 */
function quotedOf(root: Element, postId: string, bar: Element | null): QuotedPost {
  // The post's own action bar may sit inside the block in unbalanced markup (see actionBarOf): not the quoted post's.
  const inRoot = (selector: string) => [...root.querySelectorAll(selector)].filter((el) => !isInjected(el) && !bar?.contains(el));
  const link = inRoot(X.statusLink)
    .map((a) => parseStatusHref(a.getAttribute('href')))
    .find((l) => l !== null && l.postId !== postId);
  const body = readBody(inRoot, link?.handle, { articles: false });
  const quoted: QuotedPost = { text: body.text, entities: body.entities, media: body.media, truncated: body.truncated };
  if (link) {
    quoted.postId = link.postId;
    const handle = link.handle ?? body.author?.handle;
    if (handle) quoted.permalink = `https://x.com/${handle}/status/${link.postId}`;
  }
  if (body.author) quoted.author = body.author;
  if (body.lang) quoted.lang = body.lang;
  const postedAt = isoTime(root.querySelector(X.time));
  if (postedAt) quoted.postedAt = postedAt;
  return quoted;
}
