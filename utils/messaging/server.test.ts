import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { classifySender, createRequestHandler, servePort, type Sender, type ServedPort, type ServerDeps } from './server';
import { LOOKUP_PORT } from './port';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { REQUESTS, type RequestType } from './requests';
import { SAMPLE_REQUESTS } from '@/tests/unit/requests';
import { savedFilterTest } from '@/utils/x/saved-filter';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
const contentScript: Sender = { id: EXT_ID, url: 'https://x.com/home', tab: { id: 7, url: 'https://x.com/home' }, frameId: 0 };
const popup: Sender = { id: EXT_ID, url: `${BASE}popup.html` };

let db: ClipperDB;
let publishChanges: ReturnType<typeof vi.fn<ServerDeps['publishChanges']>>;
let recordPageHealth: ReturnType<typeof vi.fn<ServerDeps['recordPageHealth']>>;
let handle: ReturnType<typeof createRequestHandler>;

beforeEach(() => {
  db = new ClipperDB(`server-${Math.random()}`);
  publishChanges = vi.fn<ServerDeps['publishChanges']>(async () => {});
  recordPageHealth = vi.fn<ServerDeps['recordPageHealth']>(async () => {});
  handle = createRequestHandler({ db, extensionId: EXT_ID, extensionBaseUrl: BASE, publishChanges, recordPageHealth, now: () => 5000 });
});
afterEach(async () => {
  await db.delete();
});

describe('background request handler', () => {
  it('clips from a content script on X, announces it, and answers saved state in one batch', async () => {
    const reply = await handle({ type: 'clip', snapshot: makeSnapshot() }, contentScript);
    expect(reply).toEqual({ ok: true, value: { postId: '1846200000000000001', saved: true, addedToLibrary: true } });
    expect(publishChanges).toHaveBeenCalledWith([{ postId: '1846200000000000001', saved: true }]);
    expect(await handle({ type: 'savedState', postIds: ['1846200000000000001', '1'] }, popup)).toEqual({
      ok: true,
      value: { saved: ['1846200000000000001'] },
    });
  });

  it("gives an X tab the filter of saved posts: it holds what is saved and drops what was removed", async () => {
    await handle({ type: 'clip', snapshot: makeSnapshot() }, contentScript);
    await handle({ type: 'clip', snapshot: makeSnapshot({ postId: '1846200000000000002' }) }, contentScript);
    await handle({ type: 'unclip', postId: '1846200000000000002' }, contentScript);
    const reply = await handle({ type: 'savedFilter' }, contentScript);
    expect(reply.ok).toBe(true);
    const mayBeSaved = savedFilterTest((reply as { value: unknown }).value)!;
    expect(mayBeSaved('1846200000000000001')).toBe(true);
    expect(mayBeSaved('1846200000000000002')).toBe(false);
    expect(mayBeSaved('1846200000000000003')).toBe(false);
    // Only X tabs need it.
    expect(await handle({ type: 'savedFilter' }, popup)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('removes and restores', async () => {
    await handle({ type: 'clip', snapshot: makeSnapshot() }, contentScript);
    expect((await handle({ type: 'unclip', postId: '1846200000000000001' }, contentScript)).ok).toBe(true);
    expect(publishChanges).toHaveBeenLastCalledWith([{ postId: '1846200000000000001', saved: false }]);
    expect((await handle({ type: 'restore', postId: '1846200000000000001' }, contentScript)).ok).toBe(true);
    expect((await db.clippings.get('1846200000000000001'))!.removed).toBe(0);
  });

  it.each<[string, Sender]>([
    ['another extension', { ...contentScript, id: 'someoneelse' }],
    ['a content script on another site', { id: EXT_ID, url: 'https://evil.example/x.com/', tab: { id: 3 } }],
    ['a look-alike host', { id: EXT_ID, url: 'https://x.com.evil.example/', tab: { id: 3 } }],
    ['no sender id', { url: 'https://x.com/home', tab: { id: 3 } }],
  ])('refuses %s and changes nothing', async (_name, sender) => {
    const reply = await handle({ type: 'clip', snapshot: makeSnapshot() }, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await db.clippings.count()).toBe(0);
  });

  it.each([
    ['an unknown type', { type: 'dropDatabase' }],
    ['not an object', 'clip'],
    ['a snapshot with a script URL', { type: 'clip', snapshot: makeSnapshot({ permalink: 'javascript:alert(1)' }) }],
    ['a post id that is not digits', { type: 'unclip', postId: '../1' }],
    ['too many ids at once', { type: 'savedState', postIds: Array.from({ length: 501 }, (_, i) => String(i)) }],
    ['a snapshot missing its author', { type: 'clip', snapshot: { ...makeSnapshot(), author: undefined } }],
  ])('rejects %s with a clear message and stores nothing', async (_name, message) => {
    const reply = await handle(message, contentScript);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid-message');
      expect(reply.error.message).toMatch(/not understood/);
    }
    expect(await db.clippings.count()).toBe(0);
    expect(publishChanges).not.toHaveBeenCalled();
  });

  it('says when storage is full and keeps what was stored', async () => {
    await handle({ type: 'clip', snapshot: makeSnapshot({ postId: '1' }) }, contentScript);
    vi.spyOn(db.clippings, 'add').mockRejectedValue(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    const reply = await handle({ type: 'clip', snapshot: makeSnapshot({ postId: '2' }) }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage-full' } });
    expect(await db.clippings.count()).toBe(1);
    expect((await db.clippings.get('1'))!.snapshot.text).toContain('Bins');
  });

  it('says when removing a post that is not in the library', async () => {
    expect(await handle({ type: 'unclip', postId: '123' }, contentScript)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('takes page health only from a content script, for its own tab', async () => {
    expect((await handle({ type: 'pageHealth', unreadable: 2, readable: 5 }, contentScript)).ok).toBe(true);
    expect(recordPageHealth).toHaveBeenCalledWith(7, { unreadable: 2, readable: 5, url: 'https://x.com/home' });
    expect((await handle({ type: 'pageHealth', unreadable: 2, readable: 5, missing: { link: 1, actionBar: 1 } }, contentScript)).ok).toBe(true);
    expect(recordPageHealth).toHaveBeenLastCalledWith(7, { unreadable: 2, readable: 5, url: 'https://x.com/home', missing: { link: 1, actionBar: 1 } });
    expect((await handle({ type: 'pageHealth', unreadable: 2, readable: 5, missing: { link: -1, actionBar: 1 } }, contentScript)).ok).toBe(false);
    expect(await handle({ type: 'pageHealth', unreadable: 2, readable: 5 }, popup)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});

describe("senders as Firefox describes them (moz-extension:// pages, the gecko id)", () => {
  const GECKO_ID = 'lga-guide-clipper@local.gov.uk';
  const FIREFOX_BASE = 'moz-extension://6c9a3e0e-1f2b-4c7d-9a4e-3b5d7f1a2c60/';

  it('accepts our content script on X and our own pages, in a tab or in the toolbar popup', () => {
    expect(classifySender({ id: GECKO_ID, url: 'https://x.com/home', tab: { id: 3, url: 'https://x.com/home' }, frameId: 0 }, GECKO_ID, FIREFOX_BASE)).toBe('content-script');
    expect(classifySender({ id: GECKO_ID, url: `${FIREFOX_BASE}library.html`, tab: { id: 4, url: `${FIREFOX_BASE}library.html` } }, GECKO_ID, FIREFOX_BASE)).toBe('extension-page');
    expect(classifySender({ id: GECKO_ID, url: `${FIREFOX_BASE}popup.html` }, GECKO_ID, FIREFOX_BASE)).toBe('extension-page');
  });

  it('refuses another add-on, and a page of another extension origin', async () => {
    expect(classifySender({ id: 'other@example.org', url: 'moz-extension://0000/popup.html' }, GECKO_ID, FIREFOX_BASE)).toBeNull();
    expect(classifySender({ id: GECKO_ID, url: 'moz-extension://0000/popup.html' }, GECKO_ID, FIREFOX_BASE)).toBeNull();
    const firefox = createRequestHandler({ db, extensionId: GECKO_ID, extensionBaseUrl: FIREFOX_BASE, publishChanges, recordPageHealth });
    const reply = await firefox({ type: 'savedState', postIds: ['1'] }, { id: 'other@example.org', url: 'moz-extension://0000/popup.html' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});

describe('who may send each request (the senders in utils/messaging/requests/)', () => {
  const pageOnly = Object.entries(REQUESTS).filter(([, d]) => !d.senders.includes('content-script')).map(([name]) => name as RequestType);
  const scriptOnly = Object.entries(REQUESTS).filter(([, d]) => !d.senders.includes('extension-page')).map(([name]) => name as RequestType);

  it('has page-only requests to refuse', () => {
    expect(pageOnly).toContain('saveAnnotationText');
  });

  it.each(pageOnly)('refuses %s from a content script on X and changes nothing', async (type) => {
    await handle(SAMPLE_REQUESTS.clip, contentScript);
    publishChanges.mockClear();
    const before = JSON.stringify([await db.clippings.toArray(), await db.annotations.toArray()]);
    const reply = await handle(SAMPLE_REQUESTS[type], contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(JSON.stringify([await db.clippings.toArray(), await db.annotations.toArray()])).toBe(before);
    expect(publishChanges).not.toHaveBeenCalled();
    expect(recordPageHealth).not.toHaveBeenCalled();
  });

  it.each(scriptOnly)('refuses %s from an extension page and changes nothing', async (type) => {
    const reply = await handle(SAMPLE_REQUESTS[type], popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await db.clippings.count()).toBe(0);
    expect(publishChanges).not.toHaveBeenCalled();
    expect(recordPageHealth).not.toHaveBeenCalled();
  });

  it.each(Object.keys(REQUESTS) as RequestType[])('lets each sender named for %s through the check', async (type) => {
    for (const kind of REQUESTS[type].senders) {
      const reply = await handle(SAMPLE_REQUESTS[type], kind === 'content-script' ? contentScript : popup);
      if (!reply.ok) expect(reply.error.code).not.toBe('forbidden-sender');
    }
  });

  it('refuses a page-only request from a content script before reading it', async () => {
    const reply = await handle({ type: 'saveAnnotationText', postId: '../1' }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });
});

describe('the saved-state port', () => {
  function served(sender: Sender | undefined, name = LOOKUP_PORT) {
    const listeners: Array<(m: unknown) => void> = [];
    const replies: unknown[] = [];
    let closed = false;
    const port: ServedPort = {
      name,
      sender,
      postMessage: (m) => void replies.push(m),
      disconnect: () => void (closed = true),
      onMessage: { addListener: (l) => void listeners.push(l) },
      onDisconnect: { addListener: () => {} },
    };
    servePort(port, handle, EXT_ID, BASE);
    const send = async (m: unknown) => {
      for (const l of listeners) l(m);
      await vi.waitFor(() => expect(replies.length).toBeGreaterThan(0), { timeout: 2000 }).catch(() => {});
      return replies.splice(0);
    };
    return { send, closed: () => closed, listeners };
  }

  it('answers a content script on X its lookups, each reply with the number it was asked with', async () => {
    await handle({ type: 'clip', snapshot: makeSnapshot() }, contentScript);
    const port = served(contentScript);
    expect(port.closed()).toBe(false);
    expect(await port.send({ id: 4, request: { type: 'savedState', postIds: ['1846200000000000001', '1'] } })).toEqual([
      { id: 4, reply: { ok: true, value: { saved: ['1846200000000000001'] } } },
    ]);
  });

  it.each<[string, Sender | undefined, string]>([
    ['another name', contentScript, 'something-else'],
    ['no sender', undefined, LOOKUP_PORT],
    ['another extension', { ...contentScript, id: 'someoneelse' }, LOOKUP_PORT],
    ['a content script on another site', { id: EXT_ID, url: 'https://evil.example/', tab: { id: 3 } }, LOOKUP_PORT],
    ['an extension page', popup, LOOKUP_PORT],
  ])('closes a port with %s at once and listens to nothing on it', (_name, sender, name) => {
    const port = served(sender, name);
    expect(port.closed()).toBe(true);
    expect(port.listeners).toHaveLength(0);
  });

  it('refuses every other request and validates lookups as sendMessage does', async () => {
    const port = served(contentScript);
    expect(await port.send({ id: 1, request: { type: 'clip', snapshot: makeSnapshot() } })).toEqual([
      { id: 1, reply: { ok: false, error: { code: 'invalid-message', message: expect.any(String) } } },
    ]);
    expect(await db.clippings.count()).toBe(0);
    const [bad] = await port.send({ id: 2, request: { type: 'savedState', postIds: 'all' } });
    expect(bad).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'invalid-message' } } });
    // No number to answer with: not answered at all.
    expect(await port.send({ request: { type: 'savedState', postIds: ['1'] } })).toEqual([]);
    expect(await port.send(null)).toEqual([]);
  });
});
