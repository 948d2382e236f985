/**
 * True when a storage error, or one it wraps, has one of these names: IndexedDB's own error, Dexie's (which
 * wraps it as `inner`), or PouchDB's (`indexed_db_went_bad`, IndexedDB's error name as its `reason`).
 */
export function isStorageError(error: unknown, names: readonly string[]): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, reason } = e as { name?: unknown; reason?: unknown };
    if (names.includes(name as string) || names.includes(reason as string)) return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}

const QUOTA = ['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED'];

/** True when a storage error means the browser's quota for the extension is used up. */
export function isQuotaError(error: unknown): boolean {
  return isStorageError(error, QUOTA);
}
