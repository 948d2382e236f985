import type { Author, Counts, Entities, LinkEntity, Media, PostSnapshot, QuotedPost } from '@/utils/snapshot';
import { X, actionBarOf, isInjected, ownElementsOf, parseStatusHref, permalinkAnchorOf, postIdOf, quotedRootOf } from './selectors';

/**
 * Reads one post (an `article` element) into a snapshot: the archive of the post as the user saw it.
 * Pure: it reads the DOM and writes nothing, never throws, and finds things only through selectors.ts.
 * It runs once per press, so it may be thorough. The record's fields are documented in utils/snapshot.ts;
 * every value is kept within the schema's limits, so a snapshot read from odd markup still validates.
 */

export interface ExtractContext {
  pageUrl: string;
  capturedAt: string;
  extensionVersion: string;
}

export type ExtractResult = { ok: true; snapshot: PostSnapshot } | { ok: false; reason: string };

// The schema's limits (utils/snapshot.ts).
const MAX_TEXT = 40_000;
const MAX_SHORT = 1_000;
const MAX_URL = 4_096;
const MAX_ITEMS = 100;

const HANDLE = /^[A-Za-z0-9_]{1,50}$/;
const AT_HANDLE = /^[@＠]([A-Za-z0-9_]{1,50})$/;
/** A hashtag in text: not after a letter, digit, `_`, `&` or `#`; letters, digits and `_`, not digits only. */
const HASHTAG = /(?:^|[^\p{L}\p{M}\p{N}_&#＃])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu;
/** A mention in text: X handles are at most 15 characters. */
const MENTION = /(?:^|[^\p{L}\p{N}_@＠!#$%&*])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠])/gu;
const ELLIPSIS = '…';

export function extractPost(article: Element, ctx: ExtractContext): ExtractResult {
  try {
    return read(article, ctx);
  } catch (error) {
    return { ok: false, reason: `unexpected markup: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function read(article: Element, ctx: ExtractContext): ExtractResult {
  const quotedRoot = quotedRootOf(article);
  const own = <E extends Element = Element>(selector: string) => ownElementsOf<E>(article, selector, quotedRoot);

  const postId = postIdOf(article);
  if (!postId) return { ok: false, reason: 'no post id' };
  const anchor = permalinkAnchorOf(article, quotedRoot);
  const fromHref = parseStatusHref(anchor?.getAttribute('href'));

  const author = readAuthor(own(X.userName)[0] ?? null, own<HTMLImageElement>(`${X.avatar} img`)[0] ?? null, fromHref?.handle);
  if (!author) return { ok: false, reason: 'no author handle' };

  const textEl = own(X.text)[0] ?? null;
  const articleView = own(X.articleReadView)[0] ?? null;
  let rich = textEl ? readRich([textEl]) : emptyRich();
  if (!textEl && articleView) rich = readArticle(articleView);
  const text = clip(rich.text, MAX_TEXT);
  const bar = actionBarOf(article, quotedRoot);

  const snapshot: PostSnapshot = {
    schema: 1,
    postId,
    permalink: `https://x.com/${fromHref?.handle ?? author.handle}/status/${postId}`,
    author,
    text,
    entities: rich.entities,
    media: mediaOf(own(`${X.photo}, ${X.videoPlayer}`)),
    counts: countsOf(bar),
    truncated: own(X.showMore).length > 0 || text.length < rich.text.length,
    capturedAt: ctx.capturedAt,
    pageUrl: clip(ctx.pageUrl, MAX_URL),
    extensionVersion: clip(ctx.extensionVersion, MAX_SHORT),
  };
  const lang = textEl?.getAttribute('lang');
  if (lang) snapshot.lang = clip(lang, MAX_SHORT);
  const postedAt = isoTime(anchor?.querySelector('time'));
  if (postedAt) snapshot.postedAt = postedAt;
  const card = cardOf(own(X.cardWrapper)[0] ?? null);
  if (card) snapshot.card = card;
  if (quotedRoot) snapshot.quoted = quotedOf(quotedRoot, postId, bar);
  const repostedBy = repostedByOf(own(X.socialContext)[0] ?? null);
  if (repostedBy) snapshot.repostedBy = repostedBy;
  const replyTo = replyToOf(article, quotedRoot);
  if (replyTo) snapshot.replyTo = replyTo;
  if (articleView) snapshot.isArticle = true;
  return { ok: true, snapshot };
}

// --- text and entities -------------------------------------------------------------------------

interface Rich {
  text: string;
  entities: Entities;
}

function emptyRich(): Rich {
  return { text: '', entities: { links: [], mentions: [], hashtags: [] } };
}

/** Plain text of any element: emoji images as their characters, line breaks as newlines, our nodes skipped. */
export function textOf(root: Node): string {
  let out = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) out += (child as Text).data;
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName === 'IMG') out += el.getAttribute('alt') ?? '';
        else if (el.tagName === 'BR') out += '\n';
        else if (!el.matches(X.injected)) walk(el);
      }
    }
  };
  walk(root);
  return out.trim();
}

/**
 * X writes a web link as `<a href="https://t.co/…">` holding a hidden "https://", the part it shows,
 * a hidden rest of the address and, when shortened, a "…". The shown text leaves the hidden parts out.
 */
function shownLinkText(a: Element): string {
  let out = '';
  for (let child = a.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) out += (child as Text).data;
    else if (child.nodeType === 1) {
      const el = child as Element;
      const hidden = el.getAttribute('aria-hidden') === 'true' && textOf(el) !== ELLIPSIS;
      if (!hidden) out += el.tagName === 'IMG' ? (el.getAttribute('alt') ?? '') : shownLinkText(el);
    }
  }
  return out;
}

function linkEntity(a: Element, url: string): LinkEntity {
  const shown = shownLinkText(a).trim();
  const full = textOf(a);
  const link: LinkEntity = { text: clip(shown, MAX_SHORT), url };
  // The whole address is there when X hid the rest of it; otherwise only an unshortened one is.
  const complete = full !== shown || !full.endsWith(ELLIPSIS);
  const written = full.replace(/…$/, '');
  if (complete && /^(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$/i.test(written)) {
    link.expandedUrl = clip(/^https?:\/\//i.test(written) ? written : `https://${written}`, MAX_SHORT);
  }
  return link;
}

/** Relative X paths and absolute x.com / twitter.com addresses: not web links. */
function xPath(href: string): string | null {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  const m = /^https?:\/\/(?:[\w-]+\.)?(?:x|twitter)\.com(\/[^?#]*)?/i.exec(href);
  return m ? (m[1] ?? '/') : null;
}

/**
 * Reads text elements (a tweetText, or an Article's blocks) into their text and entities. Links are
 * taken from the anchors; hashtags and mentions from the text, so that the quoted post's plain-text
 * ones count as X's linked ones do.
 */
function readRich(blocks: Element[], separator = '\n'): Rich {
  const texts: string[] = [];
  let scan = '';
  const links: LinkEntity[] = [];
  const linkedMentions: string[] = [];
  const walk = (node: Node): string => {
    let out = '';
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        out += (child as Text).data;
        scan += (child as Text).data;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      if (el.matches(X.injected)) continue;
      if (el.tagName === 'IMG') {
        const alt = el.getAttribute('alt') ?? '';
        out += alt;
        scan += alt;
      } else if (el.tagName === 'BR') {
        out += '\n';
        scan += '\n';
      } else if (el.tagName === 'A') {
        const href = el.getAttribute('href') ?? '';
        const path = xPath(href);
        if (path === null) {
          // A web link: its shown text goes into the text, but is no place for hashtags or mentions.
          const shown = shownLinkText(el);
          out += shown;
          scan += ' ';
          if (/^https:\/\//i.test(href) && href.length <= MAX_URL) links.push(linkEntity(el, href));
        } else {
          const handle = /^\/([A-Za-z0-9_]{1,50})\/?$/.exec(path)?.[1];
          const shown = walk(el);
          out += shown;
          if (handle && AT_HANDLE.exec(shown.trim())?.[1]?.toLowerCase() === handle.toLowerCase()) linkedMentions.push(handle);
        }
      } else {
        out += walk(el);
      }
    }
    return out;
  };
  for (const block of blocks) {
    texts.push(walk(block));
    scan += separator;
  }
  const hashtags = unique([...scan.matchAll(HASHTAG)].map((m) => m[1]!));
  const mentions = unique([...[...scan.matchAll(MENTION)].map((m) => m[1]!), ...linkedMentions]);
  return {
    text: texts.join(separator).trim(),
    entities: {
      links: links.slice(0, MAX_ITEMS),
      mentions: mentions.filter((m) => HANDLE.test(m)).slice(0, MAX_ITEMS),
      hashtags: hashtags.map((h) => clip(h, MAX_SHORT)).slice(0, MAX_ITEMS),
    },
  };
}

/** An X Article's read view: its title, a blank line, then its body a block a line. */
function readArticle(view: Element): Rich {
  const title = view.querySelector(X.articleTitle);
  const body = view.querySelector(X.articleBody);
  const blocks = body ? [...body.querySelectorAll(X.articleBlock)].filter((b) => !b.parentElement?.closest(X.articleBlock)) : [];
  // A code block holds a label and a copy button beside its code: keep the code only.
  const parts = blocks.map((b) => b.querySelector('pre') ?? b);
  const titleRich = readRich(title ? [title] : []);
  const bodyRich = readRich(parts.length > 0 ? parts : body ? [body] : []);
  return {
    text: [titleRich.text, bodyRich.text].filter(Boolean).join('\n\n'),
    entities: {
      links: [...titleRich.entities.links, ...bodyRich.entities.links].slice(0, MAX_ITEMS),
      mentions: unique([...titleRich.entities.mentions, ...bodyRich.entities.mentions]).slice(0, MAX_ITEMS),
      hashtags: unique([...titleRich.entities.hashtags, ...bodyRich.entities.hashtags]).slice(0, MAX_ITEMS),
    },
  };
}

// --- author ------------------------------------------------------------------------------------

/** Name, handle and tick from a User-Name block; the handle from the permalink when the block lacks one. */
function readAuthor(userName: Element | null, avatar: HTMLImageElement | null, handleFromHref?: string): Author | null {
  let handle: string | undefined;
  let name = '';
  let verified = false;
  if (userName) {
    // The name is the first text in the block, before the @handle.
    for (const el of userName.querySelectorAll('div[dir], span')) {
      if (isInjected(el)) continue;
      const t = textOf(el);
      const m = AT_HANDLE.exec(t);
      if (m) {
        handle = m[1];
        break;
      }
      if (!name && t && el.tagName === 'DIV') name = t;
    }
    verified = [...userName.querySelectorAll(X.verified)].some((el) => !isInjected(el));
  }
  handle ??= handleFromHref;
  if (!handle || !HANDLE.test(handle)) return null;
  const author: Author = { name: clip(name || handle, MAX_SHORT), handle, verified };
  const src = https(avatar?.getAttribute('src'));
  if (src) author.avatarUrl = src;
  return author;
}

// --- media -------------------------------------------------------------------------------------

/** The original-quality address of an X photo (name=orig), keeping its format; other addresses as they are. */
export function originalPhotoUrl(src: string): string {
  try {
    const url = new URL(src);
    if (url.hostname === 'pbs.twimg.com' && url.pathname.startsWith('/media/')) {
      url.searchParams.set('name', 'orig');
      return url.toString();
    }
  } catch {
    // not an address we know: keep it as it is
  }
  return src;
}

/** X writes these when the author gave no description. */
const NO_ALT = new Set(['Image', 'Embedded video', '']);

function altOf(...labels: Array<string | null | undefined>): string | undefined {
  const alt = labels.map((l) => l?.trim()).find((l) => l !== undefined && !NO_ALT.has(l));
  return alt === undefined ? undefined : clip(alt, MAX_SHORT);
}

/**
 * Photos, videos and GIFs, in the order shown. X wraps each in a tweetPhoto, a video also in a
 * videoPlayer (sometimes inside placementTracking); a videoPlayer outside any tweetPhoto counts too.
 */
function mediaOf(boxes: Element[]): Media[] {
  const media: Media[] = [];
  for (const box of boxes) {
    if (box.matches(X.videoPlayer) && box.parentElement?.closest(X.photo)) continue; // read with its tweetPhoto
    const video = box.querySelector('video');
    if (video) {
      const poster = https(video.getAttribute('poster'));
      // A GIF plays from a real address; a video streams from a blob: one, which is no use in an archive.
      const src = https(video.getAttribute('src') ?? video.querySelector('source')?.getAttribute('src'));
      const badge = [...box.querySelectorAll('span')].some((s) => s.textContent?.trim() === 'GIF');
      const alt = altOf(video.getAttribute('aria-label'));
      if (badge || src?.includes('/tweet_video/') || poster?.includes('/tweet_video_thumb/')) {
        const gif: Media = { type: 'gif' };
        if (poster) gif.posterUrl = poster;
        if (src) gif.videoUrl = src;
        if (alt) gif.altText = alt;
        media.push(gif);
      } else {
        const film: Media = { type: 'video' };
        if (poster) film.posterUrl = poster;
        if (alt) film.altText = alt;
        media.push(film);
      }
    } else {
      const img = box.querySelector('img');
      const src = https(img?.getAttribute('src'));
      if (!src) continue;
      const photo: Media = { type: 'photo', url: originalPhotoUrl(src) };
      const alt = altOf(img?.getAttribute('alt'), box.getAttribute('aria-label'));
      if (alt) photo.altText = alt;
      media.push(photo);
    }
    if (media.length >= MAX_ITEMS) break;
  }
  return media;
}

// --- card, quoted post, context ----------------------------------------------------------------

/**
 * A link card. X puts the "From example.gov.uk" link beside card.wrapper (not inside it), so the
 * wrapper's parent is read. A large card shows its title over the image (and in the link's
 * aria-label, after the domain); a small one lists domain, title and description in its detail column.
 */
function cardOf(wrapper: Element | null): PostSnapshot['card'] {
  if (!wrapper) return undefined;
  const scope = wrapper.parentElement ?? wrapper;
  const links = [...scope.querySelectorAll('a[href]')].filter((a) => !isInjected(a) && https(a.getAttribute('href')));
  const url = https(links[0]?.getAttribute('href'));
  if (!url) return undefined;
  const card: NonNullable<PostSnapshot['card']> = { url };
  let domain: string | undefined;
  let title: string | undefined;
  for (const a of links) domain ??= /^From\s+(\S+)$/.exec(textOf(a))?.[1];
  const detail = wrapper.querySelector(X.cardDetail);
  if (detail) {
    const lines = [...detail.querySelectorAll('div[dir]')].map((d) => textOf(d)).filter(Boolean);
    domain ??= lines[0];
    title = lines[1];
  } else {
    const media = links.find((a) => wrapper.contains(a));
    const overlay = media?.querySelector('div[dir]');
    title = overlay ? textOf(overlay) : undefined;
    const label = media?.getAttribute('aria-label') ?? '';
    if (!title && label) title = domain && label.startsWith(`${domain} `) ? label.slice(domain.length + 1) : label;
  }
  if (domain) card.domain = clip(domain, MAX_SHORT);
  if (title) card.title = clip(title, MAX_SHORT);
  return card;
}

/**
 * The quoted post. X does not link its header: its id comes from a photo link
 * (/<handle>/status/<id>/photo/1) or a time link when there is one, else it stays unknown.
 */
function quotedOf(root: Element, postId: string, bar: Element | null): QuotedPost {
  // The post's own action bar may sit inside the block in unbalanced markup (see actionBarOf): not the quoted post's.
  const inRoot = <E extends Element = Element>(selector: string) =>
    [...root.querySelectorAll<E>(selector)].filter((el) => !isInjected(el) && !bar?.contains(el));
  const textEl = inRoot(X.text)[0] ?? null;
  const rich = textEl ? readRich([textEl]) : emptyRich();
  const text = clip(rich.text, MAX_TEXT);
  const link = inRoot(X.statusLink)
    .map((a) => parseStatusHref(a.getAttribute('href')))
    .find((l) => l !== null && l.postId !== postId);
  const author = readAuthor(inRoot(X.userName)[0] ?? null, inRoot<HTMLImageElement>(`${X.avatar} img`)[0] ?? null, link?.handle);
  const quoted: QuotedPost = {
    text,
    entities: rich.entities,
    media: mediaOf(inRoot(`${X.photo}, ${X.videoPlayer}`)),
    truncated: inRoot(X.showMore).length > 0 || text.length < rich.text.length,
  };
  if (link) {
    quoted.postId = link.postId;
    const handle = link.handle ?? author?.handle;
    if (handle) quoted.permalink = `https://x.com/${handle}/status/${link.postId}`;
  }
  if (author) quoted.author = author;
  const lang = textEl?.getAttribute('lang');
  if (lang) quoted.lang = clip(lang, MAX_SHORT);
  const postedAt = isoTime(root.querySelector('time'));
  if (postedAt) quoted.postedAt = postedAt;
  return quoted;
}

/** "Jane reposted" above the post, in a link to /jane. "Pinned" and the like name no reposter. */
function repostedByOf(context: Element | null): PostSnapshot['repostedBy'] {
  if (!context) return undefined;
  const text = textOf(context);
  const m = /^(.*?)\s*(?:reposted|retweeted)$/i.exec(text);
  if (!m) return undefined;
  const a = context.closest('a') ?? context.querySelector('a');
  const handle = /^\/([A-Za-z0-9_]{1,50})\/?$/.exec(a?.getAttribute('href') ?? '')?.[1];
  const name = m[1]!.trim() || handle;
  if (!name) return undefined;
  return handle ? { name: clip(name, MAX_SHORT), handle } : { name: clip(name, MAX_SHORT) };
}

/**
 * "Replying to @a and @b": profile links whose text is their own @handle, outside the text, the
 * header, the context line, the card, the quoted post and our nodes. The post replied to has no
 * link there, so its id stays unknown.
 */
function replyToOf(article: Element, quotedRoot: Element | null): PostSnapshot['replyTo'] {
  const handles: string[] = [];
  const elsewhere = `${X.text}, ${X.userName}, ${X.socialContext}, ${X.cardWrapper}, ${X.actionBar}`;
  for (const a of ownElementsOf(article, 'a[href^="/"]', quotedRoot)) {
    if (a.closest(elsewhere)) continue;
    const handle = AT_HANDLE.exec(textOf(a))?.[1];
    if (handle && a.getAttribute('href')?.toLowerCase() === `/${handle.toLowerCase()}`) handles.push(handle);
  }
  const distinct = unique(handles).slice(0, MAX_ITEMS);
  return distinct.length > 0 ? { handles: distinct } : undefined;
}

// --- counts ------------------------------------------------------------------------------------

const COUNT_KEYS: Array<[RegExp, keyof Counts]> = [
  [/^repl/i, 'replies'],
  [/^(?:repost|retweet)/i, 'reposts'],
  [/^like/i, 'likes'],
  [/^bookmark/i, 'bookmarks'],
  [/^view/i, 'views'],
];

/** "48 replies, 152 reposts" or "48 Replies. Reply" into counts; parts without a number are skipped. */
function readCounts(label: string | null | undefined, into: Counts): number {
  let found = 0;
  for (const part of (label ?? '').split(/,\s+|\.\s+/)) {
    const m = /^(\d[\d,]*)\s+(\S+)/.exec(part.trim());
    const key = m && COUNT_KEYS.find(([re]) => re.test(m[2]!))?.[1];
    if (!m || !key || into[key] !== undefined) continue;
    const n = Number(m[1]!.replace(/,/g, ''));
    if (Number.isSafeInteger(n)) {
      into[key] = n;
      found++;
    }
  }
  return found;
}

/**
 * Exact counts from the action bar's label ("48 replies, 152 reposts, 553 likes, 9 bookmarks, 30142
 * views"), else from each button's label ("48 Replies. Reply"). X leaves zeros out of both, so a count
 * missing beside others is 0; views are never guessed (older posts have none).
 */
export function countsOf(bar: Element | null): Counts {
  const counts: Counts = {};
  if (!bar) return counts;
  const summarised = readCounts(bar.getAttribute('aria-label'), counts) > 0;
  for (const el of bar.querySelectorAll('button[aria-label], a[aria-label]')) {
    if (!isInjected(el)) readCounts(el.getAttribute('aria-label'), counts);
  }
  const zeroIfShown: Array<[string, keyof Counts]> = [
    ['[data-testid="reply"]', 'replies'],
    ['[data-testid="retweet"], [data-testid="unretweet"]', 'reposts'],
    ['[data-testid="like"], [data-testid="unlike"]', 'likes'],
  ];
  for (const [selector, key] of zeroIfShown) if (counts[key] === undefined && bar.querySelector(selector)) counts[key] = 0;
  // A timeline's bookmark button never shows its count, so only the bar's summary tells a 0.
  if (summarised && counts.bookmarks === undefined) counts.bookmarks = 0;
  return counts;
}

// --- helpers -----------------------------------------------------------------------------------

function https(value: string | null | undefined): string | undefined {
  return value && /^https:\/\//i.test(value) && value.length <= MAX_URL ? value : undefined;
}

function isoTime(time: Element | null | undefined): string | undefined {
  const ms = Date.parse(time?.getAttribute('datetime') ?? '');
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** Distinct values, in order, ignoring letter case (the first spelling wins). */
function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
