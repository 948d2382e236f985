import PouchDB from 'pouchdb-browser';
import { liveQuery } from 'dexie';
import type { ClipperDB } from '@/utils/store/db';
import { isQuotaError, isStorageError } from '@/utils/store/errors';
import { clearAllTeamMarks, clearTeamMarks, countTeamMarks, markWholeLibrary } from '@/utils/store/team-marks';
import { forgetMirror, mirror, pushMarked, type Refusal, type TeamIdentity } from './engine';
import { teamUrl } from './connect';
import { updateTeamStatus, type TeamConfig, type TeamStatus } from './config';
import type { Replica, ReplicationInfo, SyncEmitter } from './replica';
import { browserLocks, holdWhenFree, ifFree, type SyncLocks } from './sync-lock';

/**
 * Runs the team library's sync with PouchDB: a live two-way replication while an extension page is
 * open (MV3 stops the background's worker, so it cannot hold one), and one pass at a time from the
 * background (after a clip, and on an alarm). Around PouchDB's replication, the engine pushes the
 * owner's changes into the local replica and merges what arrived into the library.
 */

/**
 * Documents a live sync's replication takes a batch (PouchDB's `batch_size`). Each batch writes a
 * checkpoint (the pull's on the server only: `PULL` below) and wakes the mirror; a first sync of tens of
 * thousands of documents goes in larger batches with fewer of both. Live changes come a few at a time
 * whatever the size.
 */
export const LIVE_BATCH = 2000;

/**
 * Where the pull keeps its place (PouchDB's checkpoint): on the server only. By default PouchDB writes it
 * on both sides after every batch, and the replica's write waits in the browser's IndexedDB queue behind
 * the batch and the library's merge: at 50,000 clippings that held each batch for a few hundred
 * milliseconds, and the whole pull for about 16 s. It is safe on one side: a replica made again (after
 * leaving, or cleared by the browser) has a new PouchDB instance id, so a new replication id and no place
 * to resume from, and pulls everything; a team database made again on the server has no place kept either.
 */
const PULL = { checkpoint: 'source' } as const;

/** Requests to the team's server carry the browser's session cookie for it (CouchDB's AuthSession). */
const withSession = (url: string | URL, init?: RequestInit) => fetch(url, { ...init, credentials: 'include' });

/** The local replica's name: one per team and user in this browser. */
export function replicaName(config: Pick<TeamConfig, 'server' | 'team' | 'user'>): string {
  return `lga-team:${new URL(config.server).host}:${config.team}:${config.user}`;
}

export function openReplicas(config: TeamConfig): { local: Replica; remote: Replica } {
  return {
    local: new PouchDB(replicaName(config), { auto_compaction: true }),
    remote: new PouchDB(teamUrl(config.server, config.team), { fetch: withSession, skip_setup: true }),
  };
}

/** What a replication's error means for the user: signed out (401), this browser's storage full, or out of reach. */
export function problemOf(error: unknown): 'signedOut' | 'storageFull' | 'offline' {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 401) return 'signedOut';
  return isQuotaError(error) ? 'storageFull' : 'offline';
}

/** What a failed merge into the library, or write into the replica, means for the user. */
export function troubleOf(error: unknown): 'storageFull' | 'error' {
  return isQuotaError(error) ? 'storageFull' : 'error';
}

/**
 * True when a storage error means the connection to the database is gone: Chromium closes every
 * connection to a database whose write the quota refused ("a global failure"), and each later request on
 * it fails as "the database connection is closing". Dexie opens its database again by itself; PouchDB
 * keeps the closed connection, so the replica must be opened again.
 */
function isLostConnection(error: unknown): boolean {
  return isStorageError(error, LOST);
}
const LOST = ['InvalidStateError', 'DatabaseClosedError'];

/** How long a live sync waits before it starts again after a merge or a send failed (a full disk may be freed meanwhile). */
const RETRY_MS = 30_000;

function refusalsOf(result: unknown): Refusal[] {
  const errors = (result as { errors?: unknown[] } | null)?.errors ?? [];
  return errors.slice(0, 20).map((e) => ({ id: String((e as { id?: unknown }).id ?? '').slice(0, 200), reason: String((e as { reason?: unknown; message?: unknown }).reason ?? (e as { message?: unknown }).message ?? 'refused').slice(0, 200) }));
}

/**
 * One run of `task` at a time: a call while it runs asks for one more run after it (never more
 * than one waiting). A failed run is logged and handed to `failed`; the next call runs again.
 */
export function serial(task: () => Promise<void>, failed?: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task().catch((e: unknown) => {
          console.error('[LGA Guide Clipper] team sync', e);
          failed?.(e);
        });
      } while (again);
      running = null;
    })();
    return running;
  };
}

/** Sends the owner's waiting changes to the server now; they stay counted as waiting until it has them. */
async function pushNow(db: ClipperDB, local: Replica, remote: Replica, me: TeamIdentity): Promise<{ problem: ReturnType<typeof problemOf> | null; refused: Refusal[] }> {
  const { marks } = await pushMarked(db, local, me);
  if (marks.length === 0) return { problem: null, refused: [] };
  try {
    const result = await local.replicate.to(remote);
    await clearTeamMarks(db, marks);
    return { problem: null, refused: refusalsOf(result) };
  } catch (error) {
    return { problem: problemOf(error), refused: [] };
  }
}

export interface LiveSync {
  stop(): void;
}

/** A sequence's number: PouchDB's are numbers, CouchDB 2 and later's strings that start with one. */
export function seqNumber(seq: unknown): number | null {
  const n = typeof seq === 'number' ? seq : typeof seq === 'string' ? Number.parseInt(seq, 10) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Whether the pull has caught up with the server as it was when the sync began: the pull itself
 * paused without an error (its changes feed came back empty), the server said nothing is pending, or
 * the pull reached the server's update sequence read at the start.
 */
export class FirstSync {
  private caughtUp = false;
  private startSeq: number | null = null;

  /** The server's `update_seq` when the sync began. */
  serverAt(updateSeq: unknown): void {
    this.startSeq = seqNumber(updateSeq);
  }

  pulled(change: ReplicationInfo['change']): void {
    if (!change) return;
    const seq = seqNumber(change.last_seq);
    if (change.pending === 0 || (seq !== null && this.startSeq !== null && seq >= this.startSeq)) this.caughtUp = true;
  }

  pullPaused(error: unknown): void {
    if (!error) this.caughtUp = true;
  }

  get done(): boolean {
    return this.caughtUp;
  }
}

/**
 * Live two-way sync while a page is open. Status goes to storage (utils/team/config.ts), which the
 * indicators read. On a first sync the status stays "syncing" with its progress until the pull has
 * caught up with the server (`FirstSync`), though PouchDB's sync pauses between its batches.
 * `open` gives the replicas (the tests give two local ones).
 *
 * One page syncs at a time (utils/team/sync-lock.ts): a second page open waits, and takes over when
 * the first closes; the indicators of both read the same status, and the library they show is one.
 */
export function startLiveSync(
  db: ClipperDB,
  config: TeamConfig,
  me: TeamIdentity,
  open: (config: TeamConfig) => { local: Replica; remote: Replica } = openReplicas,
  locks: SyncLocks = browserLocks(),
  retryMs = RETRY_MS,
): LiveSync {
  let running: LiveSync | null = null;
  let stopped = false;
  let again: ReturnType<typeof setTimeout> | undefined;
  const begin = (carried: Trouble | null) => {
    if (stopped) return;
    running = runLiveSync(db, config, me, open, carried, (trouble) => {
      // A merge, a send or the replica failed (a full disk, or the connection the browser closed after it): after
      // a while the sync starts again with the replicas opened afresh, still showing the trouble until it gets through.
      running?.stop();
      running = null;
      clearTimeout(again);
      again = setTimeout(() => begin(trouble), retryMs);
    });
  };
  const release = holdWhenFree(locks, () => begin(null));
  return {
    stop() {
      stopped = true;
      clearTimeout(again);
      running?.stop();
      release();
    },
  };
}

/** A failure the sync shows in place of its own state until it gets through. */
type Trouble = 'storageFull' | 'error';

function runLiveSync(
  db: ClipperDB,
  config: TeamConfig,
  me: TeamIdentity,
  open: (config: TeamConfig) => { local: Replica; remote: Replica },
  carried: Trouble | null,
  broken: (trouble: Trouble) => void,
): LiveSync {
  const { local, remote } = open(config);
  let stopped = false;
  // A first sync's progress: the documents the replica holds (those it held when this page began, and those
  // the pull has written since) of those on the server.
  let total: number | null = null;
  let held = 0;
  let received = 0;
  const first = new FirstSync();
  const status = (patch: Partial<TeamStatus>) => {
    if (!stopped) void updateTeamStatus(patch).catch((error: unknown) => console.error('[LGA Guide Clipper] team status', error));
  };
  // A merge into the library or a send into the replica that failed (a full disk, or the connection the browser
  // closes after one): shown in place of the sync's state, and the whole sync started again after a while with
  // its replicas opened afresh (`broken`), still showing it until a batch gets through.
  let breaking = false;
  const fail = (error: unknown) => {
    if (breaking || stopped) return;
    breaking = true;
    const shown: Trouble = isQuotaError(error) ? 'storageFull' : isLostConnection(error) ? (carried ?? 'error') : 'error';
    status({ state: shown });
    broken(shown);
  };
  const mirrorNow = serial(async () => {
    const r = await mirror(db, local, me);
    if (r.refused.length > 0) status({ refused: r.refused });
  }, fail);
  const push = serial(async () => {
    const { problem, refused } = await pushNow(db, local, remote, me);
    const waiting = await countTeamMarks(db);
    status({ waiting, ...(refused.length > 0 ? { refused } : {}), ...(problem ? { state: problem } : {}) });
  }, fail);
  void remote.info().then(
    (info) => {
      total = info.doc_count;
      first.serverAt(info.update_seq);
    },
    () => undefined,
  );
  // A page opened part way through a first sync (Options, then the library) carries on from what the replica holds.
  void local.info().then(
    (info) => {
      held = info.doc_count;
    },
    () => undefined,
  );
  // After a restart for a full disk, the trouble stays shown until a batch gets through.
  if (!carried) status({ state: 'syncing' });
  const sync: SyncEmitter = local.sync(remote, { live: true, retry: true, batch_size: LIVE_BATCH, pull: PULL, back_off_function: (delay) => (delay === 0 ? 1000 : Math.min(delay * 2, 10_000)) });
  // PouchDB's own trouble (the server out of reach): it tries again by itself, each try raising `active`, so the
  // problem stays shown until a batch goes through or the sync pauses cleanly. A full replica goes to `fail`.
  let replicationProblem = carried !== null;
  const signedOut = () => {
    // A session that ended is not retried: the sync starts again when the member signs in.
    status({ state: 'signedOut' });
    sync.cancel();
  };
  const replicationFailed = (error: unknown) => {
    const problem = problemOf(error);
    if (problem === 'signedOut') return signedOut();
    if (isQuotaError(error) || isLostConnection(error)) return fail(error);
    replicationProblem = true;
    status({ state: problem });
  };
  // Heard before the sync's own `paused`, which the pull's pausing also raises (with the pull's error only
  // when the push has paused too: a pull that cannot write its batch is heard here).
  sync.pull.on('paused', (error) => {
    first.pullPaused(error);
    if (error) replicationFailed(error);
  });
  sync.on('change', (info) => {
    replicationProblem = false;
    if (info.direction === 'pull') {
      // The batch's own documents: `docs_written` counts every batch of the replication so far, and starts
      // again from 0 when PouchDB retries.
      received += info.change?.docs?.length ?? 0;
      const before = first.done;
      first.pulled(info.change);
      void mirrorNow();
      if (!before && total) status({ state: 'syncing', progress: { done: Math.min(held + received, total), total } });
    }
  });
  sync.on('active', () => replicationProblem || status({ state: 'syncing' }));
  sync.on('paused', (error) => {
    if (error) return replicationFailed(error);
    replicationProblem = false;
    // Between the batches of a first sync: still syncing.
    if (!first.done) return;
    void mirrorNow()
      .then(async () => {
        if (!breaking) status({ state: 'synced', lastSyncAt: Date.now(), progress: undefined, waiting: await countTeamMarks(db) });
      })
      .catch((error: unknown) => stopped || console.error('[LGA Guide Clipper] team sync', error));
  });
  sync.on('denied', (error) => status({ refused: refusalsOf({ errors: [error] }) }));
  sync.on('error', replicationFailed);
  // The owner's changes: pushed as soon as they are marked (and at start, for any made while closed).
  const marks = liveQuery(() => countTeamMarks(db)).subscribe((n) => {
    if (n > 0) void push();
  });
  void mirrorNow();
  return {
    stop() {
      stopped = true;
      marks.unsubscribe();
      sync.cancel();
      void local.close().catch(() => undefined);
    },
  };
}

/**
 * One pass from the background: send what waits, fetch what is new, merge it. While a page's live
 * sync holds the pull (utils/team/sync-lock.ts), the pass only sends: that page fetches and merges.
 */
export async function syncOnce(db: ClipperDB, config: TeamConfig, me: TeamIdentity, { open = openReplicas, locks = browserLocks() }: PassOptions = {}): Promise<void> {
  if (!(await ifFree(locks, () => syncPass(db, open(config), me, true)))) await syncPass(db, open(config), me, false);
}

/** How a pass opens the replicas (the tests give two local ones) and the locks it asks. */
export interface PassOptions {
  open?: (config: TeamConfig) => { local: Replica; remote: Replica };
  locks?: SyncLocks;
}

async function syncPass(db: ClipperDB, { local, remote }: { local: Replica; remote: Replica }, me: TeamIdentity, pull: boolean): Promise<void> {
  try {
    const { problem, refused } = await pushNow(db, local, remote, me);
    if (problem) {
      await updateTeamStatus({ state: problem, waiting: await countTeamMarks(db), ...(refused.length > 0 ? { refused } : {}) });
      return;
    }
    if (!pull) {
      await updateTeamStatus({ waiting: await countTeamMarks(db), ...(refused.length > 0 ? { refused } : {}) });
      return;
    }
    try {
      await local.replicate.from(remote, { batch_size: 250, ...PULL });
    } catch (error) {
      await updateTeamStatus({ state: problemOf(error), waiting: await countTeamMarks(db) });
      return;
    }
    const r = await mirror(db, local, me);
    await updateTeamStatus({ state: 'synced', lastSyncAt: Date.now(), waiting: await countTeamMarks(db), refused: [...refused, ...r.refused] });
  } catch (error) {
    // The library or the replica could not take it (a full disk): said, and tried again at the next pass.
    await updateTeamStatus({ state: troubleOf(error), waiting: await countTeamMarks(db) });
    throw error;
  } finally {
    await local.close().catch(() => undefined);
  }
}

/** After joining: the whole library is offered to the team (each post once; what the server has is kept). */
export async function afterJoining(db: ClipperDB): Promise<void> {
  await forgetMirror(db);
  await markWholeLibrary(db, Date.now());
}

/** Leaving: the local replica and the marks go; the library keeps every clipping. */
export async function afterLeaving(db: ClipperDB, config: TeamConfig): Promise<void> {
  const { local } = openReplicas(config);
  await local.destroy().catch(() => undefined);
  await clearAllTeamMarks(db);
  await forgetMirror(db);
}
