import { describe, expect, it } from 'vitest';
import { renderTimelinePage, samplePosts } from '@/tests/fixtures/x/posts.mjs';
import { loadRealPage, realFixturesAvailable, realPageNames, withHashtag, withPhotos, withRepost, withShowMore } from '@/tests/fixtures/x/real.mjs';
import { createButtonHost } from './button';
import { nextAfter, ownActionBarOf, postIdWith, quotedLookup } from './post-parts';
import { X, actionBarOf, isInQuoted, postIdOf, quotedRootOf } from './selectors';

/** Every article of a page, each with what selectors.ts says of it and what post-parts.ts says. */
function compare(html: string, name: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const articles = [...doc.querySelectorAll(X.article)];
  expect(articles.length, name).toBeGreaterThan(0);
  for (const article of articles) {
    const quoted = quotedLookup(article);
    const bar = ownActionBarOf(article, quoted);
    expect(bar, name).toBe(actionBarOf(article));
    expect(postIdWith(article, quoted, bar), name).toBe(postIdOf(article));
    expect(quoted.root(), name).toBe(quotedRootOf(article));
    for (const el of article.querySelectorAll('*')) expect(quoted.contains(el)).toBe(isInQuoted(el, quotedRootOf(article)));
  }
  return articles;
}

describe('the content script’s readings of a post give the same answers as selectors.ts', () => {
  it('on every one of our X-shaped posts', () => {
    expect(compare(renderTimelinePage(Object.values(samplePosts)), 'our posts').length).toBe(Object.values(samplePosts).length);
  });

  it('with our own button in the action bar', () => {
    const doc = new DOMParser().parseFromString(renderTimelinePage(Object.values(samplePosts)), 'text/html');
    for (const article of doc.querySelectorAll(X.article)) actionBarOf(article)?.appendChild(createButtonHost(doc, postIdOf(article) ?? '0'));
    compare(doc.documentElement.outerHTML, 'with buttons');
  });

  it('when the action bar is not the last thing in the article, or holds a group of its own', () => {
    // Odd bars X could make: something after the bar, a group inside it (before its buttons), something
    // after the post's last part. The content script's reading must still be the reference's.
    const doc = new DOMParser().parseFromString(renderTimelinePage(Object.values(samplePosts)), 'text/html');
    const articles = [...doc.querySelectorAll(X.article)];
    articles.forEach((article, i) => {
      const bar = actionBarOf(article);
      if (i % 3 === 0) article.append(Object.assign(doc.createElement('div'), { textContent: 'Show replies' }));
      else if (i % 3 === 1 && bar) bar.insertAdjacentHTML('afterbegin', '<div role="group"><div><button data-testid="like"><span>1</span></button></div></div>');
      else article.lastElementChild?.append(Object.assign(doc.createElement('div'), { textContent: 'Promoted' }));
    });
    compare(doc.documentElement.outerHTML, 'bar not last');
  });

  it('when the time link is gone (the views link names the post) and when the action bar is gone', () => {
    const html = renderTimelinePage([samplePosts.taggedLink, samplePosts.quotesTagged]);
    const noTime = html.replace(/<time[^>]*>[^<]*<\/time>/g, '');
    compare(noTime, 'no time');
    compare(html.replace(/role="group"/g, ''), 'no action bar');
    compare(noTime.replace(/role="group"/g, ''), 'neither');
  });

  it.runIf(realFixturesAvailable())('on X’s saved pages and their variants', () => {
    for (const name of realPageNames()) compare(loadRealPage(name), name);
    for (const page of ['sample', 'quote', 'quoteVideo'] as const) {
      const html = loadRealPage(page);
      compare(withHashtag(html), `${page} tagged`);
      compare(withShowMore(html), `${page} show more`);
      compare(withRepost(html, { name: 'A Council', handle: 'ACouncil' }), `${page} repost`);
      compare(withPhotos(html, [{ url: 'https://pbs.twimg.com/media/x.jpg?name=small' }]), `${page} photos`);
    }
    for (const page of ['quote', 'quoteVideo'] as const) compare(withHashtag(loadRealPage(page), { where: 'quoted' }), `${page} quoted tagged`);
  });

  it('nextAfter finds, in page order, every match after an element without looking inside it', () => {
    const doc = new DOMParser().parseFromString(
      '<main><section><p id="a"><i class="m" id="inside"></i></p><div><p id="b"></p></div></section><p id="c"></p><div><div><p id="d"></p></div></div></main><p id="outside"></p>',
      'text/html',
    );
    const root = doc.querySelector('main')!;
    const order: string[] = [];
    for (let el: Element | null = root.querySelector('p'); el; el = nextAfter(el, root, 'p')) order.push(el.id);
    expect(order).toEqual(['a', 'b', 'c', 'd']); // never the one outside root
    expect(nextAfter(doc.getElementById('a')!, root, '.m')).toBeNull(); // a match inside the element is not looked for
    expect(nextAfter(doc.getElementById('d')!, root, 'p')).toBeNull();
  });

  it('finds the quoted block only when an element sits inside a div[role=link] of the article, and once', () => {
    const doc = new DOMParser().parseFromString(renderTimelinePage([samplePosts.taggedLink, samplePosts.quotesTagged]), 'text/html');
    const [plain, quoting] = [...doc.querySelectorAll(X.article)] as [Element, Element];
    let searches = 0;
    const counted = (article: Element) => quotedLookup(article, (a) => (searches++, quotedRootOf(a)));
    const lookup = counted(plain);
    expect(postIdWith(plain, lookup, ownActionBarOf(plain, lookup))).toBe(samplePosts.taggedLink.id);
    expect(searches).toBe(0);
    const quotedText = quoting.querySelectorAll(X.text)[1]!;
    const other = counted(quoting);
    expect(other.contains(quotedText)).toBe(true);
    expect(other.contains(quotedText.parentElement!)).toBe(true);
    expect(searches).toBe(1);
  });
});
