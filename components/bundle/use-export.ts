import { useRef, useState } from 'preact/hooks';
import { getDb } from '@/utils/store/db';
import { copyFirst } from '@/utils/store/images';
import type { ExportOptions } from '@/utils/bundle/export';
import { saveFile } from './download';
import { fetchImage } from './images';

export type ExportPhase =
  | { state: 'idle' }
  | { state: 'working'; done: number; total: number; /** Every clipping written: the Word document and the zip's end remain. */ finishing?: boolean }
  | { state: 'done'; filename: string; count: number; missingImages: number; imagesRefused: boolean }
  | { state: 'failed'; reason: string };

export interface ExportRequest {
  scope: ExportOptions['scope'];
  anonymise: boolean;
  contributor: ExportOptions['contributor'];
  /** Undefined when images were not asked for; else the answer to the permission request. */
  imagesAllowed?: Promise<boolean>;
  /** The Guide page's arrangement, for an export of the clippings picked for the guide. */
  guide?: ExportOptions['guide'];
}

/**
 * Runs an export from a page and downloads the zip. The work is done in chunks by exportLibrary, so
 * the page keeps answering, and its progress is shown.
 */
export function useExport() {
  const [phase, setPhase] = useState<ExportPhase>({ state: 'idle' });
  const running = useRef<AbortController | null>(null);

  async function run(request: ExportRequest): Promise<boolean> {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setPhase({ state: 'working', done: 0, total: 0 });
    try {
      const imagesAsked = request.imagesAllowed !== undefined;
      const includeImages = imagesAsked ? await request.imagesAllowed! : false;
      // Loaded on demand: the zip and Word writers are large, and the popup must open at once.
      const [{ exportLibrary }, { docxInWorker }, { buildGuideHere }, { zipInWorker }, { zipHere }] = await Promise.all([
        import('@/utils/store/export-source'),
        import('@/utils/bundle/docx-worker-client'),
        import('@/utils/bundle/docx'),
        import('@/utils/bundle/zip-worker-client'),
        import('@/utils/bundle/zip'),
      ]);
      const inWorker = docxInWorker();
      const zipWorker = zipInWorker();
      const result = await exportLibrary(getDb(), {
        // Packing the Word document is one long task: a worker keeps the page answering meanwhile.
        // Where a worker cannot start, it is written on the page instead.
        buildDocx: (entries, options) => inWorker(entries, options).catch(() => buildGuideHere(entries, options)),
        // Compressing the bundle's files happens in a worker too, while the page writes them; on the page where a worker cannot start.
        openZip: (mtime) => zipWorker(mtime).catch(() => zipHere(mtime)),
        scope: request.scope,
        anonymise: request.anonymise,
        includeImages,
        contributor: request.contributor,
        ...(request.guide ? { guide: request.guide } : {}),
        // A kept copy ("Keep copies of images") is used as it is: no request to X for that image.
        fetchImage: copyFirst(getDb(), fetchImage),
        signal: controller.signal,
        onProgress: (done, total) => {
          if (!controller.signal.aborted) setPhase({ state: 'working', done, total });
        },
        onFinishing: () => {
          if (!controller.signal.aborted) setPhase((p) => (p.state === 'working' ? { ...p, done: p.total, finishing: true } : p));
        },
      });
      if (controller.signal.aborted) return false;
      saveFile(result.bytes, result.filename);
      setPhase({ state: 'done', filename: result.filename, count: result.count, missingImages: result.missingImages.length, imagesRefused: imagesAsked && !includeImages });
      return true;
    } catch (error) {
      if (controller.signal.aborted) {
        setPhase({ state: 'idle' });
        return false;
      }
      console.error('[LGA Guide Clipper] export failed', error);
      setPhase({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      if (running.current === controller) running.current = null;
    }
  }

  function cancel() {
    running.current?.abort();
    running.current = null;
    setPhase({ state: 'idle' });
  }

  return { phase, run, cancel, reset: () => setPhase({ state: 'idle' }) };
}
