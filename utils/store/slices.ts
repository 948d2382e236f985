/**
 * Long work inside one transaction, a slice at a time, so that the page can draw a frame and hear a
 * press (Cancel, Escape) between slices.
 *
 * A transaction ends when a task of its own ends with no request of it pending, and a request can be
 * made on it only in the task that made it or in an answer to one of its requests: so a slice cannot
 * wait for a timer. It waits instead for a small read of the transaction's own (`read`), whose answer
 * comes in a task of its own, inside the transaction. A bulk merge of 50,000 posts worked out its plan
 * and its word table in tasks of one to three seconds on a slow machine before its first write.
 */

/** Steps of work between two reads: about 50 ms of a merge's work on a slow machine. */
export const SLICE_STEPS = 2000;

/**
 * A function to call at each step of the work: every `every` calls it asks for `read()` and returns
 * it, to be awaited before going on; otherwise null (no await, so no cost to a short piece of work).
 */
export function slicer(read: () => PromiseLike<unknown>, every = SLICE_STEPS): () => PromiseLike<unknown> | null {
  let steps = 0;
  return () => (++steps % every === 0 ? read() : null);
}

/**
 * Makes `count` writes inside the caller's transaction, each in a task of its own: the first in the
 * caller's task, each later one in the answer to a small read (a turn). The first `inFlight - 1` turns are
 * asked for before any write, so they are answered at once, one task each; each later turn is asked for
 * after a write, and IndexedDB answers a transaction's requests in the order they were made, so it is
 * answered once that write is done. At most `inFlight` writes are asked for and not done: IndexedDB has
 * the next waiting while the page copies another into its requests, and the page never copies them all
 * in one task. One write asks for no turn. Resolves when every write is done; rejects as the first that
 * fails (the others fail with the transaction).
 *
 * It chains the reads' and writes' own promises and never `await`s: given Dexie's (a table's or the
 * transaction's), every write is asked for inside the transaction's zone, so the writes can go on beside
 * other work of the same transaction (the merge's early annotations, utils/store/merge.ts). A line of
 * native `await`s beside the caller's loses Dexie's zone, and a write asked for outside it waits for the
 * transaction to end (Dexie's PrematureCommitError).
 */
export function inTurns(count: number, inFlight: number, read: () => PromiseLike<unknown>, write: (i: number) => PromiseLike<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (count <= 0) {
      resolve();
      return;
    }
    const turns: Array<PromiseLike<unknown>> = [];
    let written = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const askTurn = () => {
      const turn = read();
      // Failing, it fails with the transaction: told where a write waits for it, or where a write fails.
      turn.then(undefined, () => {});
      turns.push(turn);
    };
    const start = (i: number) => {
      if (failed) return;
      // A write or a read that throws, rather than failing its promise, fails the whole as well.
      try {
        write(i).then(() => {
          if (++written === count) resolve();
        }, fail);
        if (i + inFlight < count) askTurn();
        if (i + 1 < count) turns.shift()!.then(() => start(i + 1), fail);
      } catch (error) {
        fail(error);
      }
    };
    for (let i = 1; i < Math.min(inFlight, count); i++) askTurn();
    start(0);
  });
}
