/**
 * Every X (Twitter) selector the extension uses lives in this module, and nowhere else.
 *
 * Only stable hooks are used: data-testid, ARIA roles and href patterns. Never the generated
 * `css-…`/`r-…` class names, which change whenever X rebuilds its styles.
 * When X changes its markup or its words, this is the file to mend: the extractor (utils/x/extract/)
 * names no selector and no word of X's UI.
 */
export const X = {
  /** One post, in any timeline or on a post page. */
  article: 'article[data-testid="tweet"]',
  /** A virtualised timeline cell; X recycles these as you scroll. */
  cell: '[data-testid="cellInnerDiv"]',
  /** The post's text (the quoted post has its own). */
  text: '[data-testid="tweetText"]',
  /** Display name, handle, time: the post's header (the quoted post has its own). */
  userName: '[data-testid="User-Name"]',
  avatar: '[data-testid="Tweet-User-Avatar"]',
  /** A quoted post is a link-like block that holds its own User-Name. */
  quotedCandidate: 'div[role="link"]',
  /** The reply / repost / like / views / bookmark / share row. */
  actionBar: '[role="group"]',
  actionBarButton: '[data-testid="reply"], [data-testid="like"], [data-testid="unlike"], [data-testid="retweet"], [data-testid="unretweet"]',
  statusLink: 'a[href*="/status/"]',
  hashtagLink: 'a[href*="/hashtag/"]',
  /** "Jane reposted", "Pinned" and the like above the post. */
  socialContext: '[data-testid="socialContext"]',
  showMore: '[data-testid="tweet-text-show-more-link"]',
  photo: '[data-testid="tweetPhoto"]',
  videoPlayer: '[data-testid="videoPlayer"]',
  cardWrapper: '[data-testid="card.wrapper"]',
  /** X's long-form Article read view. */
  articleReadView: '[data-testid="twitterArticleReadView"]',
  articleTitle: '[data-testid="twitter-article-title"]',
  articleBody: '[data-testid="longformRichTextComponent"]',
  /** One paragraph, heading, list item or code block of an Article's body. */
  articleBlock: '[data-block="true"]',
  /** The blue tick beside a name; X has used both hooks. */
  verified: '[data-testid="icon-verified"], svg[aria-label="Verified account"]',
  /** A summary card's text column (domain, title, description). */
  cardDetail: '[data-testid="card.layoutSmall.detail"], [data-testid="card.layoutLarge.detail"]',
  /** Nodes this extension injects (the button's host): never part of a post. */
  injected: '[data-lga-host]',

  // --- inside the parts above (each proved on the real pages in selectors.test.ts) ---------------
  /** The post's time, inside its permalink (every real page). */
  time: 'time',
  /** The avatar's picture inside Tweet-User-Avatar (sample, quote). */
  avatarImage: '[data-testid="Tweet-User-Avatar"] img',
  /** The name and the @handle inside User-Name, each in its own div[dir] or span (every real page). */
  userNameParts: 'div[dir], span',
  /** A code block's code inside an Article's block, beside its label and copy button (article). */
  articleCode: 'pre',
  /** The picture inside a tweetPhoto (quote). */
  photoImage: 'img',
  /** The player inside a videoPlayer, and its source (quote-video: a blob: source). */
  video: 'video',
  videoSource: 'source',
  /** Text inside a media box: the "GIF" badge is one such span. */
  mediaBadge: 'span',
  /** The links of a link card, and its lines of text (sample: "From example.gov.uk", the title). */
  cardLink: 'a[href]',
  cardLine: 'div[dir]',
  /** The reposter's profile link around or inside socialContext (our fixtures). */
  contextLink: 'a',
  /** Links within x.com: profiles in "Replying to @a" (our fixtures; no real page is a reply). */
  internalLink: 'a[href^="/"]',
  /** Action-bar controls whose label holds a count ("48 Replies. Reply"; sample). */
  labelledControl: 'button[aria-label], a[aria-label]',
  /** The buttons whose presence means a count of 0 when the labels leave it out (every real page). */
  replyButton: '[data-testid="reply"]',
  repostButton: '[data-testid="retweet"], [data-testid="unretweet"]',
  likeButton: '[data-testid="like"], [data-testid="unlike"]',
} as const;

/**
 * X's English words, matched where X writes them in the page. When X changes a word, mend it here.
 * Each is proved on the real pages or our own fixtures (selectors.test.ts, utils/x/extract tests).
 */
export const X_WORDS = {
  /** "Jane reposted" above a repost (our fixtures; X also wrote "Retweeted"). */
  reposted: /^(.*?)\s*(?:reposted|retweeted)$/i,
  /** "From example.gov.uk" under a large link card (sample). */
  cardFrom: /^From\s+(\S+)$/,
  /** The badge X shows on a GIF (our fixtures). */
  gifBadge: 'GIF',
  /** What X writes as alt text when the author gave none (quote: "Image"; videos: "Embedded video"). */
  noAltText: ['Image', 'Embedded video', ''] as readonly string[],
  /** How X ends a shortened link's shown text (quote-video's t.co link). */
  linkEllipsis: '…',
  /** Parts of an action bar's label: "48 replies, 152 reposts, 553 likes, 9 bookmarks, 30142 views" (sample). */
  countSeparator: /,\s+|\.\s+/,
  /** A part's number and word: "48 replies", "48 Replies" (sample). */
  countPart: /^(\d[\d,]*)\s+(\S+)/,
  /** Which count each word names (sample, and the buttons' own labels). */
  countWords: [
    [/^repl/i, 'replies'],
    [/^(?:repost|retweet)/i, 'reposts'],
    [/^like/i, 'likes'],
    [/^bookmark/i, 'bookmarks'],
    [/^view/i, 'views'],
  ] as ReadonlyArray<readonly [RegExp, 'replies' | 'reposts' | 'likes' | 'bookmarks' | 'views']>,
} as const;

/** A hidden part of a link that X shows shortened: its "https://" and the rest of the address (quote-video). */
export function isHiddenLinkPart(el: Element): boolean {
  return el.getAttribute('aria-hidden') === 'true';
}

/** X's media CDN: photos (pbs.twimg.com/media/…), GIFs' files and their posters. */
export const X_MEDIA = {
  host: 'pbs.twimg.com',
  photoPath: '/media/',
  /** The `name` parameter's value for a photo's original size. */
  originalSize: 'orig',
  gifVideoPath: '/tweet_video/',
  gifPosterPath: '/tweet_video_thumb/',
} as const;

/** The path of an href within X (relative, or absolute on x.com / twitter.com), else null: a web link. */
export function xPathOf(href: string): string | null {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  const m = /^https?:\/\/(?:[\w-]+\.)?(?:x|twitter)\.com(\/[^?#]*)?/i.exec(href);
  return m ? (m[1] ?? '/') : null;
}

/** The handle a profile link names (/<handle>), else undefined. */
export function profileHandleOf(path: string | null | undefined): string | undefined {
  return /^\/([A-Za-z0-9_]{1,50})\/?$/.exec(path ?? '')?.[1];
}

/** Matches /<handle>/status/<id> (and /i/web/status/<id>), with anything after the id. */
const STATUS_PATH = /^\/(?:([A-Za-z0-9_]{1,50})|i\/web|i)\/status\/(\d{1,25})(?:[/?#]|$)/;

/** Reads a post id and handle from an X status href (relative or absolute on x.com / twitter.com). */
export function parseStatusHref(href: string | null | undefined): { handle?: string; postId: string } | null {
  if (!href) return null;
  let path = href;
  if (/^https?:/i.test(href)) {
    try {
      const url = new URL(href);
      if (!/(^|\.)(x|twitter)\.com$/i.test(url.hostname)) return null;
      path = url.pathname;
    } catch {
      return null;
    }
  }
  const m = STATUS_PATH.exec(path);
  if (!m) return null;
  const handle = m[1] && m[1] !== 'i' ? m[1] : undefined;
  return handle ? { handle, postId: m[2]! } : { postId: m[2]! };
}

const INJECTED_OR_ARTICLE = `${X.injected}, ${X.article}`;

/**
 * True when `el` is one of our injected nodes or sits inside one. Our buttons live inside X's
 * articles, so the walk up stops at the article rather than going on to the document's root.
 */
export function isInjected(el: Element): boolean {
  return el.closest(INJECTED_OR_ARTICLE)?.matches(X.injected) ?? false;
}

/**
 * The quoted post's block inside an article, if it quotes one: a `div[role=link]` that holds its own
 * User-Name. (X also uses `div[role=link]` inside the post's own User-Name for affiliate badges, and for
 * cards; neither holds a User-Name.)
 */
export function quotedRootOf(article: Element): Element | null {
  for (const el of article.querySelectorAll(X.quotedCandidate)) {
    if (el.querySelector(X.userName) && !el.closest(X.userName) && !isInjected(el)) return el;
  }
  return null;
}

/** True when `el` sits inside the article's quoted post rather than the post itself. */
export function isInQuoted(el: Element, quotedRoot: Element | null): boolean {
  return quotedRoot !== null && quotedRoot.contains(el);
}

/** The elements matching `selector` that belong to the post itself: not the quoted post's, not ours. */
export function ownElementsOf<E extends Element = Element>(article: Element, selector: string, quotedRoot: Element | null = quotedRootOf(article)): E[] {
  return [...article.querySelectorAll<E>(selector)].filter((el) => !isInQuoted(el, quotedRoot) && !isInjected(el));
}

/**
 * The time link of the post itself (not of the post it quotes): `a[href*="/status/<id>"]` around a `time`.
 * This is the post's permalink, and so its identity.
 */
export function permalinkAnchorOf(article: Element, quotedRoot: Element | null = quotedRootOf(article)): HTMLAnchorElement | null {
  for (const time of article.querySelectorAll(X.time)) {
    const a = time.closest('a');
    if (a && article.contains(a) && !isInQuoted(a, quotedRoot) && !isInjected(a) && parseStatusHref(a.getAttribute('href'))) {
      return a as HTMLAnchorElement;
    }
  }
  return null;
}

/**
 * The post's id, or null when the article carries none we can read (an ad, or changed markup).
 * Pass the quoted root when it is known already (finding it reads the article's whole subtree).
 */
export function postIdOf(article: Element, quoted: Element | null = quotedRootOf(article)): string | null {
  const a = permalinkAnchorOf(article, quoted);
  const fromTime = parseStatusHref(a?.getAttribute('href'));
  if (fromTime) return fromTime.postId;
  // The views link in the action bar (/<handle>/status/<id>/analytics) also names the post.
  const bar = actionBarOf(article, quoted);
  const analytics = bar?.querySelector(X.statusLink);
  return parseStatusHref(analytics?.getAttribute('href'))?.postId ?? null;
}

/**
 * The post's own action bar: the last role=group in the article that holds X's action buttons, outside
 * the quoted post and our own nodes. (An X Article's read view has two bars, above and below the body;
 * both belong to the post.) X never puts an action bar inside a quoted post, so when the only one sits
 * inside the quoted block, unbalanced markup has swallowed the post's own bar (a hand-edited saved
 * page does this), and that is the one.
 */
export function actionBarOf(article: Element, quotedRoot: Element | null = quotedRootOf(article)): Element | null {
  const bars = [...article.querySelectorAll(X.actionBar)].filter((g) => !isInjected(g) && g.querySelector(X.actionBarButton));
  return bars.filter((g) => !isInQuoted(g, quotedRoot)).pop() ?? bars.pop() ?? null;
}

/** The post's own text element and, when it quotes a post, the quoted post's text element. */
export function textElementsOf(article: Element, quotedRoot: Element | null = quotedRootOf(article)): { own: Element | null; quoted: Element | null } {
  let own: Element | null = null;
  let quoted: Element | null = null;
  for (const el of article.querySelectorAll(X.text)) {
    if (isInjected(el)) continue;
    if (isInQuoted(el, quotedRoot)) quoted ??= el;
    else own ??= el;
  }
  return { own, quoted };
}

/**
 * An X Article's own title and body: the post's text when it is an Article (which has no tweetText),
 * outside a quoted post and our nodes.
 */
export function articleTextElementsOf(article: Element, quotedRoot: Element | null = quotedRootOf(article)): Element[] {
  return ownElementsOf(article, `${X.articleTitle}, ${X.articleBody}`, quotedRoot);
}
