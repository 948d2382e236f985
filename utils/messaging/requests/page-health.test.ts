import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClipperDB } from '@/utils/store/db';
import { createRequestHandler, type Sender, type ServerDeps } from '../server';

/** The page-health request's check of what the check against X's own data found (utils/x/data/health.ts). */
const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const contentScript: Sender = { id: EXT_ID, url: 'https://x.com/home', tab: { id: 7, url: 'https://x.com/home' }, frameId: 0 };
const xData = { unreadable: 3, missing: { post: 0, text: 3, tag: 0, link: 0, actionBar: 1 } };

let db: ClipperDB;
let recordPageHealth: ReturnType<typeof vi.fn<ServerDeps['recordPageHealth']>>;
let handle: ReturnType<typeof createRequestHandler>;

beforeEach(() => {
  db = new ClipperDB(`page-health-${Math.random()}`);
  recordPageHealth = vi.fn<ServerDeps['recordPageHealth']>(async () => {});
  handle = createRequestHandler({ db, extensionId: EXT_ID, extensionBaseUrl: `chrome-extension://${EXT_ID}/`, publishChanges: async () => {}, recordPageHealth, now: () => 5000 });
});
afterEach(async () => {
  await db.delete();
});

describe('pageHealth with the check against X\'s data', () => {
  it('keeps the counts for the tab, with or without the other fields', async () => {
    expect((await handle({ type: 'pageHealth', unreadable: 0, readable: 5, xData }, contentScript)).ok).toBe(true);
    expect(recordPageHealth).toHaveBeenLastCalledWith(7, { unreadable: 0, readable: 5, url: 'https://x.com/home', xData });
    const missing = { link: 1, actionBar: 0 };
    expect((await handle({ type: 'pageHealth', unreadable: 1, readable: 5, missing, xData }, contentScript)).ok).toBe(true);
    expect(recordPageHealth).toHaveBeenLastCalledWith(7, { unreadable: 1, readable: 5, url: 'https://x.com/home', missing, xData });
  });

  it('refuses counts that are not whole numbers from 0, or that leave a part out, and keeps nothing', async () => {
    for (const bad of [
      { ...xData, unreadable: -1 },
      { ...xData, missing: { ...xData.missing, text: 1.5 } },
      { unreadable: 1, missing: { text: 1 } },
      { unreadable: '3', missing: xData.missing },
    ]) {
      expect(await handle({ type: 'pageHealth', unreadable: 0, readable: 5, xData: bad }, contentScript)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    }
    expect(recordPageHealth).not.toHaveBeenCalled();
  });
});
