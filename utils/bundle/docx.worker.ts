import { buildGuideDocx, type GuideEntry, type GuideOptions } from './docx-build';

/**
 * A dedicated worker that writes guide-draft.docx, so a long export does not freeze the page while
 * the docx package packs the document. Start it with `docxInWorker()` (./docx-worker-client.ts).
 */

interface Request {
  entries: GuideEntry[];
  options: GuideOptions;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  try {
    const bytes = await buildGuideDocx(event.data.entries, event.data.options);
    (self as unknown as Worker).postMessage({ ok: true, bytes }, [bytes.buffer]);
  } catch (error) {
    (self as unknown as Worker).postMessage({ ok: false, message: (error as Error).message });
  }
};
