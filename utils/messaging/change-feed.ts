import { browser } from 'wxt/browser';
import { CHANGE_FEED_KEY, type ChangeFeed } from './protocol';

/**
 * The change feed announces saves and removals to every open X tab and extension page: a write to
 * storage.local reaches each of them through storage.onChanged, with no list of tabs kept in the
 * worker's memory and no extra permission. What to announce comes from the outbox
 * (utils/store/outbox.ts, `publishCommitted`), which both the background and pages publish through
 * `writeChangeFeed`.
 *
 * A feed value is `{ seq, changes }`, or `{ seq, changes: [], resync: true }` when too many posts
 * changed at once to list (a large import): a tab then asks the background again for the saved state
 * of the posts it shows.
 */

/** Writes one announcement to the change feed (`seq` makes every write a change that storage.onChanged reports). */
export async function writeChangeFeed(news: { changes: ChangeFeed['changes']; resync: boolean }): Promise<void> {
  const feed: ChangeFeed = { seq: Date.now() + Math.random(), changes: news.resync ? [] : news.changes };
  if (news.resync) feed.resync = true;
  await browser.storage.local.set({ [CHANGE_FEED_KEY]: feed });
}

/** Reads a change feed value from storage.onChanged, ignoring anything malformed. */
export function readChangeFeed(value: unknown): ChangeFeed['changes'] {
  const changes = (value as ChangeFeed | undefined)?.changes;
  if (!Array.isArray(changes)) return [];
  return changes.filter((c) => c && typeof c.postId === 'string' && typeof c.saved === 'boolean');
}

/** Whether a change feed value asks every tab to look up its posts' saved state again (too many changed to list). */
export function feedAsksResync(value: unknown): boolean {
  return (value as ChangeFeed | undefined)?.resync === true;
}
