import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { postFromGraphQL, renderPost, samplePosts, tweetResultsIn, type Part, type Post } from '@/tests/fixtures/x/posts.mjs';
import { graphqlAvailable, graphqlNames, loadGraphQL, loadRealPage, realFixturesAvailable, realPageNames, withHashtag } from '@/tests/fixtures/x/real.mjs';
import { PostSnapshotSchema, type Media, type PostSnapshot } from '@/utils/snapshot';
import { extractPost, originalPhotoUrl, type ExtractContext } from '.';
import { X } from '../selectors';

/**
 * extractPost on X's own saved pages (and variants with a hashtag inserted), on every sample post of
 * our X-shaped fixtures, and on real posts from X's GraphQL responses drawn as X draws them. Every
 * snapshot must pass the schema the background enforces; the values checked are the ones a reader of
 * the guide would notice: exact text, names, addresses, times and counts.
 */

const ctx: ExtractContext = { pageUrl: 'https://x.com/home', capturedAt: '2026-11-24T10:00:00.000Z', extensionVersion: '0.1.0' };
const fromCtx = { capturedAt: ctx.capturedAt, pageUrl: ctx.pageUrl, extensionVersion: ctx.extensionVersion };

/** Extracts and validates, failing the test with the reason when extraction fails. */
function snapshotOf(article: Element, context: ExtractContext = ctx): PostSnapshot {
  const result = extractPost(article, context);
  if (!result.ok) throw new Error(`not extracted: ${result.reason}`);
  return v.parse(PostSnapshotSchema, result.snapshot);
}

function firstArticle(html: string): Element {
  const article = new DOMParser().parseFromString(html, 'text/html').querySelector(X.article);
  if (!article) throw new Error('no article in this page');
  return article;
}

function rendered(post: Post): Element {
  document.body.innerHTML = renderPost(post);
  return document.querySelector(X.article)!;
}

const haveReal = realFixturesAvailable();
const haveGraphQL = graphqlAvailable();

// --- X's saved pages ---------------------------------------------------------------------------

describe.skipIf(!haveReal)("X's saved pages", () => {
  it('a focal post with a link card', () => {
    expect(snapshotOf(firstArticle(loadRealPage('sample')))).toEqual({
      schema: 1,
      postId: '1981398750557065646',
      permalink: 'https://x.com/TestUser123/status/1981398750557065646',
      author: { name: 'Test User Account', handle: 'TestUser123', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/placeholder/avatar_placeholder.jpg' },
      text: "Democrat Shutdown Jeopardizes America's Skies",
      entities: { links: [], mentions: [], hashtags: [] },
      lang: 'en',
      postedAt: '2025-10-23T16:34:09.000Z',
      media: [],
      card: { url: 'https://t.co/xYHSw5Tm00', title: "Democrat Shutdown Jeopardizes America's Skies", domain: 'whitehouse.gov' },
      counts: { replies: 48, reposts: 152, likes: 553, bookmarks: 9, views: 30142 },
      truncated: false,
      ...fromCtx,
    });
  });

  it('a quote post whose quoted post has a photo', () => {
    expect(snapshotOf(firstArticle(loadRealPage('quote')))).toEqual({
      schema: 1,
      postId: '1983130065320780162',
      permalink: 'https://x.com/TestQuoter/status/1983130065320780162',
      author: { name: 'Test Quoter', handle: 'TestQuoter', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/placeholder/quoter_avatar.jpg' },
      text: 'This is a quote tweet with additional commentary',
      entities: { links: [], mentions: [], hashtags: [] },
      lang: 'en',
      postedAt: '2025-10-28T11:13:47.000Z',
      media: [],
      quoted: {
        postId: '1983129251856470493',
        permalink: 'https://x.com/OriginalAuthor/status/1983129251856470493',
        author: { name: 'Original Author', handle: 'OriginalAuthor', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/placeholder/original_avatar.jpg' },
        text: 'This is the original quoted tweet content that provides important context and information for the conversation',
        entities: { links: [], mentions: [], hashtags: [] },
        lang: 'en',
        postedAt: '2025-10-28T11:10:33.000Z',
        // X's alt="Image" means no description.
        media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/placeholder_image.jpg?name=orig' }],
        truncated: false,
      },
      counts: { replies: 2534, reposts: 4483, likes: 25616, bookmarks: 797, views: 2596467 },
      truncated: false,
      ...fromCtx,
    });
  });

  it('a quote post with a t.co link, whose quoted post has a video (and no link to itself)', () => {
    expect(snapshotOf(firstArticle(loadRealPage('quoteVideo')))).toEqual({
      schema: 1,
      postId: '1983128852952998358',
      permalink: 'https://x.com/QuotingUser/status/1983128852952998358',
      author: { name: 'Quoting User', handle: 'QuotingUser', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/placeholder/quoting_user_avatar.jpg' },
      text: 'How to share Example.com links',
      entities: { links: [{ text: 'Example.com', url: 'https://t.co/placeholder', expandedUrl: 'https://Example.com' }], mentions: [], hashtags: [] },
      lang: 'en',
      postedAt: '2025-10-28T11:08:57.000Z',
      media: [],
      quoted: {
        author: { name: 'Original Poster', handle: 'OriginalPoster', verified: true, avatarUrl: 'https://pbs.twimg.com/profile_images/placeholder/original_poster_avatar.jpg' },
        text: 'How to share Example.com links?\n\nTap any heading, hit the link icon, and your link is copied instantly.',
        entities: { links: [], mentions: [], hashtags: [] },
        lang: 'en',
        postedAt: '2025-10-28T07:15:53.000Z',
        // The video streams from a blob: address, so only its poster is kept.
        media: [{ type: 'video', posterUrl: 'https://pbs.twimg.com/amplify_video_thumb/placeholder/video_poster.jpg' }],
        truncated: false,
      },
      counts: { replies: 972, reposts: 2370, likes: 11313, bookmarks: 732, views: 2195266 },
      truncated: false,
      ...fromCtx,
    });
  });

  it('an X Article: title and body as text, cover photo, both bars’ counts; another extension’s nodes ignored', () => {
    const s = snapshotOf(firstArticle(loadRealPage('article')), { ...ctx, pageUrl: 'https://x.com/arscontexta/status/2013045749580259680' });
    expect(s).toMatchObject({
      postId: '2013045749580259680',
      permalink: 'https://x.com/arscontexta/status/2013045749580259680',
      author: { name: 'Heinrich', handle: 'arscontexta', verified: false, avatarUrl: 'https://pbs.twimg.com/profile_images/2012958446891536384/neq1Tu46_x96.jpg' },
      postedAt: '2026-01-19T00:28:01.000Z',
      media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/G-_GGKzXkAAHz_w?format=jpg&name=orig' }],
      // "Liked" and the bookmarked state sit among the numbers in the bar's label.
      counts: { replies: 76, reposts: 234, likes: 2378, bookmarks: 8190, views: 1122900 },
      isArticle: true,
      truncated: false,
      pageUrl: 'https://x.com/arscontexta/status/2013045749580259680',
    });
    expect(s.lang).toBeUndefined();
    expect(s.text.startsWith('obsidian + claude code 101\n\nive spent the last year building an operating system for thinking with ai. claude code runs my obsidian vaults\nit extracts the key concepts')).toBe(true);
    // Headings, list items and code blocks are lines of their own; a code block keeps its layout.
    expect(s.text).toContain('\nknowledge = code?\n');
    expect(s.text).toContain('\nmarkdown files with links that any ai can read\na CLAUDE.md file that teaches the agent your specific system\n');
    expect(s.text).toContain('\nmy-vault/\n├── 00_inbox/           # capture zone, zero friction\n');
    expect(s.text).not.toContain('Copy to clipboard');
    expect(s.text.endsWith('heinrich')).toBe(true);
    expect(s.text.length).toBeGreaterThan(9000);
    // The code block's comments ("# capture zone") are no hashtags.
    expect(s.entities).toEqual({ links: [], mentions: [], hashtags: [] });
  });

  it('every post on every saved page gives a valid snapshot', () => {
    for (const name of realPageNames()) {
      const doc = new DOMParser().parseFromString(loadRealPage(name), 'text/html');
      for (const article of doc.querySelectorAll(X.article)) expect(() => snapshotOf(article), name).not.toThrow();
    }
  });

  describe('with #lgadigital inserted', () => {
    it.each(['sample', 'quote', 'quoteVideo'] as const)('%s: as X’s link in the post’s own text', (page) => {
      const plain = snapshotOf(firstArticle(loadRealPage(page)));
      const s = snapshotOf(firstArticle(withHashtag(loadRealPage(page))));
      expect(s.text).toBe(`${plain.text} #lgadigital`);
      expect(s.entities.hashtags).toEqual(['lgadigital']);
      expect(s.entities.links).toEqual(plain.entities.links);
      expect({ ...s, text: plain.text, entities: plain.entities }).toEqual(plain);
    });

    it.each(['absolute', 'encoded', 'hashflag'] as const)('as %s: the same text (a hashflag image adds nothing)', (form) => {
      const s = snapshotOf(firstArticle(withHashtag(loadRealPage('quote'), { form, tag: 'LGADigital' })));
      expect(s.text).toBe('This is a quote tweet with additional commentary #LGADigital');
      expect(s.entities.hashtags).toEqual(['LGADigital']);
    });

    it.each(['quote', 'quoteVideo'] as const)('%s: as plain text in the quoted post, which keeps it', (page) => {
      const plain = snapshotOf(firstArticle(loadRealPage(page)));
      const s = snapshotOf(firstArticle(withHashtag(loadRealPage(page), { where: 'quoted', form: 'text' })));
      expect(s.text).toBe(plain.text);
      expect(s.entities.hashtags).toEqual([]);
      expect(s.quoted?.text).toBe(`${plain.quoted?.text} #lgadigital`);
      expect(s.quoted?.entities.hashtags).toEqual(['lgadigital']);
    });

    it('#lgadigital2015 and #notlgadigital are other hashtags; lgadigital without # none', () => {
      expect(snapshotOf(firstArticle(withHashtag(loadRealPage('sample'), { tag: 'lgadigital2015' }))).entities.hashtags).toEqual(['lgadigital2015']);
      expect(snapshotOf(firstArticle(withHashtag(loadRealPage('sample'), { tag: 'notlgadigital', form: 'text' }))).entities.hashtags).toEqual(['notlgadigital']);
      const word = snapshotOf(firstArticle(withHashtag(loadRealPage('sample'), { form: 'word' })));
      expect(word.text).toBe("Democrat Shutdown Jeopardizes America's Skies lgadigital");
      expect(word.entities.hashtags).toEqual([]);
    });
  });

  it('reads counts from the buttons when the bar has no summary (a timeline’s bookmark button shows none)', () => {
    const article = firstArticle(loadRealPage('quote'));
    article.querySelector(X.actionBar)!.removeAttribute('aria-label');
    expect(snapshotOf(article).counts).toEqual({ replies: 2534, reposts: 4483, likes: 25616, views: 2596467 });
  });

  it.each(['sample', 'quote', 'quoteVideo', 'article'] as const)('%s: our own button in the action bar changes nothing', (page) => {
    const article = firstArticle(loadRealPage(page));
    const before = snapshotOf(article);
    const bars = article.querySelectorAll(X.actionBar);
    bars[bars.length - 1]!.insertAdjacentHTML(
      'beforeend',
      '<div data-lga-host="" data-lga-post="1"><button class="lga-btn" aria-label="Send to LGA guide">Send to LGA guide <img alt="📘"> 99 likes</button><a href="/Nobody">@Nobody</a><time datetime="2000-01-01T00:00:00Z">old</time></div>',
    );
    expect(snapshotOf(article)).toEqual(before);
  });
});

// --- our X-shaped sample posts -----------------------------------------------------------------

/** The text X shows for these parts (a quoted post shows the same words, unlinked). */
function shownText(parts: Part[]): string {
  return parts
    .map((p) => ('text' in p ? p.text : 'hashtag' in p ? `#${p.hashtag}` : 'mention' in p ? `@${p.mention}` : 'url' in p ? p.display : p.emoji))
    .join('')
    .trim();
}

function expectedMedia(post: Post): Media[] {
  const items = post.media ?? [
    ...(post.photos ?? []).map((p) => ({ type: 'photo' as const, ...p })),
    ...(post.video ? [{ type: 'video' as const, ...post.video }] : []),
    ...(post.gif ? [{ type: 'gif' as const, ...post.gif }] : []),
  ];
  return items.map((m): Media => {
    const alt = m.alt ? { altText: m.alt } : {};
    if (m.type === 'photo') return { type: 'photo', url: m.url.replace(/([?&]name=)[^&]*/, '$1orig'), ...alt };
    if (m.type === 'video') return { type: 'video', posterUrl: m.poster, ...alt };
    return { type: 'gif', posterUrl: m.poster, ...(m.src.startsWith('https://') ? { videoUrl: m.src } : {}), ...alt };
  });
}

/** X leaves zeros out of the bar's label; a timeline's bookmark button never shows its count; views are never guessed. */
function expectedCounts(post: Post): PostSnapshot['counts'] {
  const c = { replies: 0, reposts: 0, likes: 0, bookmarks: 0, views: 0, ...post.counts };
  const summary = Object.values(c).some((n) => n > 0);
  return {
    replies: c.replies,
    reposts: c.reposts,
    likes: c.likes,
    ...(c.bookmarks > 0 || summary ? { bookmarks: c.bookmarks } : {}),
    ...(c.views > 0 ? { views: c.views } : {}),
  };
}

/** What a snapshot of `post`, drawn by renderPost, must hold. */
function expectedOf(post: Post) {
  const quoted = post.quoted;
  const quotedLinked = quoted && expectedMedia(quoted).some((m) => m.type === 'photo');
  return {
    postId: post.id,
    permalink: `https://x.com/${post.handle}/status/${post.id}`,
    author: { name: post.name, handle: post.handle, verified: Boolean(post.verified) },
    text: shownText(post.parts),
    // X draws no tweetText for a post without text (media only), and so no language.
    ...(post.parts.length > 0 && post.lang ? { lang: post.lang } : {}),
    postedAt: new Date(post.postedAt).toISOString(),
    media: expectedMedia(post),
    counts: expectedCounts(post),
    truncated: Boolean(post.truncated),
    ...(post.card ? { card: { url: post.card.url, title: post.card.title, domain: post.card.domain } } : {}),
    ...(post.repostedBy ? { repostedBy: post.repostedBy } : {}),
    ...(post.replyTo?.length ? { replyTo: { handles: post.replyTo } } : {}),
    ...(quoted
      ? {
          quoted: {
            ...(quotedLinked ? { postId: quoted.id, permalink: `https://x.com/${quoted.handle}/status/${quoted.id}` } : {}),
            author: { name: quoted.name, handle: quoted.handle, verified: Boolean(quoted.verified) },
            text: shownText(quoted.parts),
            media: expectedMedia(quoted),
            truncated: Boolean(quoted.truncated),
          },
        }
      : {}),
  };
}

/** Hashtags, mentions and links as the parts declare them (plain-text ones are read from the text too). */
function expectedEntities(parts: Part[]) {
  const unique = (list: string[]) => list.filter((t, i) => list.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i);
  const words = parts.flatMap((p) => ('text' in p ? [p.text] : []));
  return {
    hashtags: unique([
      ...parts.flatMap((p) => ('hashtag' in p ? [p.hashtag] : [])),
      // "#4" is no hashtag: X wants a letter or "_" in one.
      ...words.flatMap((t) => [...t.matchAll(/(?:^|\s)#(\w*[A-Za-z_]\w*)/g)].map((m) => m[1]!)),
    ]),
    mentions: unique(parts.flatMap((p) => ('mention' in p ? [p.mention] : []))),
    links: parts.flatMap((p) => ('url' in p ? [{ text: p.display, url: p.url }] : [])),
  };
}

describe('our X-shaped sample posts', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it.each(Object.entries(samplePosts))('%s: a valid snapshot of what the post shows', (_name, post) => {
    const s = snapshotOf(rendered(post));
    const expected = expectedOf(post);
    expect(s).toMatchObject({ ...expected, ...fromCtx, schema: 1 });
    expect(s.media).toEqual(expected.media);
    expect(s.counts).toEqual(expected.counts);
    if (!post.repostedBy) expect(s.repostedBy).toBeUndefined();
    if (!post.replyTo) expect(s.replyTo).toBeUndefined();
    if (!post.quoted) expect(s.quoted).toBeUndefined();
    const entities = expectedEntities(post.parts);
    expect(s.entities.hashtags).toEqual(entities.hashtags);
    expect(s.entities.mentions).toEqual(entities.mentions);
    expect(s.entities.links.map(({ text, url }) => ({ text, url }))).toEqual(entities.links);
    expect(s.author.avatarUrl).toMatch(/^https:\/\/pbs\.twimg\.com\/profile_images\//);
  });

  it('a link: the text shows what X shows; the entity keeps the t.co address and the destination', () => {
    const s = snapshotOf(rendered(samplePosts.taggedLink));
    expect(s.text).toBe('Gritters are out tonight on all priority routes. Check your route: example.gov.uk/gritting #lgadigital');
    expect(s.entities.links).toEqual([{ text: 'example.gov.uk/gritting', url: 'https://t.co/gr1tt3r5', expandedUrl: 'https://example.gov.uk/gritting' }]);
  });

  it('a shortened link: "…" shown, the whole address kept from X’s hidden rest', () => {
    const s = snapshotOf(rendered(samplePosts.inUrl));
    expect(s.text).toBe('Our guide to the chat: example.gov.uk/chat/#lgadigi…');
    expect(s.entities.links).toEqual([{ text: 'example.gov.uk/chat/#lgadigi…', url: 'https://t.co/gu1d3l1nk', expandedUrl: 'https://example.gov.uk/chat/#lgadigital' }]);
    expect(s.entities.hashtags).toEqual([]);
  });

  it('four photos: original quality, format kept, alt text; X’s "Image" means none', () => {
    expect(snapshotOf(rendered(samplePosts.fourPhotos)).media).toEqual([
      { type: 'photo', url: 'https://pbs.twimg.com/media/FourA1?format=jpg&name=orig', altText: 'Old play area with broken swings' },
      { type: 'photo', url: 'https://pbs.twimg.com/media/FourA2?format=jpg&name=orig', altText: 'New climbing frame' },
      { type: 'photo', url: 'https://pbs.twimg.com/media/FourA3?format=jpg&name=orig', altText: 'Children on the new swings' },
      { type: 'photo', url: 'https://pbs.twimg.com/media/FourA4?format=png&name=orig', altText: 'Accessible roundabout' },
    ]);
    expect(snapshotOf(rendered(samplePosts.fourPhotosNoAlt)).media).toEqual(
      [1, 2, 3, 4].map((n) => ({ type: 'photo', url: `https://pbs.twimg.com/media/NoAlt${n}?format=jpg&name=orig` })),
    );
  });

  it('a video keeps its poster; a GIF its poster and its real address', () => {
    expect(snapshotOf(rendered(samplePosts.video)).media).toEqual([{ type: 'video', posterUrl: 'https://pbs.twimg.com/amplify_video_thumb/1846/img/recycling.jpg' }]);
    expect(snapshotOf(rendered(samplePosts.gif)).media).toEqual([
      { type: 'gif', posterUrl: 'https://pbs.twimg.com/tweet_video_thumb/Party.jpg', videoUrl: 'https://video.twimg.com/tweet_video/Party.mp4' },
    ]);
  });

  it('a GIF playing from a blob: address keeps only its poster, and its alt text', () => {
    const article = rendered({ ...samplePosts.gif, gif: { poster: 'https://pbs.twimg.com/tweet_video_thumb/Party.jpg', src: 'blob:https://x.com/1234', alt: 'Confetti falling' } });
    expect(snapshotOf(article).media).toEqual([{ type: 'gif', posterUrl: 'https://pbs.twimg.com/tweet_video_thumb/Party.jpg', altText: 'Confetti falling' }]);
  });

  it('a link card', () => {
    expect(snapshotOf(rendered(samplePosts.card)).card).toEqual({ url: 'https://t.co/l0calp1an', title: 'Local plan consultation', domain: 'example.gov.uk' });
  });

  it('a quote: the quoted post with its plain-text hashtag, author, photo and id from the photo link', () => {
    const p = samplePosts.quotesTagged;
    const s = snapshotOf(rendered(p));
    expect(s.text).toBe('This is how to do a service update: short, human, and with a link.');
    expect(s.entities.hashtags).toEqual([]);
    expect(s.media).toEqual([]);
    expect(s.quoted).toEqual({
      postId: p.quoted!.id,
      permalink: `https://x.com/WestvaleDC/status/${p.quoted!.id}`,
      author: { name: 'Westvale District Council', handle: 'WestvaleDC', verified: true, avatarUrl: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\//) },
      text: 'Roadworks on the A38 finish on Friday. Thanks for your patience! #lgadigital',
      entities: { links: [], mentions: [], hashtags: ['lgadigital'] },
      lang: 'en',
      postedAt: p.quoted!.postedAt,
      media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/Quoted1?format=jpg&name=orig' }],
      truncated: false,
    });
  });

  it('a quoted post without media has no link, so no id', () => {
    const s = snapshotOf(rendered(samplePosts.taggedQuotingUntagged));
    expect(s.quoted?.postId).toBeUndefined();
    expect(s.quoted?.permalink).toBeUndefined();
    expect(s.quoted?.author?.handle).toBe('ResidentR');
  });

  it('repost, pinned, reply, "Show more", emoji, Welsh', () => {
    expect(snapshotOf(rendered(samplePosts.repost))).toMatchObject({
      author: { handle: 'SouthfordCouncil' },
      permalink: `https://x.com/SouthfordCouncil/status/${samplePosts.repost.id}`,
      repostedBy: { name: 'Example Borough Council', handle: 'ExampleBoroCncl' },
    });
    expect(snapshotOf(rendered(samplePosts.pinned)).repostedBy).toBeUndefined();
    const reply = snapshotOf(rendered(samplePosts.reply));
    expect(reply.replyTo).toEqual({ handles: ['ExampleBoroCncl'] });
    expect(reply.text).toBe('Great thread, sharing with my ward. Thanks @ExampleBoroCncl #lgadigital');
    expect(reply.entities.mentions).toEqual(['ExampleBoroCncl']);
    expect(snapshotOf(rendered(samplePosts.showMore)).truncated).toBe(true);
    const emoji = snapshotOf(rendered(samplePosts.emoji));
    expect(emoji.text).toBe('Our apprentices passed! 🎉 #lgadigital');
    expect(emoji.author.name).toBe('Westvale Libraries 📚');
    const welsh = snapshotOf(rendered(samplePosts.welsh));
    expect(welsh).toMatchObject({ lang: 'cy', text: 'Mae ein llyfrgelloedd ar agor tan 7pm heno. #lgadigital #Cymraeg' });
    expect(welsh.entities.hashtags).toEqual(['lgadigital', 'Cymraeg']);
  });

  it('markup and spreadsheet formulas in a post stay plain text', () => {
    expect(snapshotOf(rendered(samplePosts.markup)).text).toBe('Test <img src=x onerror=alert(1)> markup #lgadigital');
    expect(snapshotOf(rendered(samplePosts.formula)).text).toBe('=HYPERLINK("https://example.com","click") spreadsheet trick #lgadigital');
  });

  it('the viewer’s own like and bookmark do not disturb the counts', () => {
    const p = samplePosts.hashflag;
    expect(snapshotOf(rendered(p)).counts).toEqual(expectedCounts(p));
  });

  it('a focal post (post page): full date link under the text, views in their own row', () => {
    const p: Post = { ...samplePosts.card, focal: true };
    const article = rendered(p);
    expect(article.closest(X.cell)).toBeNull();
    expect(snapshotOf(article)).toMatchObject({ ...expectedOf(p), card: { url: 'https://t.co/l0calp1an', domain: 'example.gov.uk' } });
  });

  it('a post with no counts at all', () => {
    const p: Post = { ...samplePosts.untagged, counts: { replies: 0, reposts: 0, likes: 0, bookmarks: 0, views: 0 } };
    expect(snapshotOf(rendered(p)).counts).toEqual({ replies: 0, reposts: 0, likes: 0 });
  });
});

// --- real posts from X's GraphQL responses -----------------------------------------------------

describe.skipIf(!haveGraphQL)('real posts from X’s GraphQL responses, drawn as X draws them', () => {
  const results = haveGraphQL ? graphqlNames().flatMap((file) => tweetResultsIn(loadGraphQL(file)).map((r) => [file, r] as const)) : [];

  it('there are hundreds of them', () => {
    expect(results.length).toBeGreaterThan(150);
  });

  it('every one gives a valid snapshot of what it shows', () => {
    let quotes = 0;
    let withMedia = 0;
    for (const [file, result] of results) {
      const post = postFromGraphQL(result);
      const label = `${file} ${post.id}`;
      const s = snapshotOf(rendered(post));
      const expected = expectedOf(post);
      expect(s, label).toMatchObject(expected);
      expect(s.counts, label).toEqual(expected.counts);
      if (post.parts.length === 0) expect(s.lang, label).toBeUndefined();
      const entities = expectedEntities(post.parts);
      expect(s.entities.hashtags, label).toEqual(entities.hashtags);
      expect(s.entities.links.map(({ text, url }) => ({ text, url })), label).toEqual(entities.links);
      // A mention X did not link (a suspended account, say) is still read from the text.
      expect(s.entities.mentions, label).toEqual(expect.arrayContaining(entities.mentions));
      if (post.quoted) quotes++;
      if (s.media.length > 0) withMedia++;
    }
    expect(quotes).toBeGreaterThan(20);
    expect(withMedia).toBeGreaterThan(50);
  });

  it('spot checks against the raw data: ids, names, counts, alt text, the quoted post’s hashtag', () => {
    const list = loadGraphQL('twscrape__raw_list_timeline.json');
    // A repost of a post that quotes a post tagged #Berlin (the README's example).
    const repost = tweetResultsIn(list).find((r) => (r.tweet ?? r).legacy.retweeted_status_result?.result?.rest_id === '2085431037140570220');
    expect(repost).toBeDefined();
    const s = snapshotOf(rendered(postFromGraphQL(repost)));
    const outer = repost.tweet ?? repost;
    const raw = outer.legacy.retweeted_status_result.result;
    expect(s.postId).toBe('2085431037140570220');
    expect(s.author.handle).toBe(raw.core.user_results.result.core.screen_name);
    expect(s.repostedBy).toEqual({ name: outer.core.user_results.result.core.name, handle: outer.core.user_results.result.core.screen_name });
    expect(s.counts.likes).toBe(raw.legacy.favorite_count);
    expect(s.quoted?.author?.handle).toBe(raw.quoted_status_result.result.core.user_results.result.core.screen_name);
    expect(s.quoted?.text).toContain('#Berlin');
    expect(s.quoted?.entities.hashtags).toContain('Berlin');

    const details = tweetResultsIn(loadGraphQL('twscrape__raw_tweet_details.json'));
    const gifPost = details.find((r) => (r.tweet ?? r).legacy.extended_entities?.media?.some((m: { type: string }) => m.type === 'animated_gif'));
    expect(snapshotOf(rendered(postFromGraphQL(gifPost))).media).toContainEqual({
      type: 'gif',
      posterUrl: 'https://pbs.twimg.com/tweet_video_thumb/FuNcOVrXoAIGi0f.jpg',
      videoUrl: 'https://video.twimg.com/tweet_video/FuNcOVrXoAIGi0f.mp4',
      altText: 'James Franco Omg GIF',
    });
    const tagged = details.map((r) => snapshotOf(rendered(postFromGraphQL(r)))).flatMap((x) => x.entities.hashtags);
    expect(tagged).toEqual(expect.arrayContaining(['SaveA11yBots', 'accessibility']));
  });

  it('long posts: the whole note text on the post page', () => {
    const search = tweetResultsIn(loadGraphQL('twscrape__raw_search.json'));
    const note = search.find((r) => (r.tweet ?? r).note_tweet);
    const full: string = (note.tweet ?? note).note_tweet.note_tweet_results.result.text;
    const s = snapshotOf(rendered({ ...postFromGraphQL(note), focal: true }));
    expect(s.text.length).toBeGreaterThan(280);
    // Same words as the note, links as X shows them.
    expect(s.text.replace(/\s+/g, ' ').slice(0, 200)).toBe(full.replace(/\s+/g, ' ').slice(0, 200));
  });
});

// --- odd markup --------------------------------------------------------------------------------

describe('odd markup', () => {
  it('reports an article without a post id, and never throws', () => {
    const odd = document.createElement('article');
    odd.innerHTML = '<div data-testid="tweetText">#lgadigital</div>';
    expect(extractPost(odd, ctx)).toEqual({ ok: false, reason: 'no post id' });
    expect(extractPost(document.createElement('div'), ctx)).toEqual({ ok: false, reason: 'no post id' });
  });

  it('takes the handle from the permalink when the header has none', () => {
    const a = document.createElement('article');
    a.innerHTML = '<a href="/ExampleBoroCncl/status/1846201234571994304"><time datetime="not a date">now</time></a><div data-testid="tweetText" lang="en"><span>Hello</span></div>';
    const s = snapshotOf(a);
    expect(s).toMatchObject({ postId: '1846201234571994304', author: { name: 'ExampleBoroCncl', handle: 'ExampleBoroCncl', verified: false }, text: 'Hello', counts: {} });
    expect(s.postedAt).toBeUndefined();
  });

  it('reports a post whose author cannot be read', () => {
    const a = document.createElement('article');
    a.innerHTML = '<a href="/i/web/status/1846201234571994304"><time datetime="2026-10-09T09:30:00.000Z">9 Oct</time></a>';
    expect(extractPost(a, ctx)).toEqual({ ok: false, reason: 'no author handle' });
  });

  it('keeps within the schema’s limits: long text cut and marked, odd addresses left out', () => {
    const article = rendered({ ...samplePosts.untagged, parts: [{ text: 'x'.repeat(45_000) }], avatar: 'http://insecure.example/a.jpg', photos: [{ url: 'javascript:alert(1)' }, { url: 'https://pbs.twimg.com/media/Ok?format=webp&name=small' }] });
    const s = snapshotOf(article);
    expect(s.text).toHaveLength(40_000);
    expect(s.truncated).toBe(true);
    expect(s.author.avatarUrl).toBeUndefined();
    expect(s.media).toEqual([{ type: 'photo', url: 'https://pbs.twimg.com/media/Ok?format=webp&name=orig' }]);
  });

  it('originalPhotoUrl', () => {
    expect(originalPhotoUrl('https://pbs.twimg.com/media/G-_GGKzXkAAHz_w?format=jpg&name=medium')).toBe('https://pbs.twimg.com/media/G-_GGKzXkAAHz_w?format=jpg&name=orig');
    expect(originalPhotoUrl('https://pbs.twimg.com/media/HPDs1UYX0AEF4AN.jpg')).toBe('https://pbs.twimg.com/media/HPDs1UYX0AEF4AN.jpg?name=orig');
    expect(originalPhotoUrl('https://pbs.twimg.com/card_img/1/abc?format=jpg&name=small')).toBe('https://pbs.twimg.com/card_img/1/abc?format=jpg&name=small');
    expect(originalPhotoUrl('not a url')).toBe('not a url');
  });
});
