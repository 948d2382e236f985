import type { ClipChange, ClipperDB, OutboxRecord } from './db';

/**
 * The outbox: every write that adds, removes or restores clippings records what it changed in the
 * `outbox` table inside its own transaction, so the record commits (or rolls back) with the change.
 * `publishCommitted` then announces the outbox through the change feed and deletes what it announced.
 * The background publishes after each write and at every start, so a worker stopped between a
 * commit and its announcement announces it when it next wakes; pages publish after their own writes.
 */

/** More changes than this in one announcement become one `resync` instead (a 10,000-post import stays one small feed write). */
export const MAX_FEED_CHANGES = 500;

/** What one announcement says: the changes, or (`resync`) that many posts changed and tabs should ask again. */
export interface CommittedNews {
  changes: ClipChange[];
  resync: boolean;
}

/**
 * Records changes in the outbox. Call it inside the transaction of the write that made them (the
 * transaction must include `db.outbox`), so the record and the write commit together.
 */
export async function recordChanges(db: ClipperDB, changes: readonly ClipChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.outbox.add({ changes: changes.map(({ postId, saved }) => ({ postId, saved })) });
}

/** One announcement of these outbox entries: each post's latest state, in the order the writes committed. */
export function newsOf(entries: readonly OutboxRecord[], max = MAX_FEED_CHANGES): CommittedNews {
  const latest = new Map<string, boolean>();
  for (const entry of entries) {
    for (const { postId, saved } of entry.changes) {
      latest.delete(postId); // a later change of a post goes after the others
      latest.set(postId, saved);
    }
  }
  if (latest.size > max) return { changes: [], resync: true };
  return { changes: [...latest].map(([postId, saved]) => ({ postId, saved })), resync: false };
}

const running = new WeakMap<ClipperDB, Promise<number>>();

/** The Web Lock that the background and every page take to publish, one at a time. */
export const PUBLISH_LOCK = 'lga-guide-clipper-outbox';

/**
 * Announces everything in the outbox through `writeFeed` (one call), then deletes exactly the
 * entries it announced: entries committed meanwhile stay for the next call. Calls run one after
 * another (in one context by a queue, across the background and pages by a Web Lock where the
 * browser has them), so the last feed written holds the newest state. Resolves to the number of
 * entries announced (0 when the outbox was empty, and then `writeFeed` is not called). If `writeFeed`
 * fails, nothing is deleted and the next call announces it again.
 */
export function publishCommitted(
  db: ClipperDB,
  writeFeed: (news: CommittedNews) => Promise<void>,
  locks: Pick<LockManager, 'request'> | null | undefined = (globalThis.navigator as Navigator | undefined)?.locks,
): Promise<number> {
  const previous = running.get(db) ?? Promise.resolve(0);
  const once = () => publishOnce(db, writeFeed);
  const next = previous.catch(() => 0).then(() => (locks ? underLock(locks, once) : once()));
  running.set(db, next);
  return next;
}

async function underLock(locks: Pick<LockManager, 'request'>, run: () => Promise<number>): Promise<number> {
  let announced = 0;
  await locks.request(PUBLISH_LOCK, async () => {
    announced = await run();
  });
  return announced;
}

async function publishOnce(db: ClipperDB, writeFeed: (news: CommittedNews) => Promise<void>): Promise<number> {
  const entries = await db.outbox.toArray();
  if (entries.length === 0) return 0;
  await writeFeed(newsOf(entries));
  await db.outbox.bulkDelete(entries.map((e) => e.seq!));
  return entries.length;
}
