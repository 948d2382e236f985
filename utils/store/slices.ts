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
 */
export async function inTurns(count: number, inFlight: number, read: () => Promise<unknown>, write: (i: number) => Promise<unknown>): Promise<void> {
  const turns: Array<Promise<unknown>> = [];
  const askTurn = () => {
    const turn = read();
    // Failing, it fails with the transaction: thrown where it is awaited, or where a write is.
    turn.catch(() => {});
    turns.push(turn);
  };
  for (let i = 1; i < Math.min(inFlight, count); i++) askTurn();
  const writes: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await turns.shift();
    const written = write(i);
    written.catch(() => {});
    writes.push(written);
    if (i + inFlight < count) askTurn();
  }
  await Promise.all(writes);
}
