import { describe, expect, it, vi } from 'vitest';
import { installXDataReader, isXApiUrl, type ReaderWindow } from './main-world';
import { X_DATA_ANSWER, X_DATA_ASK, readAnswer, xDataChannel } from './channel';
import { addTag, everyTweet, isRepost, requireGraphQLFixtures, responseCopy } from './fixtures.testkit';

const haveFixtures = requireGraphQLFixtures();
const SEARCH = 'twscrape__raw_search.json';
const API = 'https://x.com/i/api/graphql/abc123/SearchTimeline?variables=%7B%7D';

/** A search response with one long post tagged, and that post's id. */
function taggedSearch(): { text: string; id: string; full: string } {
  const json = responseCopy(SEARCH);
  const tweet = everyTweet(json).find((t) => t.note_tweet && !isRepost(t));
  addTag(tweet, 'lgadigital');
  return { text: JSON.stringify(json), id: tweet.rest_id, full: tweet.note_tweet.note_tweet_results.result.text };
}

/** A stand-in XMLHttpRequest: open/send as X calls them; the test finishes it with `respond`. */
class FakeXhr extends EventTarget {
  static last: FakeXhr | undefined;
  url = '';
  status = 0;
  responseType: XMLHttpRequestResponseType = '';
  responseText = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  send() {
    FakeXhr.last = this;
  }
  respond(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.dispatchEvent(new Event('load'));
  }
}

function fakeWindow(respond: (url: string) => Response) {
  const idle: Array<() => void> = [];
  const win = {
    fetch: vi.fn(async (input: RequestInfo | URL) => respond(String(input instanceof Request ? input.url : input))),
    XMLHttpRequest: class extends FakeXhr {} as unknown as typeof XMLHttpRequest,
    document: new EventTarget() as unknown as Document,
    CustomEvent,
    location: { href: 'https://x.com/search?q=lgadigital' },
    setTimeout: (callback: () => void) => idle.push(callback),
    requestIdleCallback: (callback: () => void) => idle.push(callback),
  } satisfies ReaderWindow;
  const runIdle = () => {
    while (idle.length > 0) idle.shift()?.();
  };
  return { win, runIdle, idle };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('isXApiUrl', () => {
  it("takes X's GraphQL and REST timeline paths only, absolute or relative", () => {
    const base = 'https://x.com/home';
    expect(isXApiUrl(API, base)).toBe(true);
    expect(isXApiUrl('/i/api/graphql/abc/TweetDetail', base)).toBe(true);
    expect(isXApiUrl('/i/api/2/notifications/all.json', base)).toBe(true);
    expect(isXApiUrl(new URL('https://twitter.com/i/api/graphql/a/HomeTimeline'), base)).toBe(true);
    expect(isXApiUrl({ url: 'https://x.com/i/api/graphql/a/HomeTimeline' }, base)).toBe(true);
    expect(isXApiUrl('/i/api/1.1/jot/client_event.json', base)).toBe(false);
    expect(isXApiUrl('https://evil.example/i/api/graphql/a/b', base)).toBe(false);
    expect(isXApiUrl('http://x.com/i/api/graphql/a/b', base)).toBe(false);
    expect(isXApiUrl(undefined, base)).toBe(false);
  });
});

describe.runIf(haveFixtures)("the main-world reader on X's real responses", () => {
  it('hands X the very promise and response of fetch, then keeps the tagged post for an ask', async () => {
    const { text, id, full } = taggedSearch();
    const original = new Response(text, { status: 200 });
    const { win, runIdle } = fakeWindow(() => original);
    const browserFetch = win.fetch;
    const reader = installXDataReader(win, { tags: ['lgadigital'] });
    expect(win.fetch).not.toBe(browserFetch);

    const response = await win.fetch(API);
    expect(response).toBe(original); // the same object X would have had
    expect(await response.text()).toBe(text); // X reads the whole body, unchanged
    await flush();
    expect(reader.stats).toMatchObject({ seen: 1, parsed: 0 }); // nothing parsed until an idle moment
    runIdle();
    expect(reader.stats).toMatchObject({ seen: 1, matched: 1, parsed: 1, failed: 0 });
    expect(reader.cache.get(id)?.text).toBe(full);

    // The isolated side's ask is answered within the same dispatch.
    const channel = xDataChannel({ target: win.document, CustomEvent });
    expect(channel.ask(id)?.text).toBe(full);
    expect(channel.ask('1')).toBeUndefined();
  });

  it('reads an XMLHttpRequest response on load, leaving X its text', async () => {
    const { text, id, full } = taggedSearch();
    const { win, runIdle } = fakeWindow(() => new Response(''));
    const reader = installXDataReader(win, { tags: ['lgadigital'] });
    const xhr = new win.XMLHttpRequest() as unknown as FakeXhr;
    const seenByX: string[] = [];
    xhr.addEventListener('load', () => seenByX.push(xhr.responseText));
    xhr.open('GET', '/i/api/graphql/abc123/SearchTimeline');
    xhr.send();
    FakeXhr.last?.respond(200, text);
    expect(seenByX).toEqual([text]);
    // An ask before the idle moment reads what is waiting first.
    const channel = xDataChannel({ target: win.document, CustomEvent });
    expect(channel.ask(id)?.text).toBe(full);
    runIdle();
    expect(reader.stats).toMatchObject({ seen: 1, matched: 1, parsed: 1 });
    // The same object reopened for another address: its load is not read.
    xhr.open('GET', '/i/api/1.1/jot/client_event.json');
    xhr.send();
    FakeXhr.last?.respond(200, text);
    runIdle();
    expect(reader.stats.seen).toBe(1);
  });

  it('parses nothing without a tracked tag, follows the tags the content script sends', async () => {
    const { text, id } = taggedSearch();
    const { win, runIdle } = fakeWindow(() => new Response(text));
    const reader = installXDataReader(win, { tags: ['somethingelse'] });
    await win.fetch(API);
    await flush();
    runIdle();
    expect(reader.stats).toMatchObject({ seen: 1, matched: 0, parsed: 0 });
    xDataChannel({ target: win.document, CustomEvent }).sendTags(['lgadigital']);
    await win.fetch(API);
    await flush();
    runIdle();
    expect(reader.stats).toMatchObject({ seen: 2, matched: 1, parsed: 1 });
    expect(reader.cache.has(id)).toBe(true);
  });
});

describe('the main-world reader when things go wrong', () => {
  it('swallows a malformed response: X still gets it, the reader keeps nothing', async () => {
    const broken = '{"data":{"lgadigital": [';
    const { win, runIdle } = fakeWindow(() => new Response(broken));
    const reader = installXDataReader(win, { tags: ['lgadigital'] });
    const response = await win.fetch(API);
    expect(await response.text()).toBe(broken);
    await flush();
    expect(() => runIdle()).not.toThrow();
    expect(reader.stats).toMatchObject({ seen: 1, matched: 1, parsed: 0, failed: 1 });
    expect(reader.cache.size).toBe(0);
  });

  it('leaves other addresses, failed answers and rejected fetches alone', async () => {
    const { win, runIdle } = fakeWindow((url) => {
      if (url.includes('offline')) throw new TypeError('offline');
      return url.includes('fail') ? new Response('#lgadigital', { status: 500 }) : new Response('#lgadigital');
    });
    const reader = installXDataReader(win, { tags: ['lgadigital'] });
    await win.fetch('https://x.com/i/api/1.1/other.json');
    await win.fetch('https://x.com/i/api/graphql/fail/SearchTimeline');
    await expect(win.fetch('https://x.com/i/api/graphql/offline/SearchTimeline')).rejects.toThrow('offline');
    await flush();
    runIdle();
    expect(reader.stats.seen).toBe(0);
  });

  it('answers an ask only for a post id, and the isolated side takes only a record of the post it asked for (the background checks its fields)', () => {
    const { win } = fakeWindow(() => new Response(''));
    installXDataReader(win, { tags: ['lgadigital'] });
    const answers: unknown[] = [];
    win.document.addEventListener(X_DATA_ANSWER, (e) => answers.push((e as CustomEvent).detail));
    win.document.dispatchEvent(new CustomEvent(X_DATA_ASK, { detail: '{"id":"<img>"}' }));
    win.document.dispatchEvent(new CustomEvent(X_DATA_ASK, { detail: { id: '123' } }));
    expect(answers).toEqual([]);
    win.document.dispatchEvent(new CustomEvent(X_DATA_ASK, { detail: '{"id":"123"}' }));
    expect(answers).toEqual(['{"id":"123","post":null}']);

    const record = { id: '123', text: 'Hi #lgadigital', long: false, entities: { hashtags: ['lgadigital'], mentions: [], urls: [] }, counts: { quotes: 2 }, media: [], taggedIn: 'own' };
    expect(readAnswer(JSON.stringify({ id: '123', post: record }), '123')).toEqual(record);
    expect(readAnswer(JSON.stringify({ id: '123', post: { ...record, id: '124' } }), '123')).toBeUndefined();
    expect(readAnswer(JSON.stringify({ id: '124', post: record }), '123')).toBeUndefined();
    expect(readAnswer('x'.repeat(600_000), '123')).toBeUndefined();
    expect(readAnswer(JSON.stringify({ id: '123', post: 'not a record' }), '123')).toBeUndefined();
    expect(readAnswer({ id: '123', post: record }, '123')).toBeUndefined(); // an object, not JSON text
  });
});
