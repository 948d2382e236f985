import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB } from './db';
import { saveClipping } from './clippings';
import { copiesOf, copyUsage, createImageCopier, dueCopies, queueCopies, queueLibrary, readCopy, removeAllCopies, removeCopiesOf, runDueCopies } from './images';
import { CopyError } from '@/utils/images/fetch-copy';
import { BATCH_SIZE, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '@/utils/images/plan';
import { makeSnapshot } from '@/tests/unit/snapshots';

let db: ClipperDB;
beforeEach(() => {
  db = new ClipperDB(`images-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const photo = (n: number) => `https://pbs.twimg.com/media/P${n}?format=jpg&name=orig`;
const withPhotos = (postId: string, ...ns: number[]) => makeSnapshot({ postId, media: ns.map((n) => ({ type: 'photo' as const, url: photo(n) })) });
const bytes = (n: number) => new Uint8Array(n).fill(1);

describe('image copies in the store', () => {
  it('queues a clipping\u2019s images once, keeps fetched copies and sums the storage they use', async () => {
    expect(await queueCopies(db, '1', withPhotos('1', 1, 2), 100)).toBe(2);
    expect(await queueCopies(db, '1', withPhotos('1', 1, 2), 200)).toBe(0); // already wanted
    const result = await runDueCopies(db, async (url) => ({ bytes: bytes(url.endsWith('P1?format=jpg&name=orig') ? 300 : 200), type: 'image/jpeg' }), () => 300);
    expect(result).toEqual({ kept: 2, failed: 0, more: false });
    expect(await copyUsage(db)).toEqual({ bytes: 500, kept: 2, pending: 0, failed: 0 });
    const copy = await readCopy(db, photo(1));
    expect(copy?.type).toBe('image/jpeg');
    expect(copy?.bytes.length).toBe(300);
    expect(await readCopy(db, photo(9))).toBeUndefined();
  });

  it('tries a failed copy again on the schedule and gives up after the last attempt; a re-clip gives it another chance', async () => {
    await queueCopies(db, '1', withPhotos('1', 1), 0);
    let now = 0;
    const failing = async () => {
      throw new CopyError('http');
    };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect((await runDueCopies(db, failing, () => now)).failed).toBe(1);
      const [record] = await copiesOf(db, '1');
      expect(record!.attempts).toBe(attempt);
      expect(record!.failure).toBe('http');
      if (attempt < MAX_ATTEMPTS) {
        expect(record!.state).toBe('pending');
        expect(record!.nextAttemptAt).toBe(now + RETRY_DELAYS_MS[attempt - 1]!);
        expect(await dueCopies(db, record!.nextAttemptAt - 1)).toEqual([]); // not before its time
        now = record!.nextAttemptAt;
      } else expect(record!.state).toBe('failed');
    }
    expect(await dueCopies(db, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect((await copyUsage(db)).failed).toBe(1);
    expect(await queueCopies(db, '1', withPhotos('1', 1), now)).toBe(1);
    expect((await copiesOf(db, '1'))[0]).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('fetches in batches, and queues the library\u2019s clippings without removed ones', async () => {
    for (let i = 0; i < 12; i++) await saveClipping(db, withPhotos(String(100 + i), i), 1);
    await db.clippings.update('111', { removed: 1 });
    expect(await queueLibrary(db, 5)).toBe(11);
    const first = await runDueCopies(db, async () => ({ bytes: bytes(10), type: 'image/png' }), () => 6);
    expect(first).toEqual({ kept: BATCH_SIZE, failed: 0, more: true });
  });

  it('removes one clipping\u2019s copies, or all of them', async () => {
    await queueCopies(db, '1', withPhotos('1', 1), 0);
    await queueCopies(db, '2', withPhotos('2', 2), 0);
    await runDueCopies(db, async () => ({ bytes: bytes(10), type: 'image/png' }), () => 1);
    expect(await removeCopiesOf(db, '1')).toBe(1);
    expect(await copiesOf(db, '2')).toHaveLength(1);
    await removeAllCopies(db);
    expect(await copyUsage(db)).toEqual({ bytes: 0, kept: 0, pending: 0, failed: 0 });
  });

  it('the copier does nothing while off, copies after a save, and a copy removed mid-fetch is not written back', async () => {
    let on = false;
    const fetched: string[] = [];
    const copier = createImageCopier({
      db,
      enabled: async () => on,
      fetchCopy: async (url) => {
        fetched.push(url);
        if (url === photo(2)) await removeCopiesOf(db, '2');
        return { bytes: bytes(4), type: 'image/gif' };
      },
      now: () => 10,
      pause: async () => {},
    });
    await saveClipping(db, withPhotos('1', 1), 1);
    await copier.afterSave(['1']);
    expect(await db.images.count()).toBe(0);
    on = true;
    await copier.afterSave(['1']);
    expect(fetched).toEqual([photo(1)]);
    expect((await copiesOf(db, '1'))[0]!.state).toBe('kept');
    await saveClipping(db, withPhotos('2', 2), 1);
    await copier.afterSave(['2']);
    expect(await copiesOf(db, '2')).toEqual([]);
  });

  it('the copier tries a failed copy again on a timer when it is due soon, and no sooner', async () => {
    let clock = 1000;
    let fail = true;
    const timers: Array<{ run: () => void; delay: number }> = [];
    const copier = createImageCopier({
      db,
      enabled: async () => true,
      fetchCopy: async () => {
        if (fail) throw new CopyError('network');
        return { bytes: bytes(5), type: 'image/jpeg' };
      },
      now: () => clock,
      pause: async () => {},
      schedule: (run, delay) => void timers.push({ run, delay }),
    });
    await saveClipping(db, withPhotos('1', 1), 1);
    await copier.afterSave(['1']);
    expect(timers.map((t) => t.delay)).toEqual([RETRY_DELAYS_MS[0]]);
    clock += RETRY_DELAYS_MS[0];
    fail = false;
    timers[0]!.run();
    await expect.poll(async () => (await copiesOf(db, '1'))[0]!.state).toBe('kept');
    expect(timers).toHaveLength(1); // nothing left to try
  });

  it('the copier\u2019s backfill copies the whole library in batches', async () => {
    for (let i = 0; i < 20; i++) await saveClipping(db, withPhotos(String(200 + i), i), 1);
    let pauses = 0;
    const copier = createImageCopier({ db, enabled: async () => true, fetchCopy: async () => ({ bytes: bytes(3), type: 'image/jpeg' }), now: () => 10, pause: async () => void pauses++ });
    await copier.backfill();
    expect(await copyUsage(db)).toEqual({ bytes: 60, kept: 20, pending: 0, failed: 0 });
    expect(pauses).toBe(Math.ceil(20 / BATCH_SIZE) - 1);
  });
});
