import type { ImportProblem } from '@/utils/bundle/import';
import type { ZipLimits } from '@/utils/bundle/zip';
import { ClipperDB, getDb } from './db';
import { isQuotaError } from './errors';
import { importHere, type BundleSummary, type ImportRequest, type ImportSession } from './import-session';
import { MergeStopped, type MergePlan, type MergeResult } from './merge';
import { nextTask } from '@/utils/next-task';

/**
 * A dedicated worker that runs a whole bundle import: it reads and checks the file, plans the merge,
 * and, once the page says so, writes it, in the library's database opened here (IndexedDB is the same
 * for every context of the extension; Dexie tells the pages what changed). The bundle never crosses
 * to the page: only what the dialog shows, the progress and the result do. Extension pages collect
 * garbage in V8's memory-saving mode, which cost a large import seconds of the page's thread; a worker
 * collects as a web page does (docs/performance.md). Start it with `importInWorker`
 * (./import-worker-client.ts). One import per worker: the client ends the worker when it settles.
 */

export type ImportWorkerRequest =
  | { type: 'open'; file: Blob & { name: string }; request: ImportRequest; zipLimits?: ZipLimits; dbName?: string }
  | { type: 'apply' }
  | { type: 'stop' };

export type ImportWorkerReply =
  | { type: 'opened'; ok: true; summary: BundleSummary; plan: MergePlan }
  | { type: 'opened'; ok: false; problem: ImportProblem }
  | { type: 'progress'; done: number; total: number }
  | { type: 'applied'; result: MergeResult }
  | { type: 'stopped' }
  /** Something other than the file went wrong (the database, the disk): `quota` when the disk is full. */
  | { type: 'failed'; message: string; quota: boolean };

const post = (reply: ImportWorkerReply) => (self as unknown as Worker).postMessage(reply);

const failed = (error: unknown): ImportWorkerReply => ({ type: 'failed', message: error instanceof Error ? error.message : String(error), quota: isQuotaError(error) });

let session: ImportSession | undefined;
let library: ClipperDB | undefined;
const stopper = new AbortController();

async function open(message: Extract<ImportWorkerRequest, { type: 'open' }>): Promise<ImportWorkerReply> {
  const db = () => (library = message.dbName ? new ClipperDB(message.dbName) : getDb());
  const opened = await importHere(db, message.zipLimits)(message.file, message.request);
  if (!opened.ok) return { type: 'opened', ok: false, problem: opened.problem };
  session = opened.session;
  return { type: 'opened', ok: true, summary: session.summary, plan: session.plan };
}

async function apply(): Promise<ImportWorkerReply> {
  if (!session) return { type: 'failed', message: 'No bundle was opened to import', quota: false };
  const result = await session.apply({ signal: stopper.signal, onProgress: (done, total) => post({ type: 'progress', done, total }) });
  // Dexie tells the pages what the import wrote on a BroadcastChannel as its transaction commits: a turn
  // of this worker's loop before the reply lets that message go before the client ends the worker (a task,
  // not a timer: a tab in the background holds its timers, its workers' too).
  await nextTask();
  return { type: 'applied', result };
}

self.onmessage = (event: MessageEvent<ImportWorkerRequest>) => {
  const message = event.data;
  if (message.type === 'stop') {
    stopper.abort();
    return;
  }
  const work = message.type === 'open' ? open(message) : apply();
  work
    .then(post, (error: unknown) => post(error instanceof MergeStopped ? { type: 'stopped' } : failed(error)))
    // The worker's one import is over: its connection to the library goes.
    .finally(() => message.type === 'apply' && library?.close());
};
