import type { ZipLimits } from '@/utils/bundle/zip';
import { getDb } from './db';
import { importHere, type ApplyOptions, type ImportSession, type OpenImport } from './import-session';
import { MergeStopped, type MergeResult } from './merge';
import type { ImportWorkerReply, ImportWorkerRequest } from './import.worker';

/** How long the worker may take to read and plan before the page does it itself (ms). */
const OPEN_TIMEOUT = 120_000;

/** The worker's failure, as the page's catch reads it: a full disk keeps the name `isQuotaError` knows. */
function failure(reply: { message: string; quota: boolean }): Error {
  const error = new Error(reply.message);
  if (reply.quota) error.name = 'QuotaExceededError';
  return error;
}

export interface ImportInWorkerOptions {
  /** The worker's script, for callers that load it from elsewhere (the bench). */
  url?: string | URL;
  /** The database's name, when not the library's own (the bench and tests). */
  dbName?: string;
  zipLimits?: ZipLimits;
  /** Where the import runs when no worker can: on this page, by default. */
  here?: OpenImport;
}

/**
 * The import's worker ended or broke after the file was read, before its import finished: nothing of it
 * was kept (its transaction was aborted with it), and the file must be chosen again.
 */
export class ImportLost extends Error {
  constructor() {
    super('The import stopped before it finished; nothing was changed');
    this.name = 'ImportLost';
  }
}

/**
 * `OpenImport` that runs the whole import in a dedicated worker (./import.worker.ts), for pages. If the
 * worker cannot start, or fails or says nothing before the file is read and planned, the import runs on
 * the page as without it: a bundle is always imported. Once the file is open, a failure is the import's
 * (`apply` rejects; its transaction leaves the library as it was). The file is copied to the worker (a
 * reference to the same bytes), so it is still here for the page.
 */
export function importInWorker(options: ImportInWorkerOptions = {}): OpenImport {
  const { url, dbName, zipLimits } = options;
  const here = options.here ?? importHere(getDb, zipLimits);
  return (file, request, openOptions = {}) =>
    new Promise((resolve, reject) => {
      const { signal } = openOptions;
      if (signal?.aborted) return reject(new MergeStopped());
      let worker: Worker;
      try {
        worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      } catch {
        here(file, request, openOptions).then(resolve, reject);
        return;
      }
      const send = (message: ImportWorkerRequest) => worker.postMessage(message);
      // opening: reading and planning; open: the page is asking the user; applying; ended: the worker is gone.
      let phase: 'opening' | 'open' | 'applying' | 'ended' = 'opening';
      let applying: { resolve(result: MergeResult): void; reject(error: Error): void; onProgress?: ApplyOptions['onProgress'] } | undefined;
      const end = () => {
        phase = 'ended';
        clearTimeout(waiting);
        worker.terminate();
      };
      const onPage = () => {
        end();
        here(file, request, openOptions).then(resolve, reject);
      };
      const waiting = setTimeout(onPage, OPEN_TIMEOUT);
      // Given up while the worker reads and plans: the worker is ended, and nothing has changed.
      signal?.addEventListener(
        'abort',
        () => {
          if (phase !== 'opening') return;
          end();
          reject(new MergeStopped());
        },
        { once: true },
      );
      const settle = (outcome: { result: MergeResult } | { error: Error }) => {
        const ask = applying;
        end();
        applying = undefined;
        if (!ask) return;
        if ('result' in outcome) ask.resolve(outcome.result);
        else ask.reject(outcome.error);
      };
      // The worker broke or ended: before the file is open the page imports it itself; after, the import is lost.
      const broken = () => {
        if (phase === 'opening') onPage();
        else if (phase !== 'ended') settle({ error: new ImportLost() });
      };

      let applied = false;
      const session = (summary: ImportSession['summary'], plan: ImportSession['plan']): ImportSession => ({
        summary,
        plan,
        apply({ signal, onProgress } = {}) {
          if (applied) return Promise.reject(new Error('This import has already been applied'));
          applied = true;
          // Closed, or the worker broke while the dialog asked: nothing was written.
          if (phase !== 'open') return Promise.reject(new ImportLost());
          phase = 'applying';
          return new Promise<MergeResult>((resolveApply, rejectApply) => {
            applying = { resolve: resolveApply, reject: rejectApply, onProgress };
            if (signal?.aborted) return settle({ error: new MergeStopped() });
            signal?.addEventListener('abort', () => phase === 'applying' && send({ type: 'stop' }), { once: true });
            send({ type: 'apply' });
          });
        },
        close() {
          if (phase === 'open') end();
        },
      });

      worker.onmessage = (event: MessageEvent<ImportWorkerReply>) => {
        const reply = event.data;
        if (phase === 'ended') return;
        switch (reply.type) {
          case 'opened':
            if (phase !== 'opening') return;
            clearTimeout(waiting);
            if (!reply.ok) {
              end();
              resolve({ ok: false, problem: reply.problem });
            } else {
              phase = 'open';
              resolve({ ok: true, session: session(reply.summary, reply.plan) });
            }
            return;
          case 'progress':
            applying?.onProgress?.(reply.done, reply.total);
            return;
          case 'applied':
            settle({ result: reply.result });
            return;
          case 'stopped':
            settle({ error: new MergeStopped() });
            return;
          case 'failed':
            // Before the file is open, the page tries itself (a worker without IndexedDB, say); after, the import failed.
            if (phase === 'opening') onPage();
            else settle({ error: failure(reply) });
            return;
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        broken();
      };
      worker.onmessageerror = broken;
      send({ type: 'open', file, request, ...(zipLimits ? { zipLimits } : {}), ...(dbName ? { dbName } : {}) });
    });
}
