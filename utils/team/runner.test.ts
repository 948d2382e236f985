import { afterEach, describe, expect, it } from 'vitest';
import PouchDB from 'pouchdb-browser';
import { fakeBrowser } from 'wxt/testing';
import { newClippingRecord } from '@/utils/store/clippings';
import { councilPost, freshDbsPerTest } from '@/tests/unit/bundles';
import { saveTeamConfig, TEAM_STATUS_KEY, type TeamConfig, type TeamStatus } from './config';
import { FirstSync, seqNumber, startLiveSync, type LiveSync } from './runner';
import { clippingDocOf } from './team-docs';
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
