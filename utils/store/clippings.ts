import Dexie from 'dexie';
import type { PostSnapshot } from '@/utils/snapshot';
import { MAX_CAPTURES, OWNER, newAnnotation, type AnnotationRecord, type ClipperDB, type ClippingRecord } from './db';
import { searchWords } from '@/utils/domain/words';
import { reconcileText } from '@/utils/domain/text-versions';
import { votesOf } from '@/utils/domain/agreement';
import { recordChanges } from './outbox';
import { markForTeam } from './team-marks';
import { adjustClippingCount } from './counts';
import { indexClippings } from './word-index';

export { countClippings } from './counts';

/**
 * Store operations on clippings. The background calls them for content scripts; pages call them directly.
 * Each write that adds, removes or restores a clipping records the change in the outbox in its own
 * transaction (utils/store/outbox.ts), so X tabs are told of it even if the worker stops at once.
 */

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

function captureOf(snapshot: PostSnapshot) {
  return { capturedAt: snapshot.capturedAt, pageUrl: snapshot.pageUrl, counts: snapshot.counts };
}

/**
 * Saves a snapshot. A post clipped before (even if removed) keeps its first clip time, every
 * earlier capture's counts and every annotation; its snapshot becomes the new one and it is no
 * longer removed. A text that differs from the stored one (the post was edited) keeps the other as an
 * earlier version; a capture cut short at "Show more" keeps the fuller text of the same post. A new clipping gets the owner's annotation, undecided (one imported earlier may have none: absent, it is blank). `addedToLibrary` says
 * whether the post joined the library (never clipped, or clipped and removed) or was there already.
 */
export async function saveClipping(db: ClipperDB, snapshot: PostSnapshot, now = Date.now()): Promise<{ addedToLibrary: boolean }> {
  return db.transaction('rw', [db.clippings, db.annotations, db.outbox, db.meta, db.wordPosts], async () => {
    await recordChanges(db, [{ postId: snapshot.postId, saved: true }]);
    await markForTeam(db, [snapshot.postId], now);
    const existing = await db.clippings.get(snapshot.postId);
    const annotations = await db.annotations.where('postId').equals(snapshot.postId).toArray();
    // A post new to the library gets the owner's blank annotation, dated its clip time (one record
    // per click). One clipped before without it (imported) is left without: absent, it reads as that
    // same blank one (`blankOwnerAnnotation`), and it adds nothing to the words or the votes.
    if (!existing && !annotations.some((a) => a.contributorId === OWNER)) {
      const mine = newAnnotation(snapshot.postId, OWNER, now);
      await db.annotations.add(mine);
      annotations.push(mine);
    }
    const postedAt = postedTime(snapshot);
    if (!existing) {
      const record = newClippingRecord(snapshot, annotations, now);
      await indexClippings(db, [{ record }]);
      await db.clippings.add(record);
      await adjustClippingCount(db, 1);
      return { addedToLibrary: true };
    }
    const captures = [...existing.captures, captureOf(snapshot)].slice(-MAX_CAPTURES);
    const { keep, versions } = reconcileText(existing.snapshot, snapshot, existing.versions);
    const kept = keep === 'incoming' ? snapshot : keptText(existing.snapshot, snapshot);
    const record: ClippingRecord = {
      ...existing,
      snapshot: kept,
      versions: versions.length > 0 ? versions : undefined,
      words: searchWords(kept, annotations, versions),
      ...votesOf(annotations),
      updatedAt: now,
      authorHandle: snapshot.author.handle.toLowerCase(),
      postedAt: postedAt || existing.postedAt,
      removed: 0,
      removedAt: undefined,
      captures,
    };
    await indexClippings(db, [{ record, before: existing }]);
    await db.clippings.put(record);
    if (existing.removed === 1) await adjustClippingCount(db, 1);
    return { addedToLibrary: existing.removed === 1 };
  });
}

function postedTime(snapshot: PostSnapshot): number {
  return snapshot.postedAt ? Date.parse(snapshot.postedAt) || 0 : 0;
}

/**
 * The record of a post clipped for the first time, with the search words of its snapshot and of
 * these annotations. saveClipping stores it; the benchmark's bulk seeding builds its records with it.
 * Its `wordBlock` is given by indexClippings (utils/store/word-index.ts) as it is stored.
 */
export function newClippingRecord(snapshot: PostSnapshot, annotations: ReadonlyArray<{ lesson: string; note: string; verdict: AnnotationRecord['verdict'] }>, now: number): ClippingRecord {
  return {
    postId: snapshot.postId,
    snapshot,
    clippedAt: now,
    updatedAt: now,
    authorHandle: snapshot.author.handle.toLowerCase(),
    postedAt: postedTime(snapshot),
    removed: 0,
    captures: [captureOf(snapshot)],
    words: searchWords(snapshot, annotations),
    ...votesOf(annotations),
  };
}

/**
 * A new capture with the stored capture's text: the whole text kept over a capture cut short, or the
 * newer text when this capture is the older one. The kept text says where it came from, as it did
 * (snapshot version 2's `sources`).
 */
function keptText(old: PostSnapshot, fresh: PostSnapshot): PostSnapshot {
  const kept: PostSnapshot = { ...fresh, text: old.text, entities: old.entities, truncated: old.truncated };
  if (old.sources?.text || fresh.sources) kept.sources = { ...fresh.sources, text: old.sources?.text ?? 'dom', entities: old.sources?.entities ?? 'dom' };
  return kept;
}

/** Soft-deletes a clipping: it disappears from lists but keeps its snapshot and annotations. */
export async function removeClipping(db: ClipperDB, postId: string, now = Date.now()): Promise<void> {
  // Not found is thrown outside the transaction: Dexie would turn an error of that name into its own.
  const found = await db.transaction('rw', db.clippings, db.outbox, db.meta, async () => {
    const before = await db.clippings.get(postId);
    if (!before) return false;
    await db.clippings.update(postId, { removed: 1, removedAt: now, updatedAt: now });
    if (before.removed === 0) await adjustClippingCount(db, -1);
    await recordChanges(db, [{ postId, saved: false }]);
    return true;
  });
  if (!found) throw new NotFoundError(`No clipping ${postId}`);
}

/** Brings back a removed clipping, as it was. */
export async function restoreClipping(db: ClipperDB, postId: string, now = Date.now()): Promise<void> {
  // Not found is thrown outside the transaction: Dexie would turn an error of that name into its own.
  const found = await db.transaction('rw', db.clippings, db.outbox, db.meta, async () => {
    const before = await db.clippings.get(postId);
    if (!before) return false;
    await db.clippings.update(postId, { removed: 0, removedAt: undefined, updatedAt: now });
    if (before.removed === 1) await adjustClippingCount(db, 1);
    await recordChanges(db, [{ postId, saved: true }]);
    return true;
  });
  if (!found) throw new NotFoundError(`No clipping ${postId}`);
}

/** Which of these post ids are clipped (and not removed): one indexed lookup for a batch. */
export async function savedPostIds(db: ClipperDB, postIds: readonly string[]): Promise<string[]> {
  if (postIds.length === 0) return [];
  const records = await db.clippings.bulkGet([...new Set(postIds)]);
  return records.filter((r): r is ClippingRecord => r !== undefined && r.removed === 0).map((r) => r.postId);
}

/** The most recently clipped, newest first, read through the [removed+clippedAt] index. */
export function latestClippings(db: ClipperDB, limit: number): Promise<ClippingRecord[]> {
  return db.clippings
    .where('[removed+clippedAt]')
    .between([0, Dexie.minKey], [0, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
}
