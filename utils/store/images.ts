import Dexie from 'dexie';
import type { ClipperDB, ImageCopyRecord } from './db';
import type { PostSnapshot } from '@/utils/snapshot';
import { BATCH_SIZE, imageSources, nextAttemptAt } from '@/utils/images/plan';
import { CopyError, type ImageCopy } from '@/utils/images/fetch-copy';

/**
 * Local copies of clippings' images (table `images`, version 5): which are wanted, which are kept,
 * which failed and when to try again, and the storage they use. Fetching is passed in, so the rules
 * are tested without a network; the background wires it to the media CDN.
 */

export type { ImageCopyRecord } from './db';

/** Marks a clipping's images as wanted. A re-clip gives images that were given up another chance. */
export async function queueCopies(db: ClipperDB, postId: string, snapshot: Pick<PostSnapshot, 'media' | 'quoted'>, now: number): Promise<number> {
  const urls = imageSources(snapshot);
  if (urls.length === 0) return 0;
  return db.transaction('rw', db.images, async () => {
    const existing = await db.images.bulkGet(urls.map((url) => [postId, url] as [string, string]));
    const fresh: ImageCopyRecord[] = [];
    urls.forEach((url, i) => {
      const had = existing[i];
      if (had && had.state !== 'failed') return;
      fresh.push({ postId, url, state: 'pending', size: 0, attempts: 0, nextAttemptAt: now, updatedAt: now });
    });
    await db.images.bulkPut(fresh);
    return fresh.length;
  });
}

/** Marks the images of every clipping in the library (not removed ones) as wanted, in pages of clippings. */
export async function queueLibrary(db: ClipperDB, now: number): Promise<number> {
  let queued = 0;
  let last: string | undefined;
  const PAGE = 200;
  for (;;) {
    const page = await (last === undefined ? db.clippings.orderBy('postId') : db.clippings.where('postId').above(last)).limit(PAGE).toArray();
    if (page.length === 0) return queued;
    for (const c of page) if (c.removed === 0) queued += await queueCopies(db, c.postId, c.snapshot, now);
    last = page[page.length - 1]!.postId;
  }
}

/** Copies whose (next) attempt is due, oldest first, at most `limit`. */
export function dueCopies(db: ClipperDB, now: number, limit = BATCH_SIZE): Promise<ImageCopyRecord[]> {
  return db.images.where('[state+nextAttemptAt]').between(['pending', Dexie.minKey], ['pending', now], true, true).limit(limit).toArray();
}

/** Stores a fetched copy (only if it is still wanted: removal may have come meanwhile). */
export async function keepCopy(db: ClipperDB, postId: string, url: string, copy: Pick<ImageCopy, 'bytes' | 'type'>, now: number): Promise<void> {
  await db.transaction('rw', db.images, async () => {
    const had = await db.images.get([postId, url]);
    if (!had) return;
    await db.images.put({ postId, url, state: 'kept', data: copy.bytes, type: copy.type, size: copy.bytes.length, attempts: had.attempts, nextAttemptAt: 0, updatedAt: now });
  });
}

/** Records a failed attempt: tried again later, or given up after the last attempt. */
export async function failCopy(db: ClipperDB, postId: string, url: string, failure: string, now: number): Promise<void> {
  await db.transaction('rw', db.images, async () => {
    const had = await db.images.get([postId, url]);
    if (!had || had.state === 'kept') return;
    const attempts = had.attempts + 1;
    const next = nextAttemptAt(attempts, now);
    await db.images.put({ ...had, state: next === null ? 'failed' : 'pending', attempts, nextAttemptAt: next ?? 0, failure, updatedAt: now });
  });
}

export interface CopyRunResult {
  kept: number;
  failed: number;
  /** More copies were due than one run takes. */
  more: boolean;
}

/**
 * Fetches one batch of due copies, one at a time, and records each outcome. Never throws for a copy
 * that fails: it is retried on the schedule in utils/images/plan.ts.
 */
export async function runDueCopies(db: ClipperDB, fetchCopy: (url: string) => Promise<Pick<ImageCopy, 'bytes' | 'type'>>, now: () => number, limit = BATCH_SIZE): Promise<CopyRunResult> {
  const due = await dueCopies(db, now(), limit + 1);
  const batch = due.slice(0, limit);
  let kept = 0;
  let failed = 0;
  for (const record of batch) {
    try {
      const copy = await fetchCopy(record.url);
      await keepCopy(db, record.postId, record.url, copy, now());
      kept++;
    } catch (error) {
      await failCopy(db, record.postId, record.url, error instanceof CopyError ? error.reason : 'network', now());
      failed++;
    }
  }
  return { kept, failed, more: due.length > limit };
}

/** A clipping's copies (the library and popup show kept ones, and say which could not be kept). */
export function copiesOf(db: ClipperDB, postId: string): Promise<ImageCopyRecord[]> {
  return db.images.where('postId').equals(postId).toArray();
}

/** A kept copy of an image by its address in a snapshot, or undefined. */
export async function readCopy(db: ClipperDB, url: string): Promise<{ bytes: Uint8Array; type: string } | undefined> {
  const kept = await db.images.where('url').equals(url).filter((r) => r.state === 'kept' && r.data !== undefined).first();
  return kept ? { bytes: kept.data!, type: kept.type ?? 'application/octet-stream' } : undefined;
}

/**
 * The export's image reader ("Include images"): a kept copy as it is, else `fetchImage` (X's media
 * CDN), so an image with a copy is never fetched again.
 */
export function copyFirst(db: ClipperDB, fetchImage: (url: string) => Promise<Uint8Array>): (url: string) => Promise<Uint8Array> {
  return async (url) => (await readCopy(db, url))?.bytes ?? fetchImage(url);
}

export interface CopyUsage {
  /** Bytes of kept copies. */
  bytes: number;
  kept: number;
  pending: number;
  failed: number;
}

/** The storage used by copies and how many are kept, waiting and given up, read from indexes only. */
export async function copyUsage(db: ClipperDB): Promise<CopyUsage> {
  return db.transaction('r', db.images, async () => {
    const sizes = (await db.images.orderBy('size').keys()) as number[];
    const [kept, pending, failed] = await Promise.all((['kept', 'pending', 'failed'] as const).map((s) => db.images.where('state').equals(s).count()));
    return { bytes: sizes.reduce((a, b) => a + b, 0), kept: kept!, pending: pending!, failed: failed! };
  });
}

/** Removes every copy (the options page's "Remove image copies"). */
export function removeAllCopies(db: ClipperDB): Promise<void> {
  return db.images.clear();
}

/** Removes one clipping's copies (when the clipping is removed for good). */
export function removeCopiesOf(db: ClipperDB, postId: string): Promise<number> {
  return db.images.where('postId').equals(postId).delete();
}

/** A retry due within this long is run on a timer; later ones wait for the next clip or worker start. */
const SOON_MS = 5 * 60_000;

export interface ImageCopier {
  /** After a save or restore: queues the clipping's images and fetches what is due. */
  afterSave(postIds: string[]): Promise<void>;
  /** When the choice is turned on: queues the whole library, then fetches in batches. */
  backfill(): Promise<void>;
  /** Fetches what is due (at start: copies that failed before and are due again). */
  run(): Promise<void>;
}

/**
 * The background's copier: one run at a time (a request during a run makes it go round again),
 * batches of BATCH_SIZE with a pause between them so a backfill never holds the worker busy, and
 * nothing at all unless `enabled` (the choice is on and the media permission granted). State is in
 * the database only, so a worker stopped mid-run carries on at its next start.
 */
export function createImageCopier(deps: {
  db: ClipperDB;
  enabled(): Promise<boolean>;
  fetchCopy(url: string): Promise<Pick<ImageCopy, 'bytes' | 'type'>>;
  now(): number;
  pause?(): Promise<void>;
  /** Calls `run` again after `delay` ms (a timer: it runs only while the worker stays awake). */
  schedule?(run: () => void, delay: number): void;
}): ImageCopier {
  const { db, now } = deps;
  const pause = deps.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 250)));
  const schedule = deps.schedule ?? ((fn: () => void, delay: number) => void setTimeout(fn, delay));
  let timerFor = Infinity;

  /** A retry due soon (the first ones, a minute after a failure) is run while the worker is still awake. */
  async function scheduleNext() {
    const [next] = await db.images.where('[state+nextAttemptAt]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).limit(1).toArray();
    if (!next) return;
    const delay = Math.max(0, next.nextAttemptAt - now());
    if (delay > SOON_MS || next.nextAttemptAt >= timerFor) return;
    timerFor = next.nextAttemptAt;
    schedule(() => {
      timerFor = Infinity;
      void run();
    }, delay);
  }
  let running: Promise<void> | null = null;
  let again = false;

  async function drain() {
    for (;;) {
      if (!(await deps.enabled())) return;
      const { more } = await runDueCopies(db, deps.fetchCopy, now);
      if (!more) return;
      await pause();
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drain();
      } while (again);
      if (await deps.enabled()) await scheduleNext();
    })()
      .catch((error: unknown) => console.error('[LGA Guide Clipper] image copies not made', error))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    async afterSave(postIds) {
      if (postIds.length === 0 || !(await deps.enabled())) return;
      const records = await db.clippings.bulkGet(postIds);
      for (const r of records) if (r && r.removed === 0) await queueCopies(db, r.postId, r.snapshot, now());
      return run();
    },
    async backfill() {
      if (!(await deps.enabled())) return;
      await queueLibrary(db, now());
      return run();
    },
    run,
  };
}
