/**
 * True when a storage error means the browser's quota for the extension is used up: IndexedDB's own
 * error, Dexie's (which wraps it as `inner`), or PouchDB's (`indexed_db_went_bad`, IndexedDB's error
 * name as its `reason`).
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, reason } = e as { name?: unknown; reason?: unknown };
    for (const n of [name, reason]) if (n === 'QuotaExceededError' || n === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}
