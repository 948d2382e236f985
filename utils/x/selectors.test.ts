import { beforeEach, describe, expect, it } from 'vitest';
import { renderPost, samplePosts } from '@/tests/fixtures/x/posts.mjs';
import { REAL_PAGES, loadRealPage, realFixturesAvailable, realPageNames } from '@/tests/fixtures/x/real.mjs';
import { X, actionBarOf, isInjected, parseStatusHref, permalinkAnchorOf, postIdOf, quotedRootOf, textElementsOf } from './selectors';

/** The first post of an HTML page or fragment, parsed as a browser would. */
function firstArticle(html: string): Element {
  const article = new DOMParser().parseFromString(html, 'text/html').querySelector(X.article);
  if (!article) throw new Error('no article in this page');
  return article;
}

function render(post: Parameters<typeof renderPost>[0]): Element {
  document.body.innerHTML = renderPost(post);
  return document.querySelector(X.article)!;
}

const haveReal = realFixturesAvailable();

describe('parseStatusHref', () => {
  it.each([
    ['/TestQuoter/status/1983130065320780162', { handle: 'TestQuoter', postId: '1983130065320780162' }],
    ['/arscontexta/status/2013045749580259680/analytics', { handle: 'arscontexta', postId: '2013045749580259680' }],
    ['/OriginalAuthor/status/1983129251856470493/photo/1', { handle: 'OriginalAuthor', postId: '1983129251856470493' }],
    ['https://x.com/ExampleBoroCncl/status/1846201234571994304?s=20', { handle: 'ExampleBoroCncl', postId: '1846201234571994304' }],
    ['https://mobile.twitter.com/ExampleBoroCncl/status/1846201234571994304#m', { handle: 'ExampleBoroCncl', postId: '1846201234571994304' }],
    ['/i/web/status/1846201234571994304', { postId: '1846201234571994304' }],
    ['/i/status/1846201234571994304', { postId: '1846201234571994304' }],
  ])('%s', (href, expected) => {
    expect(parseStatusHref(href)).toEqual(expected);
  });

  it.each([null, '', '/ExampleBoroCncl', '/hashtag/lgadigital?src=hashtag_click', '/a/status/', '/a/status/12x', 'https://example.com/a/status/1', 'https://t.co/abc', 'javascript:alert(1)', 'https://x.com:bad/a/status/1'])(
    'reads no post from %s',
    (href) => {
      expect(parseStatusHref(href)).toBeNull();
    },
  );
});

describe.skipIf(!haveReal)("X's saved pages", () => {
  it('covers every saved page in the shared folder', () => {
    expect(realPageNames()).toEqual(Object.values(REAL_PAGES).sort());
  });

  it('a focal post with a link card: id, permalink, bar, text; nothing quoted', () => {
    const article = firstArticle(loadRealPage('sample'));
    expect(postIdOf(article)).toBe('1981398750557065646');
    expect(permalinkAnchorOf(article)?.getAttribute('href')).toBe('/TestUser123/status/1981398750557065646');
    expect(actionBarOf(article)?.getAttribute('aria-label')).toBe('48 replies, 152 reposts, 553 likes, 9 bookmarks, 30142 views');
    // The affiliate badge in the header is a div[role=link] too, but it is no quoted post.
    expect(article.querySelector(`${X.userName} ${X.quotedCandidate}`)).not.toBeNull();
    expect(quotedRootOf(article)).toBeNull();
    const { own, quoted } = textElementsOf(article);
    expect(own?.textContent).toBe("Democrat Shutdown Jeopardizes America's Skies");
    expect(quoted).toBeNull();
  });

  it('a quote post: its own bar and text apart from the quoted post’s', () => {
    const article = firstArticle(loadRealPage('quote'));
    expect(postIdOf(article)).toBe('1983130065320780162');
    const root = quotedRootOf(article)!;
    expect(root.matches('div[role="link"][tabindex="0"]')).toBe(true);
    expect(root.querySelector(X.userName)?.textContent).toContain('@OriginalAuthor');
    const bar = actionBarOf(article)!;
    expect(bar.getAttribute('aria-label')).toBe('2534 replies, 4483 reposts, 25616 likes, 797 bookmarks, 2596467 views');
    expect(root.contains(bar)).toBe(false);
    const { own, quoted } = textElementsOf(article);
    expect(own?.textContent).toBe('This is a quote tweet with additional commentary');
    expect(quoted?.textContent).toBe('This is the original quoted tweet content that provides important context and information for the conversation');
    expect(root.contains(quoted)).toBe(true);
    // The quoted post's photo links to its own status; the post's id still comes from its time link.
    expect(root.querySelector(X.statusLink)?.getAttribute('href')).toBe('/OriginalAuthor/status/1983129251856470493/photo/1');
  });

  it('a quote post with a video, whose saved markup leaves the quoted block unclosed', () => {
    const article = firstArticle(loadRealPage('quoteVideo'));
    expect(postIdOf(article)).toBe('1983128852952998358');
    const root = quotedRootOf(article)!;
    expect(root.querySelector(X.userName)?.textContent).toContain('@OriginalPoster');
    // The hand-edited page has unbalanced divs: the quoted block swallows the post's own action bar.
    // X never puts an action bar in a quoted post, so that bar is still the post's.
    const bar = actionBarOf(article)!;
    expect(bar.getAttribute('aria-label')).toBe('972 replies, 2370 reposts, 11313 likes, 732 bookmarks, 2195266 views');
    expect(root.contains(bar)).toBe(true);
    const { own, quoted } = textElementsOf(article);
    expect(own?.textContent).toBe('How to share Example.com links');
    expect(quoted?.textContent).toBe('How to share Example.com links?\n\nTap any heading, hit the link icon, and your link is copied instantly.');
  });

  it('an X Article page: the post has no tweetText, two bars and its time link at the bottom', () => {
    const doc = new DOMParser().parseFromString(loadRealPage('article'), 'text/html');
    const articles = doc.querySelectorAll(X.article);
    expect(articles).toHaveLength(1);
    const article = articles[0]!;
    expect(postIdOf(article)).toBe('2013045749580259680');
    expect(permalinkAnchorOf(article)?.getAttribute('href')).toBe('/arscontexta/status/2013045749580259680');
    const bars = article.querySelectorAll(X.actionBar);
    expect(bars).toHaveLength(2);
    expect(actionBarOf(article)).toBe(bars[1]);
    expect(quotedRootOf(article)).toBeNull();
    expect(textElementsOf(article)).toEqual({ own: null, quoted: null });
    // Another extension's buttons sit in the header; they are no post of X's.
    expect(article.querySelector('#plasmo-buttons')).not.toBeNull();
    // The sidebar's trends (with hashtags) are outside any article.
    expect(doc.querySelector('[data-testid="trend"]')?.closest(X.article)).toBeNull();
  });

  it('every post on every saved page has an id and an action bar', () => {
    for (const name of realPageNames()) {
      const doc = new DOMParser().parseFromString(loadRealPage(name), 'text/html');
      for (const article of doc.querySelectorAll(X.article)) {
        expect(postIdOf(article), name).toMatch(/^\d{19}$/);
        expect(actionBarOf(article), name).not.toBeNull();
      }
    }
  });

  it('ignores our own injected nodes, even in the action bar', () => {
    const article = firstArticle(loadRealPage('quote'));
    const bar = actionBarOf(article)!;
    bar.insertAdjacentHTML(
      'beforeend',
      '<div data-lga-host><div role="group"><button data-testid="like" aria-label="1 Likes. Like">1</button></div><div role="link"><div data-testid="User-Name">@Nobody</div><div data-testid="tweetText">#lgadigital</div></div></div>',
    );
    expect(actionBarOf(article)).toBe(bar);
    expect(quotedRootOf(article)?.querySelector(X.userName)?.textContent).toContain('@OriginalAuthor');
    expect(textElementsOf(article).own?.textContent).toBe('This is a quote tweet with additional commentary');
    expect(isInjected(bar.querySelector('[data-lga-host] button')!)).toBe(true);
    expect(isInjected(bar)).toBe(false);
  });
});

describe('our X-shaped posts', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it.each(Object.entries(samplePosts))('%s: id, permalink, bar and text', (_name, post) => {
    const article = render(post);
    expect(postIdOf(article)).toBe(post.id);
    expect(parseStatusHref(permalinkAnchorOf(article)?.getAttribute('href'))).toEqual({ handle: post.handle, postId: post.id });
    const bar = actionBarOf(article);
    expect(bar?.matches('[role="group"]')).toBe(true);
    const root = quotedRootOf(article);
    expect(root !== null).toBe(post.quoted !== undefined);
    if (root) expect(root.contains(bar)).toBe(false);
    const { own, quoted } = textElementsOf(article);
    expect(own).not.toBeNull();
    expect(quoted !== null).toBe(post.quoted !== undefined);
    if (quoted) expect(root?.contains(quoted)).toBe(true);
  });

  it('a focal post (post page) has its id from the time link under the text', () => {
    const focal = { ...samplePosts.card, focal: true };
    const article = render(focal);
    expect(article.getAttribute('tabindex')).toBe('-1');
    expect(article.closest(X.cell)).toBeNull();
    expect(postIdOf(article)).toBe(focal.id);
  });

  it('never takes a group inside the quoted post for the post’s own bar', () => {
    const article = render(samplePosts.quotesTagged);
    const own = actionBarOf(article);
    quotedRootOf(article)!.insertAdjacentHTML('beforeend', '<div role="group"><button data-testid="reply" aria-label="Reply"></button></div>');
    expect(actionBarOf(article)).toBe(own);
  });

  it('reads the id from the views link when the time link is missing', () => {
    const article = render(samplePosts.untagged);
    permalinkAnchorOf(article)!.removeAttribute('href');
    expect(postIdOf(article)).toBe(samplePosts.untagged.id);
    article.querySelector('a[href$="/analytics"]')!.remove();
    expect(postIdOf(article)).toBeNull();
  });
});

/**
 * Each selector paired with what it finds in the first post of each real saved page (sample, quote,
 * quote-video, Article), as refined-github pairs its selectors with expected counts: when X changes its
 * markup, the count that moves names the selector to mend.
 */
const EXPECTED_IN_POST: Array<[keyof typeof X, [number, number, number, number]]> = [
  ['text', [1, 2, 2, 0]],
  ['userName', [1, 2, 2, 1]],
  ['avatar', [1, 2, 2, 1]],
  ['avatarImage', [1, 2, 2, 1]],
  ['quotedCandidate', [1, 1, 1, 0]],
  ['actionBar', [1, 1, 1, 2]],
  ['actionBarButton', [3, 3, 3, 6]],
  ['statusLink', [1, 3, 2, 4]],
  ['time', [1, 2, 2, 1]],
  ['photo', [0, 1, 1, 1]],
  ['videoPlayer', [0, 0, 1, 0]],
  ['video', [0, 0, 1, 0]],
  ['videoSource', [0, 0, 1, 0]],
  ['cardWrapper', [1, 0, 0, 0]],
  ['articleReadView', [0, 0, 0, 1]],
  ['articleTitle', [0, 0, 0, 1]],
  ['articleBody', [0, 0, 0, 1]],
  ['articleBlock', [0, 0, 0, 105]],
  ['articleCode', [0, 0, 0, 4]],
  ['verified', [1, 2, 2, 0]],
  ['labelledControl', [9, 9, 9, 18]],
  ['replyButton', [1, 1, 1, 2]],
  ['repostButton', [1, 1, 1, 2]],
  ['likeButton', [1, 1, 1, 2]],
  ['hashtagLink', [0, 0, 0, 0]],
  ['socialContext', [0, 0, 0, 0]],
  ['showMore', [0, 0, 0, 0]],
  ['cardDetail', [0, 0, 0, 0]],
  ['injected', [0, 0, 0, 0]],
];
/**
 * Selectors read only inside a part found by another (a User-Name's spans, a card's links and lines,
 * a media box's badge, a socialContext's link, the links outside the text): counted page-wide they
 * say nothing, so the extractor's tests on the same pages prove them. `article` and `cell` are counted
 * on the page below.
 */
const READ_IN_CONTEXT: Array<keyof typeof X> = ['article', 'cell', 'userNameParts', 'photoImage', 'mediaBadge', 'cardLink', 'cardLine', 'contextLink', 'internalLink'];

describe.skipIf(!haveReal)('every selector on the real saved pages', () => {
  const pages = ['sample', 'quote', 'quoteVideo', 'article'] as const;
  // Read only when the suite runs: vitest collects a skipped suite's body too.
  const docs = haveReal ? pages.map((p) => new DOMParser().parseFromString(loadRealPage(p), 'text/html')) : [];

  it('accounts for every selector in X', () => {
    expect([...EXPECTED_IN_POST.map(([k]) => k), ...READ_IN_CONTEXT].sort()).toEqual(Object.keys(X).sort());
  });

  it('finds one post on each page, in a timeline cell except on the sample post page', () => {
    expect(docs.map((d) => d.querySelectorAll(X.article).length)).toEqual([1, 1, 1, 1]);
    expect(docs.map((d) => d.querySelectorAll(X.cell).length > 0)).toEqual([false, true, true, true]);
  });

  it.each(EXPECTED_IN_POST)('%s', (key, expected) => {
    expect(docs.map((d) => d.querySelector(X.article)!.querySelectorAll(X[key]).length)).toEqual(expected);
  });
});
