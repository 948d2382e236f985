import { buildGuideDocx, type GuideEntry, type GuideOptions } from './docx-build';

/**
 * A dedicated worker that writes guide-draft.docx, so a long export does not freeze the page while
 * the docx package packs the document. Start it with `docxInWorker()` (./docx-worker-client.ts), which
 * sends the examples a part at a time (copying 50,000 in one message held the page 0.17 s), then asks
 * for the document.
 */

export type DocxWorkerRequest = { type: 'entries'; entries: GuideEntry[] } | { type: 'build'; options: GuideOptions };
export type DocxWorkerReply = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; message: string };

const entries: GuideEntry[] = [];

self.onmessage = async (event: MessageEvent<DocxWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'entries') {
    for (const entry of request.entries) entries.push(entry);
    return;
  }
  try {
    const bytes = await buildGuideDocx(entries, request.options);
    (self as unknown as Worker).postMessage({ ok: true, bytes } satisfies DocxWorkerReply, [bytes.buffer]);
  } catch (error) {
    (self as unknown as Worker).postMessage({ ok: false, message: (error as Error).message } satisfies DocxWorkerReply);
  } finally {
    entries.length = 0;
  }
};
