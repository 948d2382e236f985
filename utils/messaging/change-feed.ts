import { browser } from 'wxt/browser';
import { CHANGE_FEED_KEY, type ChangeFeed } from './protocol';

/**
 * Announces saves and removals to every open X tab and extension page: a write to storage.local
 * reaches each of them through storage.onChanged, with no list of tabs kept in the worker's memory
 * and no extra permission.
 */
export async function publishChanges(changes: ChangeFeed['changes']): Promise<void> {
  const feed: ChangeFeed = { seq: Date.now() + Math.random(), changes };
  await browser.storage.local.set({ [CHANGE_FEED_KEY]: feed });
}

/** Reads a change feed value from storage.onChanged, ignoring anything malformed. */
export function readChangeFeed(value: unknown): ChangeFeed['changes'] {
  const changes = (value as ChangeFeed | undefined)?.changes;
  if (!Array.isArray(changes)) return [];
  return changes.filter((c) => c && typeof c.postId === 'string' && typeof c.saved === 'boolean');
}
