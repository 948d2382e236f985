import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { CHANGE_FEED_KEY } from './protocol';
import { feedAsksResync, readChangeFeed, writeChangeFeed } from './change-feed';

async function stored(): Promise<unknown> {
  return (await browser.storage.local.get(CHANGE_FEED_KEY))[CHANGE_FEED_KEY];
}

describe('the change feed', () => {
  it('writes the changes under CHANGE_FEED_KEY, a new value every time, which readChangeFeed reads back', async () => {
    const heard: unknown[] = [];
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes[CHANGE_FEED_KEY]) heard.push(changes[CHANGE_FEED_KEY].newValue);
    });
    const changes = [{ postId: '1', saved: true }, { postId: '2', saved: false }];
    await writeChangeFeed({ changes, resync: false });
    await writeChangeFeed({ changes, resync: false }); // the same news again is still heard
    expect(heard).toHaveLength(2);
    expect(readChangeFeed(await stored())).toEqual(changes);
    expect(feedAsksResync(await stored())).toBe(false);
  });

  it('writes a resync as no changes and a flag, so a reader without the flag changes nothing', async () => {
    await writeChangeFeed({ changes: [{ postId: '1', saved: true }], resync: true });
    const value = await stored();
    expect(value).toMatchObject({ changes: [], resync: true });
    expect(readChangeFeed(value)).toEqual([]);
    expect(feedAsksResync(value)).toBe(true);
  });

  it('ignores malformed values', () => {
    expect(readChangeFeed(undefined)).toEqual([]);
    expect(readChangeFeed({ changes: 'no' })).toEqual([]);
    expect(readChangeFeed({ changes: [null, { postId: 1, saved: true }, { postId: '3', saved: 'yes' }, { postId: '4', saved: true }] })).toEqual([{ postId: '4', saved: true }]);
    expect(feedAsksResync({ resync: 'true' })).toBe(false);
    expect(feedAsksResync(null)).toBe(false);
  });
});
