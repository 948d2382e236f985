import type { GuideEntry, GuideOptions } from './docx-build';
import type { DocxWorkerReply, DocxWorkerRequest } from './docx.worker';
import { nextTask } from '@/utils/next-task';

/** Examples sent to the worker in one message: copying them all at once held the page 0.17 s at 50,000. */
export const ENTRIES_PER_MESSAGE = 2000;

/**
 * `ExportOptions.buildDocx` that writes the Word document in a dedicated worker (docx.worker.ts),
 * for pages: the export's other work yields between pages, but packing a document of thousands of
 * examples is one long task. The examples go a part at a time, each in a task of the page's own, then
 * the worker is asked for the document. Falls back to nothing: if workers cannot start, the caller
 * should leave `buildDocx` unset and the document is written on the page.
 */
export function docxInWorker(url?: string | URL): (entries: readonly GuideEntry[], options: GuideOptions) => Promise<Uint8Array<ArrayBuffer>> {
  return async (entries, options) => {
    // `url`: the worker's script, for callers that load it from elsewhere (the bench).
    const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./docx.worker.ts', import.meta.url), { type: 'module' });
    const send = (request: DocxWorkerRequest) => worker.postMessage(request);
    const written = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<DocxWorkerReply>) => {
        worker.terminate();
        if (event.data.ok) resolve(event.data.bytes);
        else reject(new Error(event.data.message));
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(event.message || 'The Word document could not be written'));
      };
    });
    written.catch(() => {}); // a worker that fails while the examples are still being sent is told below
    for (let i = 0; i < entries.length; i += ENTRIES_PER_MESSAGE) {
      send({ type: 'entries', entries: entries.slice(i, i + ENTRIES_PER_MESSAGE) });
      await nextTask();
    }
    send({ type: 'build', options });
    return written;
  };
}
