import type { GuideEntry, GuideOptions } from './docx-build';

/**
 * `ExportOptions.buildDocx` that writes the Word document in a dedicated worker (docx.worker.ts),
 * for pages: the export's other work yields between pages, but packing a document of thousands of
 * examples is one long task. Falls back to nothing: if workers cannot start, the caller should leave
 * `buildDocx` unset and the document is written on the page.
 */
export function docxInWorker(url?: string | URL): (entries: readonly GuideEntry[], options: GuideOptions) => Promise<Uint8Array<ArrayBuffer>> {
  return (entries, options) =>
    new Promise((resolve, reject) => {
      // `url`: the worker's script, for callers that load it from elsewhere (the bench).
      const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./docx.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<{ ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; message: string }>) => {
        worker.terminate();
        if (event.data.ok) resolve(event.data.bytes);
        else reject(new Error(event.data.message));
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(event.message || 'The Word document could not be written'));
      };
      worker.postMessage({ entries, options });
    });
}
