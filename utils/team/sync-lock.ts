/**
 * One puller at a time. A page's live sync and the background's pass on its alarm both pull from the
 * team into the same local replica and merge it into the same library: run together, each pulls and
 * merges the same documents (a first sync that outlasts the alarm's minute did all of its remaining
 * work twice), and two open pages (Options and the library) each ran a live sync. Whoever pulls holds
 * the Web Lock `SYNC_LOCK`, which the browser shares between the extension's pages and its worker and
 * releases when the holder's page or worker goes.
 */
export const SYNC_LOCK = 'lga-team-pull';

/** The Web Locks the pullers share (`navigator.locks`); null where the browser has none. */
export type SyncLocks = Pick<LockManager, 'request'> | null;

/** The browser's Web Locks, where it has them; without them every puller runs as if it held the lock. */
export function browserLocks(): SyncLocks {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

/**
 * Waits for the lock, calls `onHeld` once it is held, and keeps it until the returned function is
 * called; called before the lock came, it stops the wait and `onHeld` never runs.
 */
export function holdWhenFree(locks: SyncLocks, onHeld: () => void): () => void {
  if (!locks) {
    onHeld();
    return () => undefined;
  }
  const abort = new AbortController();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  locks
    .request(SYNC_LOCK, { signal: abort.signal }, async () => {
      onHeld();
      await released;
    })
    .catch(() => undefined); // the wait stopped before the lock came
  return () => {
    abort.abort();
    release();
  };
}

/** Runs `task` holding the lock if nobody holds it, and resolves to true; otherwise to false, without running it. */
export async function ifFree(locks: SyncLocks, task: () => Promise<void>): Promise<boolean> {
  if (!locks) {
    await task();
    return true;
  }
  return locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await task();
    return true;
  });
}
