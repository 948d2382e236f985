/**
 * Runs `work`, and from a task run between its tasks (as a frame or a press would be) records what
 * `look` says each time; resolves to those records, the last taken once the work is done. With
 * fake-indexeddb, each answer of IndexedDB comes in a task of its own, as in a browser.
 */
export async function seenBetweenTasks<T>(look: () => T, work: () => Promise<unknown>): Promise<T[]> {
  const seen: T[] = [];
  let running = true;
  const tick = () => {
    seen.push(look());
    if (running) setImmediate(tick);
  };
  tick();
  try {
    await work();
  } finally {
    running = false;
  }
  seen.push(look());
  return seen;
}

/** The most a count grew between two records of `seenBetweenTasks`. */
export function largestStep(seen: readonly number[]): number {
  return Math.max(0, ...seen.slice(1).map((n, i) => n - seen[i]!));
}
