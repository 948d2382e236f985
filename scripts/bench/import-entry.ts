/**
 * Bundled by scripts/bench/build.mjs and evaluated in an extension page by import-profile.mjs: imports
 * the bytes of the last `__benchBundle.phases()` export into an empty database and counts what the
 * import wrote, record by record and index entry by index entry (IDBIndex.count counts each entry of
 * a multi-entry index), the work IndexedDB does for it, which no machine's load changes.
 */
import { ClipperDB } from '@/utils/store/db';
import { readBundleFile } from '@/utils/bundle/import';
import { applyMerge } from '@/utils/store/merge';

const EDITOR = { name: 'Bench Editor', organisation: 'Local Government Association' };

function count(request: IDBRequest<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

(globalThis as unknown as { __benchImportCount: unknown }).__benchImportCount = async () => {
  const bytes = (globalThis as unknown as { __benchBytes: Uint8Array<ArrayBuffer> }).__benchBytes;
  const target = new ClipperDB(`lga-bench-count-${Date.now()}`);
  await target.open();
  try {
    const read = await readBundleFile(new File([bytes], 'bench-bundle.zip', { type: 'application/zip' }));
    if (!read.ok) throw new Error('readBundleFile refused the exported bundle');
    const clippings = read.bundle.clippings.length;
    await applyMerge(target, read.bundle, EDITOR);
    const idb = target.backendDB();
    const names = [...idb.objectStoreNames];
    const tx = idb.transaction(names, 'readonly');
    const stores: Record<string, { records: number; indexes: Record<string, number> }> = {};
    let records = 0;
    let entries = 0;
    for (const name of names) {
      const store = tx.objectStore(name);
      const indexes: Record<string, number> = {};
      for (const index of [...store.indexNames]) {
        indexes[index] = await count(store.index(index).count());
        entries += indexes[index]!;
      }
      const n = await count(store.count());
      records += n;
      stores[name] = { records: n, indexes };
    }
    return { clippings, records, indexEntries: entries, indexEntriesPerClipping: Math.round((entries / clippings) * 10) / 10, stores };
  } finally {
    target.close();
    await ClipperDB.delete(target.name);
  }
};
