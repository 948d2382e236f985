import { beforeEach, describe, expect, it } from 'vitest';
import { expectedButtons, renderPost, renderTimelinePage, samplePosts } from '@/tests/fixtures/x/posts.mjs';
import { hashtagMarkup, loadRealPage, realFixturesAvailable, withArticleHashtag, withHashtag } from '@/tests/fixtures/x/real.mjs';
import { createTagMatcher, normaliseTag, normaliseTags, postCarriesTag, postCarriesTagLazily, tagFromHref, type TagMatcher } from './match';
import { X, quotedRootOf, textElementsOf } from './selectors';

/**
 * What the content script asks of a post: does its own text or its quoted post's carry a tag? Every
 * case is asked of both postCarriesTag and the lazier reading the content script uses, which must agree.
 */
function carriesTag(article: Element, matcher: TagMatcher): boolean {
  const answer = postCarriesTag(article, matcher);
  expect(postCarriesTagLazily(article, matcher, () => quotedRootOf(article))).toBe(answer);
  return answer;
}

function firstArticle(html: string): Element {
  const article = new DOMParser().parseFromString(html, 'text/html').querySelector(X.article);
  if (!article) throw new Error('no article in this page');
  return article;
}

/** A tweetText holding `html`, as X writes one. */
function tweetText(html: string): Element {
  const div = document.createElement('div');
  div.innerHTML = `<div dir="auto" lang="en" data-testid="tweetText">${html}</div>`;
  return div.firstElementChild!;
}

const matcher = createTagMatcher(['lgadigital']);
const haveReal = realFixturesAvailable();

describe('tag settings', () => {
  it.each([
    ['lgadigital', 'lgadigital'],
    ['#LGAdigital ', 'lgadigital'],
    ['  ＃LGADigital', 'lgadigital'],
    ['#Caerdydd', 'caerdydd'],
    ['#digidol_cymru', 'digidol_cymru'],
  ])('%j is tracked as %j', (raw, tag) => {
    expect(normaliseTag(raw)).toBe(tag);
  });

  it.each(['', '   ', '#', '##lgadigital', 'lga digital', '#lga-digital', 'lgadigital!', '@lgadigital'])('%j is no tag', (raw) => {
    expect(normaliseTag(raw)).toBeNull();
  });

  it('drops duplicates and unusable entries, keeping the order', () => {
    expect(normaliseTags(['#LGAdigital', 'lgadigital', 'bad tag', ' #CommsCymru ', ''])).toEqual(['lgadigital', 'commscymru']);
    expect(createTagMatcher(['#LGADigital', 'lgadigital ']).tags).toEqual(['lgadigital']);
  });

  it('matches nothing when no tag is tracked', () => {
    const none = createTagMatcher(['', '#']);
    expect(none.tags).toEqual([]);
    expect(none.matchesText('#lgadigital')).toBe(false);
    expect(none.matchesTextElement(tweetText(hashtagMarkup('lgadigital', 'link')))).toBe(false);
  });

  it('tracks several tags', () => {
    const two = createTagMatcher(['lgadigital', 'CommsCymru']);
    expect(two.matchesText('Diolch! #commscymru')).toBe(true);
    expect(two.matchesText('#LGAdigital')).toBe(true);
    expect(two.matchesText('#comms')).toBe(false);
  });
});

describe('hashtags in text', () => {
  it.each([
    '#lgadigital',
    '#LGADigital',
    'Top tip #lgadigital',
    '#lgadigital: reply within the hour',
    '(#lgadigital)',
    'Thanks all! #lgadigital.',
    'line one\n#lgadigital',
    '#lgadigital #comms',
    '＃lgadigital',
    '🎉#lgadigital',
  ])('%j matches', (text) => {
    expect(matcher.matchesText(text)).toBe(true);
  });

  it.each([
    'lgadigital',
    'Search lgadigital for the archive',
    '#lgadigital2015',
    '#notlgadigital',
    '#lgadigital_team',
    'example#lgadigital',
    '&#lgadigital',
    '##lgadigital',
    '#lga digital',
    '@lgadigital',
  ])('%j does not match', (text) => {
    expect(matcher.matchesText(text)).toBe(false);
  });
});

describe('hashtag links', () => {
  it.each([
    ['/hashtag/lgadigital?src=hashtag_click', 'lgadigital'],
    ['/hashtag/LGADigital?src=hashtag_click', 'lgadigital'],
    ['https://x.com/hashtag/lgadigital?src=hashtag_click', 'lgadigital'],
    ['https://twitter.com/hashtag/lgadigital', 'lgadigital'],
    ['https://mobile.twitter.com/hashtag/lgadigital', 'lgadigital'],
    ['/hashtag/%6C%67%61digital?src=hashtag_click', 'lgadigital'],
    ['/hashtag/%23lgadigital', 'lgadigital'],
    ['/hashtag/lgadigital?src=hashflag_click', 'lgadigital'],
    ['/hashtag/Caerdydd%C3%A9', 'caerdyddé'],
  ])('%s is the tag %j', (href, tag) => {
    expect(tagFromHref(href)).toBe(tag);
  });

  it.each([null, '', '/lgadigital', '/search?q=%23lgadigital', 'https://example.com/hashtag/lgadigital', '/hashtag/%E0%A4%A'])('%j is no hashtag link', (href) => {
    expect(tagFromHref(href)).toBeNull();
  });
});

describe('tweetText elements', () => {
  it.each([
    ['X’s link', hashtagMarkup('lgadigital', 'link')],
    ['an absolute link', hashtagMarkup('lgadigital', 'absolute')],
    ['a percent-encoded link', hashtagMarkup('lgadigital', 'encoded')],
    ['a link with a hashflag', hashtagMarkup('lgadigital', 'hashflag')],
    ['upper case', hashtagMarkup('LGADigital', 'link')],
    ['plain text', hashtagMarkup('lgadigital', 'text')],
    ['text after an emoji image', '<img alt="🎉" src="https://abs-0.twimg.com/emoji/v2/svg/1f389.svg"><span>#lgadigital</span>'],
    ['text after a line break', '<span>Hello</span><br><span>#lgadigital</span>'],
    ['text just before a line break and a number', '<span>#lgadigital</span><br><span>2015</span>'],
    ['upper-case text beside other hashtags', '<span>#localgov #LGADIGITAL #comms</span>'],
    ['full-width text', '<span>＃lgadigital</span>'],
  ])('matches the tag as %s', (_how, html) => {
    expect(matcher.matchesTextElement(tweetText(`<span>Top tip </span>${html}`))).toBe(true);
  });

  it.each([
    ['#lgadigital2015 as a link', hashtagMarkup('lgadigital2015', 'link')],
    ['#notlgadigital as a link', hashtagMarkup('notlgadigital', 'link')],
    ['#lgadigital2015 as text', hashtagMarkup('lgadigital2015', 'text')],
    ['lgadigital without #', hashtagMarkup('lgadigital', 'word')],
    ['a URL fragment', '<a dir="ltr" href="https://t.co/gu1d3l1nk" role="link"><span aria-hidden="true">https://</span>example.gov.uk/chat/#lgadigi<span aria-hidden="true">tal</span><span aria-hidden="true">…</span></a>'],
    ['a mention', '<div><span><a dir="ltr" href="/lgadigital" role="link">@lgadigital</a></span></div>'],
    ['a word glued to the tag', '<span>Hello#lgadigital</span>'],
    ['other hashtags only, as text', '<span>#localgov #digital #lga</span>'],
    ['the tag split by a line break', '<span>#lga</span><br><span>digital</span>'],
  ])('does not match %s', (_how, html) => {
    expect(matcher.matchesTextElement(tweetText(`<span>Top tip </span>${html}`))).toBe(false);
  });

  it('ignores our own injected nodes', () => {
    expect(matcher.matchesTextElement(tweetText('<span>Hello </span><span data-lga-host>#lgadigital</span>'))).toBe(false);
  });
});

describe.skipIf(!haveReal)('X’s saved pages with a hashtag inserted', () => {
  const pages = ['sample', 'quote', 'quoteVideo'] as const;
  const forms = ['link', 'absolute', 'encoded', 'hashflag', 'text'] as const;

  it.each(pages)('%s as saved carries no tag', (page) => {
    expect(carriesTag(firstArticle(loadRealPage(page)), matcher)).toBe(false);
  });

  for (const page of pages) {
    it.each(forms)(`${page}: #lgadigital in the post's own text as %s matches`, (form) => {
      const article = firstArticle(withHashtag(loadRealPage(page), { form }));
      expect(textElementsOf(article).own?.textContent).toMatch(/ #lgadigital$/);
      expect(carriesTag(article, matcher)).toBe(true);
    });
  }

  for (const page of ['quote', 'quoteVideo'] as const) {
    it.each(forms)(`${page}: #lgadigital in the quoted post's text as %s matches`, (form) => {
      const article = firstArticle(withHashtag(loadRealPage(page), { where: 'quoted', form }));
      const { own, quoted } = textElementsOf(article);
      expect(quoted?.textContent).toMatch(/ #lgadigital$/);
      expect(matcher.matchesTextElement(own!)).toBe(false);
      expect(carriesTag(article, matcher)).toBe(true);
    });
  }

  it.each(pages)('%s: upper case #LGADigital at the start matches', (page) => {
    expect(carriesTag(firstArticle(withHashtag(loadRealPage(page), { tag: 'LGADigital', position: 'start' })), matcher)).toBe(true);
  });

  for (const page of pages) {
    it.each([
      ['#lgadigital2015', { tag: 'lgadigital2015' }],
      ['#lgadigital2015 as text', { tag: 'lgadigital2015', form: 'text' }],
      ['#notlgadigital', { tag: 'notlgadigital' }],
      ['#notlgadigital as text', { tag: 'notlgadigital', form: 'text' }],
      ['lgadigital without #', { form: 'word' }],
    ] as const)(`${page}: %s does not match`, (_what, options) => {
      expect(carriesTag(firstArticle(withHashtag(loadRealPage(page), options)), matcher)).toBe(false);
    });
  }

  it('quote posts: lgadigital without # in the quoted text does not match', () => {
    expect(carriesTag(firstArticle(withHashtag(loadRealPage('quote'), { where: 'quoted', form: 'word' })), matcher)).toBe(false);
  });

  it('the X Article page has no tweetText: as saved it carries no tag, and withHashtag cannot make a variant', () => {
    const article = firstArticle(loadRealPage('article'));
    expect(carriesTag(article, matcher)).toBe(false);
    expect(() => withHashtag(loadRealPage('article'))).toThrow(/no own tweetText/);
    // Its sidebar shows trending hashtags: they are outside any post.
    expect(carriesTag(article, createTagMatcher(['StarRailPostOutForDelivery']))).toBe(false);
  });

  it.each([
    ['a link in its body', { form: 'link' }],
    ['plain text in its body', { form: 'text' }],
    ['an encoded link in its title', { form: 'encoded', where: 'title' }],
    ['any case', { form: 'link', tag: 'LGADigital' }],
  ] as const)('an X Article carries the tag as %s', (_what, options) => {
    expect(carriesTag(firstArticle(withArticleHashtag(loadRealPage('article'), options)), matcher)).toBe(true);
  });

  it.each([
    ['#lgadigital2015', { tag: 'lgadigital2015' }],
    ['lgadigital without #', { form: 'word' }],
  ] as const)('an X Article with %s does not carry the tag', (_what, options) => {
    expect(carriesTag(firstArticle(withArticleHashtag(loadRealPage('article'), options)), matcher)).toBe(false);
  });

  it('withHashtag leaves the saved page itself unchanged', () => {
    const before = loadRealPage('quote');
    withHashtag(before, { where: 'quoted' });
    expect(loadRealPage('quote')).toBe(before);
    expect(before).not.toContain('lgadigital');
  });
});

describe('our X-shaped posts', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it.each(Object.entries(samplePosts))('%s', (_name, post) => {
    document.body.innerHTML = renderPost(post);
    expect(carriesTag(document.querySelector(X.article)!, matcher)).toBe(post.tagged);
  });

  it('a quoted post’s hashtags are plain text, as X writes them, and still match', () => {
    document.body.innerHTML = renderPost(samplePosts.quotesTagged);
    const { own, quoted } = textElementsOf(document.querySelector(X.article)!);
    expect(quoted?.querySelector(X.hashtagLink)).toBeNull();
    expect(quoted?.textContent).toContain('#lgadigital');
    expect(matcher.matchesTextElement(own!)).toBe(false);
    expect(matcher.matchesTextElement(quoted!)).toBe(true);
  });

  it('on a whole timeline page, exactly the tagged posts match (the sidebar’s trend does not)', () => {
    const doc = new DOMParser().parseFromString(renderTimelinePage(Object.values(samplePosts)), 'text/html');
    const tagged = [...doc.querySelectorAll(X.article)].filter((a) => carriesTag(a, matcher));
    expect(tagged.map((a) => a.querySelector('time')?.closest('a')?.getAttribute('href')?.split('/').pop())).toEqual(expectedButtons);
    expect(expectedButtons.length).toBeGreaterThan(10);
  });
});

describe('the lazy reading finds the quoted block only when the answer depends on it', () => {
  const quoteOf = (own: string, quoted: string) =>
    `<article data-testid="tweet"><div data-testid="User-Name"><a href="/a/status/1"><time>1h</time></a></div>${own}<div role="link"><div data-testid="User-Name">Quoted</div><div data-testid="tweetText">${quoted}</div></div></article>`;
  const cases: Array<[string, string, boolean, boolean]> = [
    // what, article, tagged, whether the quoted block had to be found
    ['the tag in the post’s own text', quoteOf('<div data-testid="tweetText">Look #lgadigital</div>', 'Nothing here'), true, false],
    ['no tag anywhere', quoteOf('<div data-testid="tweetText">Look</div>', 'Nothing here'), false, false],
    ['the tag in the quoted text only', quoteOf('<div data-testid="tweetText">Look</div>', 'Roadworks #lgadigital'), true, true],
    ['a quote with no text of its own, tagged in the quoted text', quoteOf('', 'Roadworks #lgadigital'), true, false],
    ['a quote with no text of its own and no tag', quoteOf('', 'Roadworks'), false, true],
    ['a second text of the post’s own', quoteOf('<div data-testid="tweetText">Look</div><div data-testid="tweetText">#lgadigital</div>', 'Nothing'), false, true],
  ];
  it.each(cases)('%s', (_what, html, tagged, asked) => {
    const article = new DOMParser().parseFromString(html, 'text/html').querySelector(X.article)!;
    let found = 0;
    expect(postCarriesTagLazily(article, matcher, () => (found++, quotedRootOf(article)))).toBe(tagged);
    expect(postCarriesTag(article, matcher)).toBe(tagged);
    expect(found > 0).toBe(asked);
  });
});
