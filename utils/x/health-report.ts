/**
 * Tells the background, at most once every two seconds, how many tagged posts on the page could and
 * could not be read (the popup says so when some could not). An unchanged count is not sent again.
 * Pure: the sender, the counts and the timer are passed in.
 */
export interface HealthReportDeps {
  counts(): { unreadable: number; readable: number };
  send(counts: { unreadable: number; readable: number }): void;
  setTimeout(callback: () => void, ms: number): unknown;
  delayMs?: number;
}

export interface HealthReport {
  /** The counts may have changed: report them soon, once. */
  soon(): void;
}

export function createHealthReport(deps: HealthReportDeps): HealthReport {
  let timer: unknown;
  let last = '';
  return {
    soon() {
      if (timer !== undefined) return;
      timer = deps.setTimeout(() => {
        timer = undefined;
        const counts = deps.counts();
        const key = `${counts.unreadable}/${counts.readable}`;
        if (key === last) return;
        last = key;
        deps.send(counts);
      }, deps.delayMs ?? 2000);
    },
  };
}
