import { afterEach, describe, expect, it } from 'vitest';
import PouchDB from 'pouchdb-browser';
import { fakeBrowser } from 'wxt/testing';
import { newClippingRecord } from '@/utils/store/clippings';
import { clip, councilPost, freshDbsPerTest } from '@/tests/unit/bundles';
import { saveTeamConfig, TEAM_STATUS_KEY, type TeamConfig, type TeamStatus } from './config';
import { FirstSync, LIVE_BATCH, seqNumber, startLiveSync, syncOnce, type LiveSync } from './runner';
import { clippingDocId, clippingDocOf } from './team-docs';
import { holdWhenFree } from './sync-lock';
import { fakeLocks } from '@/tests/unit/web-locks';
import { wrapTable } from '@/tests/unit/dbcore';
import type { Replica } from './replica';

const newDb = freshDbsPerTest();
let n = 0;
const replica = (): Replica => new PouchDB(`runner-test-${Date.now()}-${n++}`);
const CONFIG: TeamConfig = { server: 'http://127.0.0.1:5984', team: 'lga', user: 'ann', joinedAt: 1, signedInAt: 1 };
const ME = { user: 'ann', name: 'Ann Example', organisation: 'Example Borough Council' };

let running: LiveSync | null = null;
afterEach(() => {
  running?.stop();
  running = null;
});

async function eventually(check: () => Promise<boolean>, what: string, ms = 25_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not seen within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every status the sync writes, in order, as the indicators hear them. */
function statusesWritten(): TeamStatus[] {
  const out: TeamStatus[] = [];
  fakeBrowser.storage.local.onChanged.addListener((changes) => {
    const next = changes[TEAM_STATUS_KEY]?.newValue as TeamStatus | undefined;
    if (next) out.push(next);
  });
  return out;
}

async function until(check: () => boolean, what: string, ms = 25_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not seen within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('FirstSync', () => {
  it('is caught up only when the pull reaches the server as it was at the start, or pauses by itself', () => {
    const a = new FirstSync();
    a.serverAt('1200-g1AAAA');
    a.pulled({ docs_read: 250, docs_written: 250, last_seq: '250-g1AA' });
    expect(a.done).toBe(false);
    a.pullPaused(new Error('offline'));
    expect(a.done).toBe(false);
    a.pulled({ docs_read: 250, docs_written: 250, last_seq: '1200-g1BB' });
    expect(a.done).toBe(true);

    const b = new FirstSync();
    b.pulled({ docs_read: 250, docs_written: 250, last_seq: 250 });
    expect(b.done).toBe(false);
    b.pulled({ docs_read: 10, docs_written: 10, last_seq: 260, pending: 0 });
    expect(b.done).toBe(true);

    const c = new FirstSync();
    c.serverAt(900);
    c.pullPaused(undefined);
    expect(c.done).toBe(true);

    expect(seqNumber(42)).toBe(42);
    expect(seqNumber('17-abc')).toBe(17);
    expect(seqNumber('now')).toBeNull();
    expect(seqNumber(undefined)).toBeNull();
  });
});

describe('the live sync', () => {
  /**
   * A first sync of three of the pull's batches into an empty library, its replica made ready by `before`:
   * every status written until the first "synced", and the progress among them.
   */
  async function firstSync(before: (local: Replica, server: Replica, docs: Array<{ _id: string }>) => Promise<void> = async () => {}) {
    const db = newDb();
    const server = replica();
    const count = 2 * LIVE_BATCH + 500;
    const docs = Array.from({ length: count }, (_, i) => clippingDocOf(newClippingRecord(councilPost(i), [], 1_000 + i), 'ben'));
    await server.bulkDocs(docs);
    const local = replica();
    await before(local, server, docs);
    await saveTeamConfig(CONFIG);
    const statuses = statusesWritten();
    running = startLiveSync(db, CONFIG, ME, () => ({ local, remote: server }));
    await until(() => statuses.some((s) => s.state === 'synced'), 'a synced status');
    const firstSynced = statuses.findIndex((s) => s.state === 'synced');
    const progress = statuses.slice(0, firstSynced).filter((s) => s.state === 'syncing' && s.progress);
    return { db, count, statuses, firstSynced, progress, done: [...new Set(progress.map((s) => s.progress!.done))] };
  }

  it('shows a first sync\'s progress until the replica has every document, never "synced" between its batches', async () => {
    const { db, count, statuses, firstSynced, progress, done } = await firstSync();
    // Progress was shown, and reached every document before "synced".
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.progress).toEqual({ done: count, total: count });
    // It grew batch by batch, as the documents came (not by the replication's running totals added up, which
    // said "every document" a third of the way through).
    expect(done).toEqual([LIVE_BATCH, 2 * LIVE_BATCH, count]);
    // No "syncing, N of M" after it: the first sync did not end early and start again.
    expect(statuses.slice(firstSynced).filter((s) => s.progress)).toEqual([]);
    expect(statuses[firstSynced]?.progress).toBeUndefined();
    // The library has every clipping once the indicator says synced.
    expect(await db.clippings.count()).toBe(count);
  }, 60_000);

  it('counts what the replica already holds when a page opens part way through a first sync', async () => {
    // Options began the first sync and the library carries it on: its progress starts where the replica is.
    const { db, count, done } = await firstSync(async (local, server, docs) => {
      await local.replicate.from(server, { doc_ids: docs.slice(0, LIVE_BATCH).map((d) => d._id) } as never);
      expect((await local.info()).doc_count).toBe(LIVE_BATCH);
    });
    expect(done).toEqual([2 * LIVE_BATCH, count]);
    expect(await db.clippings.count()).toBe(count);
  }, 60_000);
});

describe("the pull's place, kept on the server", () => {
  it('a replica made again under the same name (after leaving, or cleared by the browser) pulls every document again', async () => {
    const server = replica();
    const count = 300;
    await server.bulkDocs(Array.from({ length: count }, (_, i) => clippingDocOf(newClippingRecord(councilPost(i), [], 1_000 + i), 'ben')));
    await saveTeamConfig(CONFIG);
    const name = `runner-test-again-${Date.now()}`;
    const syncInto = async (db: ReturnType<typeof newDb>) => {
      const statuses = statusesWritten();
      running = startLiveSync(db, CONFIG, ME, () => ({ local: new PouchDB(name), remote: server }), fakeLocks());
      await until(() => statuses.some((s) => s.state === 'synced'), 'a synced status');
      running.stop();
      running = null;
    };
    await syncInto(newDb());
    await sleep(300); // the stopped sync's last merge and its replica's closing
    await new PouchDB(name).destroy();
    // A library that starts empty, with a replica under the same name: the place the server keeps is the old replica's, not this one's.
    const again = newDb();
    await syncInto(again);
    expect(await again.clippings.count()).toBe(count);
  }, 60_000);
});

describe('one puller at a time', () => {
  it('runs one live sync for two open pages; the second takes over when the first closes', async () => {
    const db = newDb();
    const locks = fakeLocks();
    const server = replica();
    const opened: string[] = [];
    const open = (page: string) => () => {
      opened.push(page);
      return { local: replica(), remote: server };
    };
    await saveTeamConfig(CONFIG);
    const options = startLiveSync(db, CONFIG, ME, open('options'), locks);
    const library = startLiveSync(db, CONFIG, ME, open('library'), locks);
    running = library;
    await until(() => opened.length > 0, 'a live sync started');
    await sleep(300);
    expect(opened).toEqual(['options']);
    options.stop();
    await until(() => opened.length > 1, 'the second page taking over');
    expect(opened).toEqual(['options', 'library']);
    // The page that took over syncs: a teammate's clipping on the server reaches the library.
    await server.put(clippingDocOf(newClippingRecord(councilPost(7), [], 7_000), 'ben'));
    await eventually(async () => !!(await db.clippings.get(councilPost(7).postId)), "the teammate's clipping in the library");
  }, 60_000);

  it('never starts the sync of a page closed while it waited', async () => {
    const db = newDb();
    const locks = fakeLocks();
    const opened: string[] = [];
    const open = (page: string) => () => {
      opened.push(page);
      return { local: replica(), remote: replica() };
    };
    await saveTeamConfig(CONFIG);
    const first = startLiveSync(db, CONFIG, ME, open('first'), locks);
    const second = startLiveSync(db, CONFIG, ME, open('second'), locks);
    await until(() => opened.length > 0, 'a live sync started');
    second.stop();
    first.stop();
    const third = startLiveSync(db, CONFIG, ME, open('third'), locks);
    running = third;
    await until(() => opened.length > 1, 'the next page starting');
    await sleep(200);
    expect(opened).toEqual(['first', 'third']);
  }, 60_000);

  it("the background's pass sends the owner's changes but leaves fetching to an open page that syncs", async () => {
    const db = newDb();
    const locks = fakeLocks();
    const server = replica();
    await saveTeamConfig(CONFIG);
    await server.put(clippingDocOf(newClippingRecord(councilPost(3), [], 3_000), 'ben'));
    await clip(db, councilPost(4), { verdict: 'do' });
    const open = () => ({ local: replica(), remote: server });
    // A page holds the pull: the pass sends the clip and fetches nothing.
    const release = holdWhenFree(locks, () => undefined);
    await syncOnce(db, CONFIG, ME, { open, locks });
    expect((await server.get(clippingDocId(councilPost(4).postId)))._id).toBe(clippingDocId(councilPost(4).postId));
    expect(await db.clippings.get(councilPost(3).postId)).toBeUndefined();
    // No page holds it: the pass fetches and merges too.
    release();
    await sleep(0); // the lock goes once the holder's callback has returned
    await syncOnce(db, CONFIG, ME, { open, locks });
    expect(await db.clippings.get(councilPost(3).postId)).toBeDefined();
  }, 60_000);
});

/** A library whose clippings cannot be written while `full.now` is true, as when the browser's storage is full. */
function fillable(db: ReturnType<typeof newDb>): { now: boolean } {
  const full = { now: true };
  wrapTable(db, 'full-disk', 'clippings', (table) => ({
    mutate: (req) => (full.now ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(req)),
  }));
  return full;
}

describe('a full disk', () => {
  const teammates = (server: Replica, n: number) => server.bulkDocs(Array.from({ length: n }, (_, i) => clippingDocOf(newClippingRecord(councilPost(i), [], 1_000 + i), 'ben')));
  /** A member's library that cannot write yet, and a team server holding `n` of a teammate's clippings. */
  const fullLibrary = async (n: number) => {
    const db = newDb();
    const full = fillable(db);
    const server = replica();
    await teammates(server, n);
    await saveTeamConfig(CONFIG);
    return { db, full, server };
  };

  it('in the library: the indicator says storage is full (never "synced"), and once there is space the sync carries on by itself, nothing lost', async () => {
    const { db, full, server } = await fullLibrary(3);
    const statuses = statusesWritten();
    const name = `runner-test-library-full-${Date.now()}`;
    running = startLiveSync(db, CONFIG, ME, () => ({ local: new PouchDB(name), remote: server }), fakeLocks(), 300);
    await until(() => statuses.some((s) => s.state === 'storageFull'), 'a storage-full status');
    await sleep(1_000); // the pull has caught up and tried the merge again meanwhile
    expect(statuses.at(-1)?.state).toBe('storageFull');
    expect(statuses.slice(statuses.findIndex((s) => s.state === 'storageFull')).map((s) => s.state)).not.toContain('synced');
    expect(await db.clippings.count()).toBe(0);
    full.now = false; // space freed: no new change from the server is needed for the sync to go on
    await until(() => statuses.at(-1)?.state === 'synced', 'synced again');
    expect(await db.clippings.count()).toBe(3);
  }, 60_000);

  it('in the replica: storage is full, not offline, and the sync takes everything once there is space', async () => {
    const db = newDb();
    const server = replica();
    await teammates(server, 3);
    const name = `runner-test-full-${Date.now()}`;
    const full = { now: true };
    // PouchDB's idb adapter fails a write the quota refuses with IndexedDB's error name as its reason. The sync
    // opens its replica afresh when it starts again, as the browser closes the connection on a full disk.
    const local = (): Replica => {
      const r = new PouchDB(name);
      const write = r.bulkDocs.bind(r);
      r.bulkDocs = ((...args: Parameters<Replica['bulkDocs']>) =>
        full.now ? Promise.reject(Object.assign(new Error('QuotaExceededError'), { status: 500, name: 'indexed_db_went_bad', reason: 'QuotaExceededError' })) : write(...args)) as Replica['bulkDocs'];
      return r;
    };
    await saveTeamConfig(CONFIG);
    const statuses = statusesWritten();
    running = startLiveSync(db, CONFIG, ME, () => ({ local: local(), remote: server }), fakeLocks(), 300);
    await until(() => statuses.some((s) => s.state === 'storageFull'), 'a storage-full status');
    expect(statuses.map((s) => s.state)).not.toContain('offline');
    full.now = false;
    await until(() => statuses.at(-1)?.state === 'synced', 'synced again');
    expect(await db.clippings.count()).toBe(3);
  }, 60_000);

  it("in the background's pass: said, and the next pass takes everything", async () => {
    const { db, full, server } = await fullLibrary(2);
    const local = replica();
    const open = () => ({ local, remote: server });
    await expect(syncOnce(db, CONFIG, ME, { open, locks: fakeLocks() })).rejects.toThrow();
    const stored = async () => (await fakeBrowser.storage.local.get(TEAM_STATUS_KEY))[TEAM_STATUS_KEY] as TeamStatus;
    expect((await stored()).state).toBe('storageFull');
    expect(await db.clippings.count()).toBe(0);
    full.now = false;
    await syncOnce(db, CONFIG, ME, { open: () => ({ local: replica(), remote: server }), locks: fakeLocks() });
    expect((await stored()).state).toBe('synced');
    expect(await db.clippings.count()).toBe(2);
  }, 60_000);
});
