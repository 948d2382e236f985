import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { ANN, BEA, clip, councilPost, freshDbsPerTest, postId } from '@/tests/unit/bundles';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { exportLibrary } from './export-source';
import { readBundleBytes } from '@/utils/bundle/import';
import type { Bundle } from '@/utils/bundle/schema';
import { ClipperDB, type ClipChange } from './db';
import { NotFoundError, removeClipping, restoreClipping, saveClipping } from './clippings';
import { applyMerge } from './merge';
import { MAX_FEED_CHANGES, newsOf, publishCommitted, type CommittedNews } from './outbox';
import { failNextWrite } from '@/tests/unit/dbcore';
import { fakeLocks } from '@/tests/unit/web-locks';

const db = freshDbsPerTest();

async function waiting(d: ClipperDB): Promise<ClipChange[]> {
  return (await d.outbox.toArray()).flatMap((e) => e.changes);
}

async function bundleOf(library: ClipperDB): Promise<Bundle> {
  const { bytes } = await exportLibrary(library, { scope: { kind: 'all' }, anonymise: false, includeImages: false, contributor: ANN, now: new Date('2026-11-21T09:00:00Z') });
  const read = readBundleBytes(bytes);
  if (!read.ok) throw new Error(read.problem.code);
  return read.bundle;
}

/** A writeFeed that keeps what it was asked to write. */
function feedLog() {
  const written: CommittedNews[] = [];
  return { written, write: vi.fn(async (news: CommittedNews) => void written.push(news)) };
}

describe('the outbox: each write records what it changed, in its own transaction', () => {
  it('records a save, a removal and a restore in the order they committed', async () => {
    const d = db();
    await saveClipping(d, makeSnapshot({ postId: '1' }), 1);
    await removeClipping(d, '1', 2);
    await restoreClipping(d, '1', 3);
    expect(await waiting(d)).toEqual([
      { postId: '1', saved: true },
      { postId: '1', saved: false },
      { postId: '1', saved: true },
    ]);
  });

  it('records nothing when the write fails: a save rolled back, a removal of a post not in the library', async () => {
    const d = db();
    vi.spyOn(d.clippings, 'add').mockRejectedValueOnce(new Error('QuotaExceededError'));
    await expect(saveClipping(d, makeSnapshot({ postId: '1' }), 1)).rejects.toThrow('QuotaExceededError');
    await expect(removeClipping(d, '42')).rejects.toBeInstanceOf(NotFoundError);
    await expect(restoreClipping(d, '42')).rejects.toBeInstanceOf(NotFoundError);
    expect(await d.clippings.count()).toBe(0);
    expect(await d.outbox.count()).toBe(0);
  });

  it('records the posts a merge adds as saved, and none that were already here (removed ones stay removed)', async () => {
    const ann = db();
    for (const i of [1, 2, 3]) await clip(ann, councilPost(i), { verdict: 'do' });
    const bundle = await bundleOf(ann);
    const bea = db();
    await clip(bea, councilPost(2));
    await removeClipping(bea, postId(2));
    await bea.outbox.clear();
    await applyMerge(bea, bundle, BEA);
    expect(await waiting(bea)).toEqual([
      { postId: postId(1), saved: true },
      { postId: postId(3), saved: true },
    ]);
    expect((await bea.clippings.get(postId(2)))!.removed).toBe(1);
    await bea.outbox.clear();
    await applyMerge(bea, bundle, BEA); // the same bundle again adds nothing, so says nothing
    expect(await bea.outbox.count()).toBe(0);
  });

  it('rolls back with a failed merge: no clippings and no outbox entries', async () => {
    const ann = db();
    await clip(ann, councilPost(1), { verdict: 'do' });
    const bundle = await bundleOf(ann);
    const bea = db();
    const full = failNextWrite(bea, 'annotations');
    await bea.open();
    full.arm();
    await expect(applyMerge(bea, bundle, BEA)).rejects.toThrow('QuotaExceededError');
    expect(full.fired()).toBe(true);
    expect(await bea.clippings.count()).toBe(0);
    expect(await bea.outbox.count()).toBe(0);
  });
});

describe('publishCommitted', () => {
  it('writes one feed with each post\'s latest state, then empties the outbox', async () => {
    const d = db();
    await saveClipping(d, makeSnapshot({ postId: '1' }), 1);
    await saveClipping(d, makeSnapshot({ postId: '2' }), 2);
    await removeClipping(d, '1', 3);
    const feed = feedLog();
    expect(await publishCommitted(d, feed.write)).toBe(3);
    expect(feed.written).toEqual([{ changes: [{ postId: '2', saved: true }, { postId: '1', saved: false }], resync: false }]);
    expect(await d.outbox.count()).toBe(0);
  });

  it('writes nothing when the outbox is empty', async () => {
    const d = db();
    const feed = feedLog();
    expect(await publishCommitted(d, feed.write)).toBe(0);
    expect(feed.write).not.toHaveBeenCalled();
  });

  it('deletes only what it announced: a write committed while the feed is written stays for the next', async () => {
    const d = db();
    await saveClipping(d, makeSnapshot({ postId: '1' }), 1);
    const written: CommittedNews[] = [];
    await publishCommitted(d, async (news) => {
      written.push(news);
      await saveClipping(d, makeSnapshot({ postId: '2' }), 2); // commits between the read and the delete
    });
    expect(written).toEqual([{ changes: [{ postId: '1', saved: true }], resync: false }]);
    expect(await waiting(d)).toEqual([{ postId: '2', saved: true }]);
    const feed = feedLog();
    await publishCommitted(d, feed.write);
    expect(feed.written).toEqual([{ changes: [{ postId: '2', saved: true }], resync: false }]);
  });

  it('keeps everything when the feed cannot be written, and the next start announces it', async () => {
    const d = db();
    await saveClipping(d, makeSnapshot({ postId: '1' }), 1);
    await expect(publishCommitted(d, async () => Promise.reject(new Error('storage.local is full')))).rejects.toThrow('storage.local is full');
    expect(await d.outbox.count()).toBe(1);
    d.close();

    // A worker started again opens the database afresh and announces what the last one left.
    const again = new ClipperDB(d.name);
    onTestFinished(() => again.close());
    const feed = feedLog();
    expect(await publishCommitted(again, feed.write)).toBe(1);
    expect(feed.written).toEqual([{ changes: [{ postId: '1', saved: true }], resync: false }]);
    expect(await again.outbox.count()).toBe(0);
  });

  it('runs calls one after another, so the last feed written holds the newest state', async () => {
    const d = db();
    await saveClipping(d, makeSnapshot({ postId: '1' }), 1);
    const written: CommittedNews[] = [];
    let release!: () => void;
    let entered!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const writing = new Promise<void>((r) => (entered = r));
    const first = publishCommitted(d, async (news) => {
      entered();
      await slow;
      written.push(news);
    });
    await writing; // the first has read the outbox and is writing its feed
    await removeClipping(d, '1', 2);
    const second = publishCommitted(d, async (news) => void written.push(news));
    release();
    await Promise.all([first, second]);
    expect(written.map((n) => n.changes)).toEqual([[{ postId: '1', saved: true }], [{ postId: '1', saved: false }]]);
    expect(await d.outbox.count()).toBe(0);
  });

  it('runs one at a time across contexts too (the background and a page), by a Web Lock', async () => {
    const background = db();
    await saveClipping(background, makeSnapshot({ postId: '1' }), 1);
    const page = new ClipperDB(background.name); // another context's connection to the same database
    onTestFinished(() => page.close());
    const written: CommittedNews[] = [];
    let release!: () => void;
    let entered!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const writing = new Promise<void>((r) => (entered = r));
    const locks = fakeLocks(); // one lock manager for the whole extension origin, as in the browser
    const first = publishCommitted(
      background,
      async (news) => {
        entered();
        await slow;
        written.push(news);
      },
      locks,
    );
    await writing;
    await removeClipping(page, '1', 2);
    const second = publishCommitted(page, async (news) => void written.push(news), locks);
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toEqual([]); // the page waits for the background's lock
    release();
    await Promise.all([first, second]);
    expect(written.map((n) => n.changes)).toEqual([[{ postId: '1', saved: true }], [{ postId: '1', saved: false }]]);
  });

  it('announces a large import as one small resync, not ten thousand changes', async () => {
    const changes = Array.from({ length: 10_000 }, (_, i) => ({ postId: String(1_000_000 + i), saved: true }));
    const news = newsOf([{ seq: 1, changes }]);
    expect(news).toEqual({ changes: [], resync: true });
    expect(newsOf([{ seq: 1, changes: changes.slice(0, MAX_FEED_CHANGES) }]).changes).toHaveLength(MAX_FEED_CHANGES);

    const d = db();
    await d.transaction('rw', d.outbox, () => d.outbox.add({ changes }));
    const feed = feedLog();
    await publishCommitted(d, feed.write);
    expect(feed.written).toEqual([{ changes: [], resync: true }]);
    expect(JSON.stringify(feed.written[0]).length).toBeLessThan(100);
  });
});
