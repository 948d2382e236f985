import { afterEach, describe, expect, it } from 'vitest';
import PouchDB from 'pouchdb-browser';
import { fakeBrowser } from 'wxt/testing';
import { newClippingRecord } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { clearTeamMarks, countTeamMarks, teamMarks } from '@/utils/store/team-marks';
import { newAnnotation } from '@/utils/domain/records';
import { OWNER } from '@/utils/store/db';
import { clip, councilPost, freshDbsPerTest, residentPost } from '@/tests/unit/bundles';
import { mirror, pushMarked } from './engine';
import { saveTeamConfig, TEAM_STATUS_KEY, type TeamConfig, type TeamStatus } from './config';
import { FirstSync, idbReplicaName, openLocalReplica, replicaName, seqNumber, startLiveSync, type LiveSync } from './runner';
import { annotationDocId, annotationDocOf, clippingDocId, clippingDocOf } from './team-docs';
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
  it('shows a first sync\'s progress until the replica has every document, never "synced" between its batches', async () => {
    const db = newDb();
    const server = replica();
    const count = 1_200;
    const docs = Array.from({ length: count }, (_, i) => clippingDocOf(newClippingRecord(councilPost(i), [], 1_000 + i), 'ben'));
    await server.bulkDocs(docs);
    const local = replica();
    await saveTeamConfig(CONFIG);
    const statuses = statusesWritten();
    running = startLiveSync(db, CONFIG, ME, () => ({ local, remote: server }));
    await until(() => statuses.some((s) => s.state === 'synced'), 'a synced status');
    const firstSynced = statuses.findIndex((s) => s.state === 'synced');
    // Progress was shown, and reached every document before "synced".
    const progress = statuses.slice(0, firstSynced).filter((s) => s.state === 'syncing' && s.progress);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.progress).toEqual({ done: count, total: count });
    // No "syncing, N of M" after it: the first sync did not end early and start again.
    expect(statuses.slice(firstSynced).filter((s) => s.progress)).toEqual([]);
    expect(statuses[firstSynced]?.progress).toBeUndefined();
    // The library has every clipping once the indicator says synced.
    expect(await db.clippings.count()).toBe(count);
  }, 60_000);
});

/** Whether an IndexedDB database of that name exists (opening it makes nothing). */
function databaseExists(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      open.result.close();
      resolve(true);
    };
  });
}

describe('a replica kept by the older idb adapter', () => {
  it('is retired, and a new replica pulls again and sends what was waiting: nothing is lost', async () => {
    const db = newDb();
    const server = replica();
    const BEN = { user: 'ben', name: 'Ben Officer', organisation: 'Sample County Council' };
    // A teammate's clippings and verdicts on the server.
    await server.bulkDocs([0, 1, 2].flatMap((i) => {
      const record = newClippingRecord(councilPost(20 + i), [], 1_000 + i);
      return [clippingDocOf(record, 'ben'), annotationDocOf({ ...newAnnotation(record.postId, OWNER, 2_000 + i), verdict: 'do', lesson: `Ben ${i}`, hasLesson: 1 }, 'ben', BEN, new Map())];
    }));
    // This browser's replica, kept by the idb adapter: Ann sent a verdict, pulled the team's documents and merged them.
    const old = new PouchDB(idbReplicaName(CONFIG), { adapter: 'idb' });
    const sent = councilPost(30).postId;
    await clip(db, councilPost(30), { verdict: 'do', lesson: 'sent' });
    await pushMarked(db, old, ME);
    await old.replicate.to(server);
    await clearTeamMarks(db, await teamMarks(db));
    await server.replicate.to(old);
    await mirror(db, old, ME);
    // Then, before it was sent: an edit of the sent verdict, and a new clip; both marked, in the old replica only.
    await updateAnnotation(db, sent, { lesson: 'edited, not yet sent' }, OWNER, 50_000);
    await clip(db, residentPost(31), { verdict: 'dont', lesson: 'new, not yet sent' }, 60_000);
    await pushMarked(db, old, ME);
    expect(await countTeamMarks(db)).toBe(2);
    // A teammate's clipping the old replica pulled and the mirror did not reach.
    await server.bulkDocs([clippingDocOf(newClippingRecord(councilPost(40), [], 3_000), 'ben')]);
    await server.replicate.to(old);
    await old.close();
    // The old mirror's place, kept as the released version kept it (under `teamSeq`); an old replica's
    // sequence counts every revision it ever wrote, far past a new one's.
    await db.meta.delete('teamReplicaSeq');
    await db.meta.put({ key: 'teamSeq', value: 10_000 });
    expect(await databaseExists(`_pouch_${idbReplicaName(CONFIG)}`)).toBe(true);

    await saveTeamConfig(CONFIG);
    const statuses = statusesWritten();
    running = startLiveSync(db, CONFIG, ME, (config) => ({ local: openLocalReplica(config), remote: server }));
    await until(() => statuses.some((s) => s.state === 'synced'), 'a synced status');
    const settled = async () => {
      const edited = await server.get(annotationDocId('ann', sent), { conflicts: true }).catch(() => null);
      const fresh = await server.get(annotationDocId('ann', residentPost(31).postId)).catch(() => null);
      return (edited?._conflicts ?? []).length === 0 && (edited?.annotation as { lesson?: string } | undefined)?.lesson === 'edited, not yet sent' && (fresh?.annotation as { lesson?: string } | undefined)?.lesson === 'new, not yet sent';
    };
    const start = Date.now();
    while (!(await settled())) {
      if (Date.now() - start > 25_000) throw new Error('the waiting changes did not reach the server, settled');
      await new Promise((r) => setTimeout(r, 50));
    }
    // What waited reached the server, and is no longer counted as waiting.
    expect((await server.get(clippingDocId(residentPost(31).postId)))._id).toBe(clippingDocId(residentPost(31).postId));
    await until(() => statuses.at(-1)?.waiting === 0, 'nothing waiting');
    expect(await countTeamMarks(db)).toBe(0);
    // The library has every clipping, the one the old mirror had not reached too, and the owner's edit stands.
    const ids = [20, 21, 22, 30, 40].map((i) => councilPost(i).postId);
    expect((await db.clippings.bulkGet(ids)).every(Boolean)).toBe(true);
    expect(await db.clippings.count()).toBe(6);
    expect((await db.annotations.get([sent, OWNER]))?.lesson).toBe('edited, not yet sent');
    expect((await db.annotations.where('postId').equals(councilPost(21).postId).toArray()).some((a) => a.lesson === 'Ben 1')).toBe(true);
    // The old replica's database is gone, and the new one is a database of its own.
    expect(await databaseExists(`_pouch_${idbReplicaName(CONFIG)}`)).toBe(false);
    expect(await databaseExists(`_pouch_${replicaName(CONFIG)}`)).toBe(true);
    expect(await db.meta.get('teamSeq')).toBeUndefined();
  }, 60_000);
});
