import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { createRequestHandler, type Sender, type ServerDeps } from '../server';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { snapshotToStore } from './clip';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const contentScript: Sender = { id: EXT_ID, url: 'https://x.com/home', tab: { id: 7, url: 'https://x.com/home' }, frameId: 0 };
const POST = '1846200000000000001';
const LONG = `${'Our budget consultation is open until Friday. '.repeat(12)}#lgadigital`;

/** A record of the post as the main-world reader keeps it (utils/x/data/read-response.ts). */
const record = (overrides: Record<string, unknown> = {}) => ({
  id: POST,
  text: LONG,
  long: true,
  entities: { hashtags: ['lgadigital'], mentions: [], urls: [] },
  counts: { replies: 1, quotes: 9 },
  media: [],
  edits: { ids: [POST] },
  author: { handle: 'ExampleBoroughCncl', verifiedType: 'Government' },
  taggedIn: 'own',
  ...overrides,
});

describe('snapshotToStore', () => {
  const page = makeSnapshot({ text: 'Our budget consultation is open until Friday. Our budg', truncated: true });

  it("enriches the page's snapshot from a valid record of the same post", () => {
    const stored = snapshotToStore(page, record());
    expect(stored).toMatchObject({ schema: 2, text: LONG, truncated: false, counts: { replies: 3, quotes: 9 }, edits: { ids: [POST] }, author: { verifiedType: 'Government' } });
    expect(stored.sources).toMatchObject({ text: 'x-data', counts: { replies: 'dom', quotes: 'x-data' }, verification: 'x-data' });
  });

  it("stores the page's snapshot alone (version 2) for no record, a forged one or another post's", () => {
    const alone = { ...page, schema: 2 };
    expect(snapshotToStore(page, undefined)).toEqual(alone);
    expect(snapshotToStore(page, record({ id: '1846200000000000002' }))).toEqual(alone);
    expect(snapshotToStore(page, record({ text: 5 }))).toEqual(alone);
    expect(snapshotToStore(page, record({ media: [{ type: 'photo', url: 'javascript:alert(1)' }] }))).toEqual(alone);
    expect(snapshotToStore(page, 'not a record')).toEqual(alone);
    expect(snapshotToStore(page, record({ counts: { quotes: -1 } }))).toEqual(alone);
    expect(snapshotToStore(page, record({ entities: { hashtags: [], mentions: ['a b'], urls: [] } }))).toEqual(alone);
    expect(snapshotToStore(page, record({ entities: { hashtags: [], mentions: [], urls: [{ url: 'https://t.co/x', expandedUrl: 'http://plain.example' }] } }))).toEqual(alone);
    expect(snapshotToStore(page, record({ text: 'x'.repeat(40_001) }))).toEqual(alone);
  });
});

describe('the clip request with X data', () => {
  let db: ClipperDB;
  let handle: ReturnType<typeof createRequestHandler>;
  beforeEach(() => {
    db = new ClipperDB(`clip-${Math.random()}`);
    const deps: ServerDeps = { db, extensionId: EXT_ID, extensionBaseUrl: `chrome-extension://${EXT_ID}/`, publishChanges: vi.fn(async () => {}), recordPageHealth: vi.fn(async () => {}), now: () => 5000 };
    handle = createRequestHandler(deps);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('stores the whole text and the quote count; a forged record never refuses the clip', async () => {
    const cut = makeSnapshot({ text: 'Our budget consultation is open until Friday. Our budg', truncated: true });
    expect((await handle({ type: 'clip', snapshot: cut, xData: record() }, contentScript)).ok).toBe(true);
    expect((await db.clippings.get(POST))?.snapshot).toMatchObject({ schema: 2, text: LONG, truncated: false, counts: { quotes: 9 } });

    const other = makeSnapshot({ postId: '1846200000000000003' });
    expect((await handle({ type: 'clip', snapshot: other, xData: { id: '1846200000000000003', text: ['forged'] } }, contentScript)).ok).toBe(true);
    expect((await db.clippings.get('1846200000000000003'))?.snapshot).toEqual({ ...other, schema: 2 });
  });
});
