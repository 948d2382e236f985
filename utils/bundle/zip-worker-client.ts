import type { AsyncZipWriter } from './zip';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip.worker';

/**
 * `ExportOptions.openZip` that compresses and writes the zip in a dedicated worker (zip.worker.ts),
 * for pages: the page makes the bundle's text and the worker deflates it meanwhile, on another core.
 * Rejects when the worker cannot start (the caller then writes the zip on the page: `zipHere`).
 * `url` is the worker's script, for callers that load it from elsewhere (the bench).
 */
/** How long a worker may take to start (ms). */
const START_TIMEOUT = 10_000;

export function zipInWorker(url?: string | URL): (mtime: Date) => Promise<AsyncZipWriter> {
  return (mtime) =>
    new Promise((resolve, reject) => {
      const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./zip.worker.ts', import.meta.url), { type: 'module' });
      const send = (message: ZipWorkerRequest) => worker.postMessage(message);
      let finished: { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void } | null = null;
      let failure: Error | null = null;
      let ready = false;
      // A worker that never answers is given up on, so the export can go on without it.
      const waiting = setTimeout(() => fail(new Error('The zip worker did not start')), START_TIMEOUT);
      const fail = (error: Error) => {
        clearTimeout(waiting);
        worker.terminate();
        failure ??= error;
        if (!ready) reject(error);
        finished?.reject(error);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new Error(event.message || 'The zip could not be written'));
      };
      worker.onmessageerror = () => fail(new Error('The zip could not be written'));
      worker.onmessage = (event: MessageEvent<ZipWorkerReply>) => {
        const data = event.data;
        if ('ready' in data) {
          clearTimeout(waiting);
          ready = true;
          resolve(writer);
        } else {
          worker.terminate();
          if (data.ok) finished?.resolve(data.bytes);
          else finished?.reject(new Error(data.message));
        }
      };
      let nextId = 0;
      const writer: AsyncZipWriter = {
        stream(path, options = {}) {
          const id = nextId++;
          send({ op: 'stream', id, path, compress: options.compress !== false });
          return { push: (data) => send({ op: 'push', id, data }), end: () => send({ op: 'end', id }) };
        },
        add: (path, data, options = {}) => send({ op: 'add', path, data, compress: options.compress !== false }),
        finish: () =>
          new Promise((done, failed) => {
            if (failure) return failed(failure);
            finished = { resolve: done, reject: failed };
            send({ op: 'finish' });
          }),
        discard: () => worker.terminate(),
      };
      send({ op: 'open', mtime: mtime.getTime() });
    });
}
