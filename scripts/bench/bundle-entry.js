// Exports the whole library (no images, anonymised) the way the library page does, and imports it
// into an empty database as another contributor, timing each and sampling the JS heap's peak.
import { ClipperDB, getDb } from '@/utils/store/db';
import { exportLibrary } from '@/utils/store/export-source';
import { zipInWorker } from '@/utils/bundle/zip-worker-client';
import { docxInWorker } from '@/utils/bundle/docx-worker-client';
import { readBundleFile } from '@/utils/bundle/import';
import { applyMerge } from '@/utils/store/merge';

/** Runs `work`, sampling performance.memory every few ms; resolves to its time and the heap's peak rise (MB). */
async function measured(work) {
  const used = () => performance.memory?.usedJSHeapSize ?? 0;
  const before = used();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, used());
    return { value, ms, peakMb: (peak - before) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Exports the whole library as the library page's "Export bundle" does by default (anonymised, no
 * images). Given the built extension's worker scripts (`workers`), the zip is compressed and the Word
 * document written in them, as the library page does (components/bundle/use-export.ts); without,
 * everything runs on the page.
 */
function exportAll(workers) {
  return exportLibrary(getDb(), {
    scope: { kind: 'all' },
    anonymise: true,
    includeImages: false,
    contributor: { name: 'Bench Contributor', organisation: 'Example Borough Council' },
    ...(workers ? { openZip: zipInWorker(workers.zip), buildDocx: docxInWorker(workers.docx) } : {}),
  });
}

globalThis.__benchBundle = {
  /** Only the export: its time, the heap's peak rise and the zip's size. */
  async exportOnly(workers) {
    const exported = await measured(() => exportAll(workers));
    return { exportMs: exported.ms, exportPeakMb: exported.peakMb, bytes: exported.value.bytes.byteLength, count: exported.value.count };
  },
  async run(workers) {
    const exported = await measured(() => exportAll(workers));
    const bytes = exported.value.bytes;
    const target = new ClipperDB(`lga-bench-import-${Date.now()}`);
    await target.open();
    const imported = await measured(async () => {
      const file = new File([bytes], 'bench-bundle.zip', { type: 'application/zip' });
      const read = await readBundleFile(file);
      if (!read.ok) throw new Error(`readBundleFile refused the exported bundle: ${JSON.stringify(read.problem).slice(0, 300)}`);
      return applyMerge(target, read.bundle, { name: 'Bench Editor', organisation: 'Local Government Association' });
    });
    const count = await target.clippings.count();
    target.close();
    await ClipperDB.delete(target.name);
    return { exportMs: exported.ms, exportPeakMb: exported.peakMb, bytes: bytes.byteLength ?? bytes.length, importMs: imported.ms, importPeakMb: imported.peakMb, imported: count };
  },
};
