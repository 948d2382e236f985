import { afterEach, describe, expect, it } from 'vitest';
import { checkXDataHealth, createXDataCheck, judgeXDataPosts, type XDataMissing } from './health';
import { MAX_LISTED, X_DATA_LIST, X_DATA_LISTED, readListed, xDataChannel, type ListedPost } from './channel';
import { installXDataReader, type ReaderWindow } from './main-world';
import { readTaggedPosts } from './read-response';
import { addTag, isRepost, requireGraphQLFixtures, responseCopy } from './fixtures.testkit';
import { Injector } from '../injector';
import { createTagMatcher } from '../match';
import type { ButtonLabels } from '../button';
import { postFromGraphQL, renderPost, tweetResultsIn } from '@/tests/fixtures/x/posts.mjs';

/**
 * The check of the page reader against X's own data, on X's real search response (posts tagged at test
 * time, as X would send them) read into the main world's cache, and a page of our own fixtures drawn
 * from the same posts, decorated by the real Injector; then X's markup changed one selector at a time.
 */

const haveFixtures = requireGraphQLFixtures();
const TAG = 'lgadigital';
const NONE: XDataMissing = { post: 0, text: 0, tag: 0, link: 0, actionBar: 0 };
const LABELS: ButtonLabels = {
  send: 'Send to LGA guide',
  saved: 'Saved to LGA guide',
  savedShort: 'Saved',
  saving: 'Saving',
  removing: 'Removing',
  tooltipSend: 'Send to LGA guide',
  tooltipSaved: 'Saved',
  undo: 'Undo',
  undoLabel: 'Undo removal',
  errors: { storageFull: 'full', unreadable: 'unreadable', unreachable: 'unreachable', generic: 'generic' },
};

const tweetOf = (result: any) => result.tweet ?? result;
/** Text whose every character is one UTF-16 unit, so the tag added at the end lands where the entity says. */
const plain = (tweet: any) => !/[\uD800-\uDFFF]/.test(tweet.legacy.full_text);

interface Fixture {
  /** The tweet results of the response, as X sent them (with the tags added). */
  results: any[];
  /** Posts tagged in their own text (short: the page shows their whole text). */
  own: string[];
  /** A post tagged only in the post it quotes, and that quoted post. */
  quoting: string;
  quoted: string;
  /** A long post tagged after the text the timeline shows. */
  long: string;
  /** A post nobody tagged. */
  untagged: string;
  /** The main world's list, as the channel carries it. */
  listed: ListedPost[];
  /** The isolated side of the channel to that main world. */
  channel: ReturnType<typeof xDataChannel>;
}

/**
 * X's search response with three short posts tagged, one post's quoted post tagged, and a long post
 * tagged at its end; read by the main-world reader into its cache, and listed through the channel.
 */
function fixture(): Fixture {
  const json = responseCopy('twscrape__raw_search.json');
  const results = tweetResultsIn(json);
  const short = results.filter((r: any) => {
    const t = tweetOf(r);
    return !t.note_tweet && !isRepost(t) && !t.quoted_status_result && plain(t);
  });
  const own = short.slice(0, 3).map((r: any) => {
    const t = tweetOf(r);
    addTag(t, TAG);
    // The page shows the whole text, the tag too.
    t.legacy.display_text_range = [t.legacy.display_text_range?.[0] ?? 0, t.legacy.full_text.length];
    return t.rest_id as string;
  });
  const untagged = tweetOf(short[3]).rest_id as string;
  const quotingResult = results.find((r: any) => {
    const q = tweetOf(r).quoted_status_result?.result;
    return q && plain(tweetOf(q)) && !tweetOf(r).note_tweet;
  });
  const quotedTweet = tweetOf(tweetOf(quotingResult).quoted_status_result.result);
  addTag(quotedTweet, TAG);
  quotedTweet.legacy.display_text_range = [quotedTweet.legacy.display_text_range?.[0] ?? 0, quotedTweet.legacy.full_text.length];
  const longResult = results.find((r: any) => tweetOf(r).note_tweet && !isRepost(tweetOf(r)) && !tweetOf(r).quoted_status_result);
  addTag(tweetOf(longResult), TAG);

  // The main world: its reader, its cache filled from the response, its answer to LIST.
  const page = new EventTarget();
  const win = {
    fetch: (async () => new Response('')) as typeof fetch,
    XMLHttpRequest: class {} as unknown as typeof XMLHttpRequest,
    document: page as unknown as Document,
    CustomEvent,
    location: { href: 'https://x.com/search?q=lgadigital' },
    setTimeout: () => 0,
  } satisfies ReaderWindow;
  const reader = installXDataReader(win, { tags: [TAG] });
  for (const [id, post] of readTaggedPosts(json, [TAG])) reader.cache.set(id, post);
  const channel = xDataChannel({ target: page, CustomEvent });
  const listed = channel.list();
  if (!listed) throw new Error('the main world did not answer LIST');
  return { results, own, quoting: tweetOf(quotingResult).rest_id, quoted: quotedTweet.rest_id, long: tweetOf(longResult).rest_id, untagged, listed, channel };
}

/** The page X would draw for these results: each a timeline cell; the long post cut before its tag. */
function pageOf(f: Fixture, ids: string[]): string {
  return ids
    .map((id, i) => {
      const result = f.results.find((r: any) => tweetOf(r).rest_id === id);
      const post = postFromGraphQL(result);
      if (id === f.long) return renderPost({ ...post, parts: [{ text: 'The first lines of a long post, cut here' }], truncated: true, card: undefined }, i * 320);
      return renderPost(post, i * 320);
    })
    .join('');
}

/** Puts the page into the document and lets the content script's Injector decorate it, as on X. */
function show(html: string): void {
  document.body.innerHTML = `<main>${html}</main>`;
  const injector = new Injector({ doc: document, matcher: createTagMatcher([TAG]), labels: LABELS, requestSavedStates: () => {}, onPress: () => {} });
  injector.markAll();
  injector.flush();
}

const buttonsOn = () => [...document.querySelectorAll('[data-lga-post]')].map((h) => h.getAttribute('data-lga-post'));
const matcher = createTagMatcher([TAG]);

afterEach(() => {
  document.body.innerHTML = '';
});

describe.runIf(haveFixtures)("the page reader checked against X's own data", () => {
  it("lists every post X's response held that carries a tag the main world was last told of", () => {
    const f = fixture();
    const byId = new Map(f.listed.map((p) => [p.id, p]));
    for (const id of f.own) expect(byId.get(id)).toEqual({ id, taggedIn: 'own', long: false });
    expect(byId.get(f.quoting)).toEqual({ id: f.quoting, taggedIn: 'quoted', long: false });
    expect(byId.get(f.quoted)).toEqual({ id: f.quoted, taggedIn: 'own', long: false });
    expect(byId.get(f.long)).toEqual({ id: f.long, taggedIn: 'own', long: true });
    expect(byId.has(f.untagged)).toBe(false);
    expect(f.listed).toHaveLength(6);
    // Posts read for #lgadigital are left out once the user tracks other tags only, and listed again with it.
    f.channel.sendTags(['anothertag']);
    expect(f.channel.list()).toEqual([]);
    f.channel.sendTags(['#LGAdigital']);
    expect(f.channel.list()).toEqual(f.listed);
  });

  it("lists a response only once the main world has read it in an idle moment, and never reads for the list", async () => {
    const json = responseCopy('twscrape__raw_search.json');
    const tweet = tweetOf(tweetResultsIn(json).find((r: any) => !isRepost(tweetOf(r))));
    addTag(tweet, TAG);
    const page = new EventTarget();
    const idle: Array<() => void> = [];
    const win = {
      fetch: (async () => new Response(JSON.stringify(json), { status: 200 })) as typeof fetch,
      XMLHttpRequest: class {} as unknown as typeof XMLHttpRequest,
      document: page as unknown as Document,
      CustomEvent,
      location: { href: 'https://x.com/search?q=lgadigital' },
      setTimeout: (callback: () => void) => idle.push(callback),
      requestIdleCallback: (callback: () => void) => idle.push(callback),
    } satisfies ReaderWindow;
    const reader = installXDataReader(win, { tags: [TAG] });
    const channel = xDataChannel({ target: page, CustomEvent });
    await (await win.fetch('https://x.com/i/api/graphql/abc/SearchTimeline')).text();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle).toHaveLength(1); // the response waits for an idle moment
    expect(channel.list()).toEqual([]);
    expect(reader.stats.parsed).toBe(0);
    idle.shift()!();
    expect(channel.list()).toEqual([{ id: tweet.rest_id, taggedIn: 'own', long: Boolean(tweet.note_tweet) }]);
  });

  it('says nothing when every tagged post the page shows has its button', () => {
    const f = fixture();
    show(pageOf(f, [...f.own, f.quoting, f.untagged]));
    expect(buttonsOn().sort()).toEqual([...f.own, f.quoting].sort());
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 0, missing: NONE });
  });

  it("counts the posts whose text X no longer marks as the extension reads it (tweetText renamed)", () => {
    const f = fixture();
    show(pageOf(f, [...f.own, f.quoting, f.untagged]).replaceAll('data-testid="tweetText"', 'data-testid="postText"'));
    expect(buttonsOn()).toEqual([]);
    // The three posts tagged in their text, and the post whose quoted post carries the tag.
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 4, missing: { ...NONE, text: 4 } });
  });

  it('counts the posts whose hashtag X no longer writes as the extension reads it', () => {
    const f = fixture();
    // X shows the tag as a link to a search, without its '#'.
    const html = pageOf(f, f.own).replace(/<a dir="ltr" href="\/hashtag\/lgadigital\?src=hashtag_click" role="link">#lgadigital<\/a>/g, '<a dir="ltr" href="/search?q=%23lgadigital" role="link">lgadigital</a>');
    show(html);
    expect(buttonsOn()).toEqual([]);
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 3, missing: { ...NONE, tag: 3 } });
  });

  it("counts the posts whose row of buttons X no longer marks as the extension reads it (role=group renamed)", () => {
    const f = fixture();
    show(pageOf(f, f.own).replaceAll('role="group"', 'role="toolbar"'));
    expect(buttonsOn()).toEqual([]);
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 3, missing: { ...NONE, actionBar: 3 } });
  });

  it("counts the posts whose own link the extension cannot read (no time in it, no views link)", () => {
    const f = fixture();
    show(pageOf(f, f.own).replace(/<time /g, '<span ').replace(/<\/time>/g, '</span>').replace(/<a href="[^"]*\/analytics"/g, '<a href="/i/analytics"'));
    expect(buttonsOn()).toEqual([]);
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 3, missing: { ...NONE, link: 3 } });
  });

  it('counts the posts shown where the extension no longer finds posts at all (the article renamed)', () => {
    const f = fixture();
    show(pageOf(f, f.own).replaceAll('data-testid="tweet"', 'data-testid="post"'));
    expect(buttonsOn()).toEqual([]);
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 3, missing: { ...NONE, post: 3 } });
  });

  it('names every part a post lacks', () => {
    const f = fixture();
    show(pageOf(f, f.own.slice(0, 1)).replaceAll('data-testid="tweetText"', 'data-testid="postText"').replaceAll('role="group"', 'role="toolbar"'));
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 1, missing: { ...NONE, text: 1, actionBar: 1 } });
  });

  it('does not judge a post whose text the page shows cut at "Show more" (the tag may be past the cut)', () => {
    const f = fixture();
    show(pageOf(f, [f.long, ...f.own]));
    expect(buttonsOn().sort()).toEqual([...f.own].sort());
    expect(checkXDataHealth(document, f.listed, matcher)).toEqual({ unreadable: 0, missing: NONE });
  });

  it('leaves out posts the page does not show, and a post shown only as a quote', () => {
    const f = fixture();
    show(pageOf(f, f.own.slice(0, 1)).replaceAll('data-testid="tweetText"', 'data-testid="postText"'));
    // Only the one post shown is judged.
    expect([...judgeXDataPosts(document, f.listed, matcher).keys()]).toEqual([f.own[0]]);
    // The quoted post is shown inside the post quoting it, with a photo linking to it: it is not judged itself.
    const quoting = postFromGraphQL(f.results.find((r: any) => tweetOf(r).rest_id === f.quoting));
    show(renderPost({ ...quoting, quoted: { ...quoting.quoted!, photos: [{ url: 'https://pbs.twimg.com/media/quoted.jpg' }] } }));
    expect(document.querySelector(`[role="link"] a[href*="/status/${f.quoted}/photo/1"]`)).not.toBeNull();
    expect([...judgeXDataPosts(document, f.listed, matcher).keys()]).toEqual([f.quoting]);
  });

  it('keeps counting a post scrolled out of the page, stops when it gets its button, and checks nothing while the buttons are hidden', () => {
    const f = fixture();
    let listed: ListedPost[] | undefined = f.listed;
    const check = createXDataCheck(document, () => listed);
    expect(check.run()).toBeUndefined(); // no tags yet
    check.use([TAG]);
    const broken = (ids: string[]) => pageOf(f, ids).replaceAll('data-testid="tweetText"', 'data-testid="postText"');
    show(broken(f.own));
    expect(check.run()).toEqual({ unreadable: 3, missing: { ...NONE, text: 3 } });
    show(broken(f.own.slice(2))); // X's window moved on: two of them are gone from the DOM
    expect(check.run()).toEqual({ unreadable: 3, missing: { ...NONE, text: 3 } });
    show(pageOf(f, f.own.slice(2))); // X drew the third again, readable: it has its button
    expect(check.run()).toEqual({ unreadable: 2, missing: { ...NONE, text: 2 } });
    check.use(null);
    expect(check.run()).toBeUndefined();
    check.use([TAG]);
    listed = undefined; // no main world (it did not answer)
    expect(check.run()).toBeUndefined();
  });
});

describe('the LIST answer as the content script reads it', () => {
  const detail = (posts: unknown) => JSON.stringify({ posts });

  it('keeps digits-only ids and their two flags, and nothing else', () => {
    expect(readListed(detail([{ id: '123', taggedIn: 'quoted', long: true, text: 'more' }, { id: '12a' }, { id: 5 }, 'x', null]))).toEqual([{ id: '123', taggedIn: 'quoted', long: true }]);
    expect(readListed(detail([{ id: '9', taggedIn: 'other', long: 'yes' }]))).toEqual([{ id: '9', taggedIn: 'own', long: false }]);
    expect(readListed('{"posts":{}}')).toBeUndefined();
    expect(readListed('not json')).toBeUndefined();
    expect(readListed(undefined)).toBeUndefined();
  });

  it(`reads at most ${MAX_LISTED} posts`, () => {
    const many = Array.from({ length: MAX_LISTED + 5 }, (_, i) => ({ id: String(i + 1) }));
    expect(readListed(detail(many))).toHaveLength(MAX_LISTED);
  });

  it('takes the first answer given inside the dispatch, and undefined when no one answers', () => {
    const page = new EventTarget();
    const channel = xDataChannel({ target: page, CustomEvent });
    expect(channel.list()).toBeUndefined();
    page.addEventListener(X_DATA_LIST, () => {
      page.dispatchEvent(new CustomEvent(X_DATA_LISTED, { detail: detail([{ id: '1' }]) }));
      page.dispatchEvent(new CustomEvent(X_DATA_LISTED, { detail: detail([{ id: '2' }]) }));
    });
    expect(channel.list()).toEqual([{ id: '1', taggedIn: 'own', long: false }]);
  });
});
