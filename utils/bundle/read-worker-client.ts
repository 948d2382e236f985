import { readBundleBytes, type ReadBundleOptions, type ReadBundleResult } from './import';
import type { ReadWorkerReply, ReadWorkerRequest } from './read.worker';

/** How long the worker may take to answer before the page reads the bytes itself (ms). */
const WORKER_TIMEOUT = 120_000;

/**
 * `ReadBundleOptions.readBytes` that reads the bytes in a dedicated worker (read.worker.ts), for pages.
 * If the worker cannot start or fails, the bytes are read on the page, as without it: a bundle is
 * always read. The bytes are copied to the worker, not moved, so that they are still here for that.
 * `url`: the worker's script, for callers that load it from elsewhere (the bench).
 */
export function readInWorker(url?: string | URL): (bytes: Uint8Array<ArrayBuffer>, options: ReadBundleOptions) => Promise<ReadBundleResult> {
  return (bytes, options) =>
    new Promise<ReadBundleResult>((resolve) => {
      let worker: Worker;
      const onPage = () => resolve(readBundleBytes(bytes, options));
      try {
        worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module' });
      } catch {
        onPage();
        return;
      }
      const done = (then: () => void) => {
        clearTimeout(waiting);
        worker.terminate();
        then();
      };
      const waiting = setTimeout(() => done(onPage), WORKER_TIMEOUT);
      worker.onmessage = (event: MessageEvent<ReadWorkerReply>) => done(() => resolve(event.data));
      worker.onerror = (event) => {
        event.preventDefault();
        done(onPage);
      };
      worker.onmessageerror = () => done(onPage);
      worker.postMessage({ bytes, ...(options.zipLimits ? { zipLimits: options.zipLimits } : {}) } satisfies ReadWorkerRequest);
    });
}
