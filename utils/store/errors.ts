const QUOTA_NAMES: ReadonlySet<unknown> = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * True when a storage error means the browser's quota for the extension is used up: IndexedDB's own
 * error, Dexie's (which wraps it as `inner`), or PouchDB's (`indexed_db_went_bad`, IndexedDB's error
 * name as its `reason`).
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, reason } = e as { name?: unknown; reason?: unknown };
    if (QUOTA_NAMES.has(name) || QUOTA_NAMES.has(reason)) return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}

const LOST_NAMES: ReadonlySet<unknown> = new Set(['InvalidStateError', 'DatabaseClosedError']);

/**
 * True when a storage error means the connection to the database is gone: Chromium closes every
 * connection to a database whose write the quota refused ("a global failure"), and each later request on
 * it fails as "the database connection is closing". Dexie opens its database again by itself; PouchDB
 * keeps the closed connection, so its database must be opened again.
 */
export function isLostConnection(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, reason } = e as { name?: unknown; reason?: unknown };
    if (LOST_NAMES.has(name) || LOST_NAMES.has(reason)) return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}
