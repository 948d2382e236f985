// Exports the whole library (no images, anonymised) the way the library page does, and imports it
// into an empty database as another contributor, timing each and sampling the JS heap's peak.
import { ClipperDB, getDb } from '@/utils/store/db';
import { exportLibrary } from '@/utils/store/export-source';
import { zipInWorker } from '@/utils/bundle/zip-worker-client';
import { docxInWorker } from '@/utils/bundle/docx-worker-client';
import { readBundleFile, validateBundle } from '@/utils/bundle/import';
import { importInWorker } from '@/utils/store/import-worker-client';
import { importHere } from '@/utils/store/import-session';
import { listZip, DEFAULT_ZIP_LIMITS } from '@/utils/bundle/zip';
import { readZipEntryNatively } from '@/utils/bundle/zip-native';
import { applyMerge, planMerge } from '@/utils/store/merge';

const EDITOR = { name: 'Bench Editor', organisation: 'Local Government Association' };

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

/** Watches the page's long tasks (over 50 ms) from now; stop() ends the watch and gives the longest (0 for none). */
function longestTask() {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      for (const entry of observer.takeRecords()) longest = Math.max(longest, entry.duration);
      observer.disconnect();
      return longest;
    },
  };
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

/** Each step of an import on its own, timed (ms): for the profile summary, not a figure of the table. */
async function importPhases(bytes) {
  const t = [performance.now()];
  const mark = () => t.push(performance.now());
  const entries = listZip(bytes, DEFAULT_ZIP_LIMITS);
  const json = await readZipEntryNatively(bytes, entries.find((e) => e.name === 'bundle.json'), DEFAULT_ZIP_LIMITS);
  mark();
  const data = JSON.parse(new TextDecoder().decode(json));
  mark();
  const read = validateBundle(data);
  if (!read.ok) throw new Error('invalid bundle');
  mark();
  const target = new ClipperDB(`lga-bench-phases-${Date.now()}`);
  await target.open();
  mark();
  await planMerge(target, read.bundle, EDITOR);
  mark();
  await applyMerge(target, read.bundle, EDITOR, asThePageImports());
  mark();
  target.close();
  await ClipperDB.delete(target.name);
  const names = ['unzip', 'JSON.parse', 'validate (valibot and consistency)', 'open database', 'plan (work, read only)', 'applyMerge (work and write)'];
  return Object.fromEntries(names.map((n, i) => [n, Math.round(t[i + 1] - t[i])]));
}

/**
 * How the library's "Import bundle" opens the file into `target`: the whole import in the built import
 * worker when there is one (components/bundle/ImportBundle.tsx), else on the page.
 */
const asThePageOpens = (workers, target) =>
  workers?.import ? importInWorker({ url: workers.import, dbName: target.name, here: importHere(() => target) }) : importHere(() => target);

/** The options the library's "Import bundle" passes: the grouped writes with progress, and a signal to stop. */
const asThePageImports = () => ({ signal: new AbortController().signal, onProgress: () => {} });

globalThis.__benchBundle = {
  /** Only the export: its time, the heap's peak rise and the zip's size; the zip is kept for importKept. */
  async exportOnly(workers) {
    const tasks = longestTask();
    const exported = await measured(() => exportAll(workers));
    globalThis.__benchBytes = exported.value.bytes;
    return { exportMs: exported.ms, exportPeakMb: exported.peakMb, bytes: exported.value.bytes.byteLength, count: exported.value.count, longestTaskMs: tasks.stop() };
  },
  /** The export, untimed, on the page (the zip kept for importKept): for an import measured on its own. */
  async exportUntimed() {
    const { bytes, count } = await exportLibrary(getDb(), { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: { name: 'Bench Contributor', organisation: 'Example Borough Council' } });
    globalThis.__benchBytes = bytes;
    return { bytes: bytes.byteLength, count };
  },
  /**
   * Imports the zip the last export kept into an empty database as another contributor, as the
   * library's "Import bundle" does (the whole import in the built import worker when given), timed with
   * the page's heap's peak; then counts what was stored and deletes the database.
   */
  async importKept(workers) {
    const bytes = globalThis.__benchBytes;
    if (!bytes) throw new Error('importKept: no export kept');
    const target = new ClipperDB(`lga-bench-import-${Date.now()}`);
    await target.open();
    let readMs = 0;
    // The page's longest task while it imports: what a user of the library page would feel.
    const tasks = longestTask();
    const imported = await measured(async () => {
      const started = performance.now();
      const opened = await asThePageOpens(workers, target)(new File([bytes], 'bench-bundle.zip', { type: 'application/zip' }), { owner: EDITOR, builtInThemeNames: {} });
      readMs = performance.now() - started;
      if (!opened.ok) throw new Error(`the import refused the exported bundle: ${JSON.stringify(opened.problem).slice(0, 300)}`);
      return opened.session.apply(asThePageImports());
    });
    const longestTaskMs = tasks.stop();
    const count = await target.clippings.count();
    target.close();
    await ClipperDB.delete(target.name);
    return { importMs: imported.ms, readMs, importPeakMb: imported.peakMb, imported: count, longestTaskMs };
  },
  /** Exports the library, then times each step of importing it (see importPhases). */
  async phases() {
    const exported = await exportLibrary(getDb(), { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: { name: 'Bench Contributor', organisation: 'Example Borough Council' } });
    globalThis.__benchBytes = exported.bytes;
    return importPhases(exported.bytes);
  },
  /** Imports the bytes of the last phases() run into an empty database (for a CPU profile of it alone). */
  async importOnly() {
    const target = new ClipperDB(`lga-bench-import-${Date.now()}`);
    await target.open();
    const started = performance.now();
    const file = new File([globalThis.__benchBytes], 'bench-bundle.zip', { type: 'application/zip' });
    const read = await readBundleFile(file);
    if (!read.ok) throw new Error('refused');
    await applyMerge(target, read.bundle, EDITOR, asThePageImports());
    const ms = performance.now() - started;
    target.close();
    await ClipperDB.delete(target.name);
    return ms;
  },
};
