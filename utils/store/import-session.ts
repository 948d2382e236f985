import { readBundleFile, type ImportProblem } from '@/utils/bundle/import';
import type { Bundle } from '@/utils/bundle/schema';
import type { ZipLimits } from '@/utils/bundle/zip';
import type { ClipperDB } from './db';
import { MergeStopped, applyMerge, planMerge, type MergePlan, type MergeResult } from './merge';

/**
 * A bundle import as the library page runs it: the file is read and checked and the merge planned
 * (`OpenImport`), the page shows the plan and asks, then the merge is applied (`ImportSession.apply`).
 * The bundle itself stays where it was read: in the import's worker (./import-worker-client.ts), or
 * here on the page (`importHere`) when no worker can run. The page holds only what it shows.
 */

/** What the import needs from the page: who is importing, and the built-in themes' names (utils/i18n/theme-names.ts). */
export interface ImportRequest {
  owner: { name: string; organisation: string };
  builtInThemeNames: Readonly<Record<string, string>>;
}

/** What the confirmation dialog says of the bundle. */
export interface BundleSummary {
  contributor: Bundle['contributor'];
  exportedAt: string;
  clippings: number;
}

export interface ApplyOptions {
  /** Told how many of the bundle's clippings are stored, as the writes go (MergeOptions.onProgress). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the import: the library is left as it was, and `apply` rejects with MergeStopped. */
  signal?: AbortSignal;
}

export interface ImportSession {
  readonly summary: BundleSummary;
  readonly plan: MergePlan;
  /** Imports the bundle, all or nothing (applyMerge). Once only; the session is closed when it settles. */
  apply(options?: ApplyOptions): Promise<MergeResult>;
  /** Lets the bundle go without importing it (the dialog's Cancel). */
  close(): void;
}

export type OpenedImport = { ok: true; session: ImportSession } | { ok: false; problem: ImportProblem };

export interface OpenOptions {
  /** Aborting it while the file is read and planned gives up: the promise rejects with MergeStopped, and nothing has changed. */
  signal?: AbortSignal;
}

/** Reads the file, checks it and plans its merge; a file that is not a good bundle is a named problem, never a throw. */
export type OpenImport = (file: Blob & { name: string }, request: ImportRequest, options?: OpenOptions) => Promise<OpenedImport>;

export const summaryOf = (bundle: Bundle): BundleSummary => ({ contributor: bundle.contributor, exportedAt: bundle.exportedAt, clippings: bundle.clippings.length });

/**
 * The import on this thread: the page's own when no worker can run, and the worker's (import.worker.ts).
 * `db`: the library, asked for when a file is opened. `zipLimits`: tests pass small ones.
 */
export function importHere(db: () => ClipperDB, zipLimits?: ZipLimits): OpenImport {
  return async (file, { owner, builtInThemeNames }, { signal } = {}) => {
    const given = () => {
      if (signal?.aborted) throw new MergeStopped();
    };
    given();
    const read = await readBundleFile(file, zipLimits ? { zipLimits } : {});
    given();
    if (!read.ok) return read;
    const library = db();
    const { bundle } = read;
    const plan = await planMerge(library, bundle, owner, { builtInThemeNames });
    given();
    let used = false;
    return {
      ok: true,
      session: {
        summary: summaryOf(bundle),
        plan,
        apply(options = {}) {
          if (used) return Promise.reject(new Error('This import has already been applied or closed'));
          used = true;
          return applyMerge(library, bundle, owner, { ...options, builtInThemeNames });
        },
        close() {
          used = true;
        },
      },
    };
  };
}
