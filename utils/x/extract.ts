import type { Author, Counts, Entities, LinkEntity, Media, PostSnapshot, QuotedPost } from '@/utils/snapshot';
import { X, actionBarOf, isInQuoted, parseStatusHref, permalinkAnchorOf, quotedRootOf } from './selectors';

/**
 * Reads one post (an `article` element) into a snapshot. Pure: it reads the DOM and writes nothing,
 * never throws, and uses only selectors.ts's stable hooks. It runs once per press, so it may be thorough.
 * The record's fields are documented in utils/snapshot.ts.
 */

export interface ExtractContext {
  pageUrl: string;
  capturedAt: string;
  extensionVersion: string;
}

export type ExtractResult = { ok: true; snapshot: PostSnapshot } | { ok: false; reason: string };

const OURS = '[data-lga-host]';
const HANDLE = /^@([A-Za-z0-9_]{1,50})$/;
const HASHTAG = /(?:^|[^\p{L}\p{M}\p{N}_&#＃])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu;
const MENTION = /(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})\b/g;

export function extractPost(article: Element, ctx: ExtractContext): ExtractResult {
  try {
    return read(article, ctx);
  } catch (error) {
    return { ok: false, reason: `unexpected markup: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function read(article: Element, ctx: ExtractContext): ExtractResult {
  const quotedRoot = quotedRootOf(article);
  const own = <E extends Element>(selector: string): E[] =>
    [...article.querySelectorAll<E>(selector)].filter((el) => !isInQuoted(el, quotedRoot) && !el.closest(OURS));
  const first = <E extends Element>(selector: string): E | null => own<E>(selector)[0] ?? null;

  const anchor = permalinkAnchorOf(article, quotedRoot);
  const fromHref = parseStatusHref(anchor?.getAttribute('href'));
  const bar = actionBarOf(article);
  const postId = fromHref?.postId ?? parseStatusHref(bar?.querySelector('a[href*="/status/"]')?.getAttribute('href'))?.postId;
  if (!postId) return { ok: false, reason: 'no post id' };

  const userName = first(X.userName);
  const author = readAuthor(userName, first<HTMLImageElement>(`${X.avatar} img`), fromHref?.handle);
  if (!author) return { ok: false, reason: 'no author handle' };

  const textEl = first(X.text);
  const articleView = first(X.articleReadView);
  let text = textEl ? textOf(textEl) : '';
  if (!textEl && articleView) {
    const title = articleView.querySelector('[data-testid="twitter-article-title"]');
    const body = articleView.querySelector('[data-testid="longformRichTextComponent"]');
    text = [title ? textOf(title) : '', body ? blockText(body) : ''].filter(Boolean).join('\n\n');
  }

  const snapshot: PostSnapshot = {
    schema: 1,
    postId,
    permalink: `https://x.com/${fromHref?.handle ?? author.handle}/status/${postId}`,
    author,
    text,
    entities: entitiesOf(textEl, text),
    media: mediaOf(own(X.photo)),
    counts: countsOf(bar),
    truncated: own(X.showMore).length > 0,
    capturedAt: ctx.capturedAt,
    pageUrl: ctx.pageUrl,
    extensionVersion: ctx.extensionVersion,
  };
  const lang = textEl?.getAttribute('lang');
  if (lang) snapshot.lang = lang;
  const datetime = anchor?.querySelector('time')?.getAttribute('datetime');
  if (datetime && isIso(datetime)) snapshot.postedAt = new Date(datetime).toISOString();
  const card = cardOf(first(X.cardWrapper));
  if (card) snapshot.card = card;
  if (articleView) snapshot.isArticle = true;
  if (quotedRoot) snapshot.quoted = quotedOf(quotedRoot);
  const repostedBy = repostedByOf(first(X.socialContext));
  if (repostedBy) snapshot.repostedBy = repostedBy;
  const replyTo = replyToOf(article, quotedRoot);
  if (replyTo) snapshot.replyTo = replyTo;
  return { ok: true, snapshot };
}

// --- text --------------------------------------------------------------------------------------

/** Text as X shows it: emoji images become their characters, our own nodes are skipped. */
export function textOf(root: Node): string {
  let out = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) out += (child as Text).data;
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.matches(OURS)) continue;
        if (el.tagName === 'IMG') out += el.getAttribute('alt') ?? '';
        else if (el.tagName === 'BR') out += '\n';
        else walk(el);
      }
    }
  };
  walk(root);
  return out.trim();
}

/** Text of a rich-text body (an X Article), a line per block. */
function blockText(root: Element): string {
  const blocks = root.querySelectorAll('[data-block="true"]');
  if (blocks.length === 0) return textOf(root);
  return [...blocks].map((b) => textOf(b)).join('\n');
}

function entitiesOf(textEl: Element | null, text: string): Entities {
  const links: LinkEntity[] = [];
  const hashtags = new Map<string, string>();
  const mentions = new Map<string, string>();
  for (const a of textEl?.querySelectorAll('a[href]') ?? []) {
    const href = a.getAttribute('href') ?? '';
    const shown = textOf(a);
    if (/\/hashtag\//.test(href)) continue; // hashtags are read from the text below
    if (HANDLE.test(shown)) continue; // mentions likewise
    if (/^https:\/\//.test(href)) {
      const link: LinkEntity = { text: shown, url: href };
      const visible = shown.replace(/…$/, '');
      if (/^https?:\/\//.test(visible)) link.expandedUrl = visible;
      else if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(visible)) link.expandedUrl = `https://${visible}`;
      links.push(link);
    }
  }
  for (const m of text.matchAll(HASHTAG)) if (!hashtags.has(m[1]!.toLowerCase())) hashtags.set(m[1]!.toLowerCase(), m[1]!);
  for (const m of text.matchAll(MENTION)) if (!mentions.has(m[1]!.toLowerCase())) mentions.set(m[1]!.toLowerCase(), m[1]!);
  return { links, mentions: [...mentions.values()], hashtags: [...hashtags.values()] };
}

// --- author ------------------------------------------------------------------------------------

function readAuthor(userName: Element | null, avatar: HTMLImageElement | null, handleFromHref?: string): Author | null {
  let handle = handleFromHref;
  let name = '';
  let verified = false;
  if (userName) {
    for (const span of userName.querySelectorAll('span')) {
      const m = HANDLE.exec((span.textContent ?? '').trim());
      if (m) {
        handle ??= m[1]!;
        break;
      }
    }
    const nameEl = userName.querySelector('div[dir="ltr"], div[dir="auto"]');
    name = nameEl ? textOf(nameEl) : '';
    verified = userName.querySelector('[data-testid="icon-verified"], svg[aria-label*="erified"]') !== null;
  }
  if (!handle) return null;
  const author: Author = { name: name || handle, handle, verified };
  const src = avatar?.getAttribute('src');
  if (src && src.startsWith('https://')) author.avatarUrl = src;
  return author;
}

// --- media -------------------------------------------------------------------------------------

/** The original-quality URL of an X photo (name=orig), keeping its format. */
export function originalPhotoUrl(src: string): string {
  try {
    const url = new URL(src);
    if (url.hostname === 'pbs.twimg.com' && url.pathname.startsWith('/media/')) {
      url.searchParams.set('name', 'orig');
      return url.toString();
    }
  } catch {
    // not a URL we know: keep it as it is
  }
  return src;
}

function mediaOf(containers: Element[]): Media[] {
  const media: Media[] = [];
  for (const box of containers) {
    const video = box.querySelector('video');
    const label = box.getAttribute('aria-label');
    if (video) {
      const poster = https(video.getAttribute('poster'));
      const src = https(video.getAttribute('src') ?? video.querySelector('source')?.getAttribute('src'));
      const isGif = (src !== undefined && src.includes('/tweet_video/')) || /(^|\s)GIF(\s|$)/.test(box.textContent ?? '');
      if (isGif) {
        const gif: Media = { type: 'gif' };
        if (poster) gif.posterUrl = poster;
        if (src) gif.videoUrl = src;
        media.push(gif);
      } else {
        media.push(poster ? { type: 'video', posterUrl: poster } : { type: 'video' });
      }
      continue;
    }
    const img = box.querySelector('img');
    const src = https(img?.getAttribute('src'));
    if (!src) continue;
    const alt = img?.getAttribute('alt') ?? label ?? '';
    const photo: Media = { type: 'photo', url: originalPhotoUrl(src) };
    // X writes alt="Image" when the author gave none.
    if (alt && alt !== 'Image') photo.altText = alt;
    media.push(photo);
  }
  return media;
}

function https(value: string | null | undefined): string | undefined {
  return value && value.startsWith('https://') ? value : undefined;
}

// --- card, quoted post, context ----------------------------------------------------------------

function cardOf(wrapper: Element | null): PostSnapshot['card'] {
  if (!wrapper) return undefined;
  const links = [...wrapper.querySelectorAll('a[href^="https://"]')];
  const url = links[0]?.getAttribute('href');
  if (!url) return undefined;
  const card: NonNullable<PostSnapshot['card']> = { url };
  for (const a of links) {
    const m = /^From\s+(\S+)$/.exec(textOf(a));
    if (m) card.domain = m[1]!;
  }
  const titled = links.find((a) => textOf(a) !== '' && !/^From\s/.test(textOf(a)));
  const label = links[0]?.getAttribute('aria-label') ?? '';
  const title = titled ? textOf(titled.querySelector('div[dir="ltr"], div[dir="auto"]') ?? titled) : '';
  if (title) card.title = title;
  else if (label) card.title = card.domain && label.startsWith(`${card.domain} `) ? label.slice(card.domain.length + 1) : label;
  return card;
}

function quotedOf(root: Element): QuotedPost {
  const textEl = root.querySelector(X.text);
  const text = textEl ? textOf(textEl) : '';
  const link = [...root.querySelectorAll('a[href*="/status/"]')].map((a) => parseStatusHref(a.getAttribute('href'))).find(Boolean);
  const author = readAuthor(root.querySelector(X.userName), root.querySelector<HTMLImageElement>(`${X.avatar} img`), link?.handle);
  const quoted: QuotedPost = {
    text,
    entities: entitiesOf(textEl, text),
    media: mediaOf([...root.querySelectorAll(X.photo)]),
    truncated: root.querySelector(X.showMore) !== null,
  };
  if (link) {
    quoted.postId = link.postId;
    const handle = link.handle ?? author?.handle;
    if (handle) quoted.permalink = `https://x.com/${handle}/status/${link.postId}`;
  }
  if (author) quoted.author = author;
  const lang = textEl?.getAttribute('lang');
  if (lang) quoted.lang = lang;
  const datetime = root.querySelector('time')?.getAttribute('datetime');
  if (datetime && isIso(datetime)) quoted.postedAt = new Date(datetime).toISOString();
  return quoted;
}

function repostedByOf(context: Element | null): PostSnapshot['repostedBy'] {
  const a = context?.closest('a') ?? context?.querySelector('a');
  const handle = /^\/([A-Za-z0-9_]{1,50})\/?$/.exec(a?.getAttribute('href') ?? '')?.[1];
  if (!context || !handle) return undefined; // "Pinned" and the like name no account
  const name = textOf(context).replace(/\s*reposted$/i, '').trim();
  return { name: name || handle, handle };
}

/** "Replying to @a @b": profile links with @-text outside the text, header, context and quoted post. */
function replyToOf(article: Element, quotedRoot: Element | null): PostSnapshot['replyTo'] {
  const handles: string[] = [];
  for (const a of article.querySelectorAll('a[href^="/"]')) {
    if (isInQuoted(a, quotedRoot) || a.closest(`${X.text}, ${X.userName}, ${X.socialContext}, ${OURS}`)) continue;
    const m = HANDLE.exec(textOf(a));
    if (m && a.getAttribute('href')?.toLowerCase() === `/${m[1]!.toLowerCase()}` && !handles.includes(m[1]!)) handles.push(m[1]!);
  }
  return handles.length > 0 ? { handles } : undefined;
}

// --- counts ------------------------------------------------------------------------------------

const COUNT_KEYS: Array<[RegExp, keyof Counts]> = [
  [/^repl/i, 'replies'],
  [/^(repost|retweet)/i, 'reposts'],
  [/^like/i, 'likes'],
  [/^bookmark/i, 'bookmarks'],
  [/^view/i, 'views'],
];

/** Counts from the action bar's label ("48 replies, 152 reposts, 553 likes, 9 bookmarks, 30142 views"). */
export function countsOf(bar: Element | null): Counts {
  const counts: Counts = {};
  if (!bar) return counts;
  const read = (label: string | null | undefined) => {
    for (const part of (label ?? '').split(/,\s*|\.\s+/)) {
      const m = /^([\d,]+)\s+(\S+)/.exec(part.trim());
      if (!m) continue;
      const key = COUNT_KEYS.find(([re]) => re.test(m[2]!))?.[1];
      if (key && counts[key] === undefined) counts[key] = Number(m[1]!.replace(/,/g, ''));
    }
  };
  read(bar.getAttribute('aria-label'));
  for (const el of bar.querySelectorAll('[data-testid][aria-label], a[aria-label]')) read(el.getAttribute('aria-label'));
  // X leaves a zero out of its labels: a button that is there with no number counts none.
  const present: Array<[string, keyof Counts]> = [
    ['[data-testid="reply"]', 'replies'],
    ['[data-testid="retweet"], [data-testid="unretweet"]', 'reposts'],
    ['[data-testid="like"], [data-testid="unlike"]', 'likes'],
  ];
  for (const [selector, key] of present) if (counts[key] === undefined && bar.querySelector(selector)) counts[key] = 0;
  return counts;
}

function isIso(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}
