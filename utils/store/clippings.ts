import Dexie from 'dexie';
import type { PostSnapshot } from '@/utils/snapshot';
import { MAX_CAPTURES, OWNER, newAnnotation, type ClipperDB, type ClippingRecord } from './db';
import { searchWords } from '@/utils/domain/words';
import { recordChanges } from './outbox';

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
 * longer removed. A new clipping gets the owner's annotation, undecided. `addedToLibrary` says
 * whether the post joined the library (never clipped, or clipped and removed) or was there already.
 */
export async function saveClipping(db: ClipperDB, snapshot: PostSnapshot, now = Date.now()): Promise<{ addedToLibrary: boolean }> {
  return db.transaction('rw', db.clippings, db.annotations, db.outbox, async () => {
    await recordChanges(db, [{ postId: snapshot.postId, saved: true }]);
    const existing = await db.clippings.get(snapshot.postId);
    const annotations = await db.annotations.where('postId').equals(snapshot.postId).toArray();
    if (!annotations.some((a) => a.contributorId === OWNER)) {
      const mine = newAnnotation(snapshot.postId, OWNER, now);
      await db.annotations.add(mine);
      annotations.push(mine);
    }
    const postedAt = postedTime(snapshot);
    if (!existing) {
      await db.clippings.add(newClippingRecord(snapshot, annotations, now));
      return { addedToLibrary: true };
    }
    const captures = [...existing.captures, captureOf(snapshot)].slice(-MAX_CAPTURES);
    const kept = keepFullerText(existing.snapshot, snapshot);
    await db.clippings.put({
      ...existing,
      // A capture that X cut short ("Show more") does not replace a fuller one of the same post.
      snapshot: kept,
      words: searchWords(kept, annotations),
      updatedAt: now,
      authorHandle: snapshot.author.handle.toLowerCase(),
      postedAt: postedAt || existing.postedAt,
      removed: 0,
      removedAt: undefined,
      captures,
    });
    return { addedToLibrary: existing.removed === 1 };
  });
}

function postedTime(snapshot: PostSnapshot): number {
  return snapshot.postedAt ? Date.parse(snapshot.postedAt) || 0 : 0;
}

/**
 * The record of a post clipped for the first time, with the search words of its snapshot and of
 * these annotations. saveClipping stores it; the benchmark's bulk seeding builds its records with it.
 */
export function newClippingRecord(snapshot: PostSnapshot, annotations: ReadonlyArray<{ lesson: string; note: string }>, now: number): ClippingRecord {
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
  };
}

function keepFullerText(old: PostSnapshot, fresh: PostSnapshot): PostSnapshot {
  if (fresh.truncated && !old.truncated && old.text.length > fresh.text.length) {
    const kept: PostSnapshot = { ...fresh, text: old.text, entities: old.entities, truncated: false };
    // The kept text says where it came from, as it did (snapshot version 2's sources).
    if (old.sources?.text || fresh.sources) kept.sources = { ...fresh.sources, text: old.sources?.text ?? 'dom', entities: old.sources?.entities ?? 'dom' };
    return kept;
  }
  return fresh;
}

/** Soft-deletes a clipping: it disappears from lists but keeps its snapshot and annotations. */
export async function removeClipping(db: ClipperDB, postId: string, now = Date.now()): Promise<void> {
  // Not found is thrown outside the transaction: Dexie would turn an error of that name into its own.
  const found = await db.transaction('rw', db.clippings, db.outbox, async () => {
    const changed = await db.clippings.update(postId, { removed: 1, removedAt: now, updatedAt: now });
    if (changed === 0 && !(await db.clippings.get(postId))) return false;
    await recordChanges(db, [{ postId, saved: false }]);
    return true;
  });
  if (!found) throw new NotFoundError(`No clipping ${postId}`);
}

/** Brings back a removed clipping, as it was. */
export async function restoreClipping(db: ClipperDB, postId: string, now = Date.now()): Promise<void> {
  // Not found is thrown outside the transaction: Dexie would turn an error of that name into its own.
  const found = await db.transaction('rw', db.clippings, db.outbox, async () => {
    const changed = await db.clippings.update(postId, { removed: 0, removedAt: undefined, updatedAt: now });
    if (changed === 0 && !(await db.clippings.get(postId))) return false;
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

export function countClippings(db: ClipperDB): Promise<number> {
  return db.clippings.where('removed').equals(0).count();
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
