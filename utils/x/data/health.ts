import { X, actionBarOf, articleTextElementsOf, isInQuoted, parseStatusHref, postIdOf, quotedRootOf, textElementsOf } from '../selectors';
import { createTagMatcher, postCarriesTag, type TagMatcher } from '../match';
import { POST_ATTR } from '../button';
import type { ListedPost } from './channel';

/**
 * A check of the page reader against X's own data, run with the page-health report (idle time, at most
 * every two seconds). The main world lists the posts X's responses held whose hashtags hold a tracked
 * tag (channel.ts, LIST); for each, the check looks for the post on the page by a signal that
 * does not depend on the reader's selectors for text, hashtags or action bars: a link to the post
 * (`/status/<id>`) in an `article`, or a link to it around a `time` outside any. A post shown without
 * its button is counted, with the parts the reader could not find. Pure and cheap: one pass over the
 * page's links to posts, and each such post's own article read again only when it has no button.
 */

/** Of the tagged posts that X's data holds and the page shows without a button, how many lacked each part. */
export interface XDataMissing {
  /** The post's link (its time) is on the page, but not inside anything the extension takes for a post. */
  post: number;
  /** No text where the extension reads it (the quoted post's, when the tag is there). */
  text: number;
  /** The text was there, but the extension did not find the tracked hashtag in it. */
  tag: number;
  /** No link of its own (its time), which gives the post's id. */
  link: number;
  /** No row of buttons under it, where the button goes. */
  actionBar: number;
}

export interface XDataHealth {
  /** Tagged posts that X's data holds and the page shows, without a button. */
  unreadable: number;
  /** Which parts they lacked (a post may lack more than one). */
  missing: XDataMissing;
}

export type XDataPart = keyof XDataMissing;

/** Our button's host, which names the post it shows. */
const HOST = `[${POST_ATTR}]`;

/**
 * Judges the listed posts that `root` shows: for each, the parts the page reader (with the matcher's
 * tags) could not find, or none when it has its button (or lacks nothing).
 *
 * A post shown only inside another post (a link to it in a quoted post) is judged where it is shown as
 * itself, if anywhere. A post the reader finds complete but without its button (the injector has not
 * reached it yet) lacks nothing: there is no part to name. A post whose text the page may show cut
 * ("Show more", or a long post) is not judged on its hashtag, since the tag may be past the cut.
 */
export function judgeXDataPosts(root: ParentNode, posts: readonly ListedPost[], matcher: TagMatcher): Map<string, XDataPart[]> {
  const judged = new Map<string, XDataPart[]>();
  const wanted = new Map(posts.map((post) => [post.id, post]));
  if (wanted.size === 0) return judged;

  const quotedRoots = new Map<Element, Element | null>();
  const quotedOf = (article: Element) => {
    let quoted = quotedRoots.get(article);
    if (quoted === undefined) quotedRoots.set(article, (quoted = quotedRootOf(article)));
    return quoted;
  };
  // One pass over the page's links to posts: the articles showing each listed post.
  const shown = new Map<string, Element[]>();
  for (const a of root.querySelectorAll(X.statusLink)) {
    const id = parseStatusHref(a.getAttribute('href'))?.postId;
    if (id === undefined || !wanted.has(id)) continue;
    const article = a.closest(X.article);
    if (!article) {
      if (a.querySelector(X.time) && !shown.has(id)) judged.set(id, ['post']);
    } else if (!isInQuoted(a, quotedOf(article))) {
      const list = shown.get(id);
      if (!list) shown.set(id, [article]);
      else if (!list.includes(article)) list.push(article);
    }
  }

  for (const [id, articles] of shown) {
    const post = wanted.get(id) as ListedPost;
    judged.set(id, []);
    // One selector for every post (a selector naming each id would be parsed anew for each).
    if (articles.some((article) => article.querySelector(HOST)?.getAttribute(POST_ATTR) === id)) continue;
    // Its own article: the one whose own link names this post, or names none (a link to it inside
    // another post's article, outside a quoted block the reader knows, does not make that article its).
    let article: Element | undefined;
    let quoted: Element | null = null;
    let postId: string | null = null;
    for (const candidate of articles) {
      quoted = quotedOf(candidate);
      postId = postIdOf(candidate, quoted);
      if (postId === null || postId === id) {
        article = candidate;
        break;
      }
    }
    if (!article) continue;
    const lacks: XDataPart[] = [];
    if (!postCarriesTag(article, matcher, quoted)) {
      const texts = textElementsOf(article, quoted);
      const text = post.taggedIn === 'quoted' ? texts.quoted : (texts.own ?? articleTextElementsOf(article, quoted)[0] ?? null);
      if (text === null) lacks.push('text');
      else if ((post.long && post.taggedIn === 'own') || article.querySelector(X.showMore)) continue;
      else lacks.push('tag');
    }
    if (postId === null) lacks.push('link');
    if (actionBarOf(article, quoted) === null) lacks.push('actionBar');
    judged.set(id, lacks);
  }
  return judged;
}

/** The counts of what each post lacked (posts that lacked nothing are not counted). */
export function summariseXData(lacks: Iterable<readonly XDataPart[]>): XDataHealth {
  const missing: XDataMissing = { post: 0, text: 0, tag: 0, link: 0, actionBar: 0 };
  let unreadable = 0;
  for (const parts of lacks) {
    if (parts.length > 0) unreadable++;
    for (const part of parts) missing[part]++;
  }
  return { unreadable, missing };
}

/** Counts the tagged posts `root` shows now that X's data lists and that have no button, and what each lacked. */
export function checkXDataHealth(root: ParentNode, posts: readonly ListedPost[], matcher: TagMatcher): XDataHealth {
  return summariseXData(judgeXDataPosts(root, posts, matcher).values());
}

/**
 * The check as the content script runs it: the tracked tags set by the settings, the list asked for at
 * each run. What it found of each post is kept until the post is judged again, so a post scrolled out
 * of X's window is still counted (as the injector's counts are); a post that later gets its button is
 * no longer counted. At most 1,000 posts are remembered, the oldest forgotten first.
 */
export interface XDataCheck {
  /** The tracked tags, or null while the buttons are hidden (then nothing is checked). */
  use(tags: readonly string[] | null): void;
  /** The counts now; undefined while the buttons are hidden or no tag is tracked, or when the main world does not answer. */
  run(): XDataHealth | undefined;
}

export function createXDataCheck(root: ParentNode, list: () => readonly ListedPost[] | undefined): XDataCheck {
  let matcher: TagMatcher | null = null;
  const found = new Map<string, XDataPart[]>();
  return {
    use(tags) {
      matcher = tags ? createTagMatcher(tags) : null;
      found.clear();
    },
    run() {
      if (!matcher || matcher.tags.length === 0) return undefined;
      const posts = list();
      if (!posts) return undefined;
      for (const [id, lacks] of judgeXDataPosts(root, posts, matcher)) {
        found.delete(id);
        if (lacks.length > 0) found.set(id, lacks);
      }
      for (const id of found.keys()) {
        if (found.size <= 1000) break;
        found.delete(id);
      }
      return summariseXData(found.values());
    },
  };
}
