import { X, articleTextElementsOf, textElementsOf } from './selectors';
import { TAG_CHAR, normaliseTags } from './tags';

export { normaliseTag, normaliseTags } from './tags';

/**
 * Does a post carry one of the tracked hashtags? Pure, cheap and DOM-only: it runs on every post
 * a user scrolls past, so it reads the text of at most two elements and a handful of links.
 *
 * A match is the hashtag in the post's own text (an X Article's title or body, which has no tweetText)
 * or in the text of the post it quotes, in any letter
 * case, shown either as X's hashtag link (relative or absolute, percent-encoded, with or without a
 * hashflag image) or as plain text (quoted posts, pasted text). `#lgadigital2015`, `#notlgadigital`
 * and `lgadigital` without the `#` do not match; a reply lower down the thread is its own article.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tag a hashtag href points at (lower case), or null when the href is not a hashtag link. */
export function tagFromHref(href: string | null): string | null {
  if (!href) return null;
  const m = /^(?:https?:\/\/(?:[\w-]+\.)?(?:x|twitter)\.com)?\/hashtag\/([^/?#]+)/i.exec(href);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!).replace(/^[#＃]/, '').toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The text of a tweetText as a reader sees it, for matching: an emoji image counts as its character and
 * a line break as a newline (textContent drops both, gluing "Hello" and "#tag" into "Hello#tag"), and a
 * web link's text is left out, so a "#lgadigital" in a URL's fragment is no hashtag. An X Article's
 * paragraphs (blocks) end lines, as they do on screen.
 */
function readableText(el: Element): string {
  let out = '';
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3) out += (node as Text).data;
    else if (node.nodeType === 1) {
      const child = node as Element;
      if (child.tagName === 'IMG') out += child.getAttribute('alt') ?? '';
      else if (child.tagName === 'BR') out += '\n';
      else if (child.tagName === 'A' && /^(?:https?:)?\/\//i.test(child.getAttribute('href') ?? '') && tagFromHref(child.getAttribute('href')) === null) out += ' ';
      else if (child.matches(X.articleBlock)) out += `${readableText(child)}\n`; // an X Article's paragraph: a line of its own
      else if (!child.matches(X.injected)) out += readableText(child);
    }
  }
  return out;
}

export interface TagMatcher {
  /** The normalised tags this matcher looks for. */
  readonly tags: readonly string[];
  /** True when the text holds one of the tags as a hashtag. */
  matchesText(text: string): boolean;
  /** True when the text element (a tweetText) carries one of the tags, as a link or as text. */
  matchesTextElement(el: Element): boolean;
  /** The first hashtag link to one of the tags inside `root`, or null: one search of its subtree. */
  tagLinkIn(root: Element): Element | null;
}

export function createTagMatcher(rawTags: readonly string[]): TagMatcher {
  const tags = normaliseTags(rawTags);
  const set = new Set(tags);
  const alternatives = tags.map(escapeRegExp).join('|');
  const pattern = tags.length === 0 ? null : new RegExp(`(?:^|[^\\p{L}\\p{M}\\p{N}_&#＃])[#＃](?:${alternatives})(?!${TAG_CHAR})`, 'iu');
  // A tag right after a `#` anywhere in the raw text: what the reader's text (readableText) can only
  // hold if the raw text does, so most texts (no `#`, or only other hashtags) are answered without it.
  const loose = new RegExp(`[#＃](?:${alternatives})`, 'iu');
  const matchesText = (text: string) => pattern !== null && pattern.test(text);
  // Whether an href links to a tracked tag, by href: a page shows the same few hashtag links on post after post.
  const tracked = new Map<string, boolean>();
  const tracks = (href: string | null): boolean => {
    if (href === null) return false;
    let yes = tracked.get(href);
    if (yes === undefined) {
      const tag = tagFromHref(href);
      yes = tag !== null && set.has(tag);
      if (tracked.size >= 512) tracked.clear();
      tracked.set(href, yes);
    }
    return yes;
  };
  const tagLinkIn = (root: Element): Element | null => {
    if (pattern === null) return null;
    for (const a of root.querySelectorAll(X.hashtagLink)) if (tracks(a.getAttribute('href'))) return a;
    return null;
  };
  return {
    tags,
    matchesText,
    tagLinkIn,
    matchesTextElement(el) {
      if (pattern === null) return false;
      if (tagLinkIn(el) !== null) return true;
      // No hashtag link of ours: only the tag after a `#` in the text can still make one, and most posts have none.
      return loose.test(el.textContent ?? '') && matchesText(readableText(el));
    },
  };
}

/**
 * Does this post carry one of the tags? In its own text or its quoted post's; a post that is an X
 * Article (no tweetText) in its title or body. The one rule the content script decorates by.
 */
export function postCarriesTag(article: Element, matcher: TagMatcher, quotedRoot?: Element | null): boolean {
  const { own, quoted } = textElementsOf(article, quotedRoot); // undefined: textElementsOf finds the quoted block
  if (own !== null && matcher.matchesTextElement(own)) return true;
  if (quoted !== null && matcher.matchesTextElement(quoted)) return true;
  return own === null && articleTextElementsOf(article).some((el) => matcher.matchesTextElement(el));
}

/**
 * postCarriesTag's answer, reading as little of the post as it can (the content script asks it of
 * every post a user scrolls past): one search for the article's tweetTexts and a look into each. The
 * quoted post's block, which takes another search of the whole article, is asked of `quotedRoot` only
 * when the answer depends on it:
 * - the first tweetText is the post's own, or the quoted post's when the post has none before it, and
 *   both count: when it carries a tag, so does the post;
 * - when a later one does, whether it counts depends on which it is (the quoted post's first text, or a
 *   second text of the post's own);
 * - when none does, only an X Article's title or body still could, and only when the post has no text
 *   of its own: when its first text sits inside a `div[role=link]` of the article, as a quoted post does.
 */
export function postCarriesTagLazily(article: Element, matcher: TagMatcher, quotedRoot: () => Element | null): boolean {
  // The texts in page order, each found after the one before (texts never hold one another): a post
  // whose first text carries the tag is not read past it.
  const first = article.querySelector(X.text);
  if (first === null) return postCarriesTag(article, matcher, quotedRoot());
  if (matcher.matchesTextElement(first)) return true;
  // The other texts, in one search of the article: it reads the whole article, as a walk from text to
  // text would, but in one native call rather than two calls from script for each element passed.
  const texts = article.querySelectorAll(X.text);
  for (let i = 1; i < texts.length; i++) {
    if (matcher.matchesTextElement(texts[i]!)) return postCarriesTag(article, matcher, quotedRoot());
  }
  const link = first.parentElement?.closest(X.quotedCandidate);
  if (!link || !article.contains(link)) return false;
  return postCarriesTag(article, matcher, quotedRoot());
}
