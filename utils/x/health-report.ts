/**
 * Tells the background, at most once every two seconds, how many tagged posts on the page could and
 * could not be read (the popup says so when some could not). An unchanged count is not sent again.
 * Pure: the sender, the counts and the timer are passed in.
 */
/** What a report says: the counts, and which part the unreadable posts lacked. */
export interface HealthCounts {
  unreadable: number;
  readable: number;
  missing?: { link: number; actionBar: number };
}

export interface HealthReportDeps {
  counts(): HealthCounts;
  send(counts: HealthCounts): void;
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
        const key = `${counts.unreadable}/${counts.readable}/${counts.missing?.link ?? ''}/${counts.missing?.actionBar ?? ''}`;
        if (key === last) return;
        last = key;
        deps.send(counts);
      }, deps.delayMs ?? 2000);
    },
  };
}
