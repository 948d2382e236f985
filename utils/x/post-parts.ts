import { X, isInjected, parseStatusHref, quotedRootOf } from './selectors';

/**
 * The parts of a post the button needs, found with as little reading of the article as the content
 * script can manage (it runs on every post a user scrolls past). Each gives the same answer as its
 * reference in selectors.ts, which post-parts.test.ts checks on our fixtures and X's saved pages.
 */

/** Where the article's quoted post is, found only when asked (finding it searches the whole article). */
export interface QuotedLookup {
  /** quotedRootOf(article), found once. */
  root(): Element | null;
  /** isInQuoted(el, root()): looks for the block only when `el` sits inside some div[role=link] of the article. */
  contains(el: Element): boolean;
}

export function quotedLookup(article: Element, find: (article: Element) => Element | null = quotedRootOf): QuotedLookup {
  let found: Element | null | undefined;
  const root = () => (found === undefined ? (found = find(article)) : found);
  return {
    root,
    contains(el) {
      // The quoted block is a div[role=link] inside the article: what has no such ancestor there is not in it.
      const link = el.closest(X.quotedCandidate);
      if (!link || !article.contains(link)) return false;
      return root()?.contains(el) ?? false;
    },
  };
}

/**
 * The post's own action bar: actionBarOf's answer, looked for from the article's last role=group
 * back, where X puts it, so the groups above it (an X Article's upper bar, the quoted post's) are
 * seldom read.
 */
export function ownActionBarOf(article: Element, quoted: QuotedLookup): Element | null {
  const groups = article.querySelectorAll(X.actionBar);
  let last: Element | null = null; // the last bar of all, for when every bar is inside the quoted block
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (isInjected(g) || !g.querySelector(X.actionBarButton)) continue;
    if (!quoted.contains(g)) return g;
    last ??= g;
  }
  return last;
}

/**
 * The post's id: postIdOf's answer, with the post's action bar already found (its views link names
 * the post when no time link does). The time links are read in page order and the first of the
 * post's own is its permalink, so the search seldom goes past the post's header.
 */
export function postIdWith(article: Element, quoted: QuotedLookup, bar: Element | null): string | null {
  // A live list read item by item, so the search goes only as far as the post's own time (its length
  // would count every time in the article first).
  const times = article.getElementsByTagName(X.time);
  for (let i = 0, time: Element | undefined; (time = times[i]); i++) {
    const a = time.closest('a');
    if (!a || !article.contains(a) || quoted.contains(a) || isInjected(a)) continue;
    const status = parseStatusHref(a.getAttribute('href'));
    if (status) return status.postId;
  }
  return parseStatusHref(bar?.querySelector(X.statusLink)?.getAttribute('href'))?.postId ?? null;
}

/**
 * The first element matching `selector` in `root` after `el` in page order, without a look inside
 * `el`: for parts that never hold one another (posts, their texts). Finding the first with
 * querySelector and the next ones with this reads the nodes before the last one needed, not the
 * whole of `root`.
 */
export function nextAfter(el: Element, root: Element, selector: string): Element | null {
  for (let node: Element | null = el; node && node !== root; node = node.parentElement) {
    for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
      const found = next.matches(selector) ? next : next.querySelector(selector);
      if (found) return found;
    }
  }
  return null;
}
