import type { XDataHealth } from './data/health';

/**
 * Tells the background, at most once every two seconds, how many tagged posts on the page could and
 * could not be read (the popup says so when some could not), and what the check against X's own data
 * found (utils/x/data/health.ts). The counts are taken in an idle moment when `idle` is given. An
 * unchanged report is not sent again, nor a first one with nothing in it (a page with no tagged post
 * costs the background nothing). Pure: the sender, the counts and the timers are passed in.
 */
/** What a report says: the counts, which part the unreadable posts lacked, and the check against X's data. */
export interface HealthCounts {
  unreadable: number;
  readable: number;
  missing?: { link: number; actionBar: number };
  /** Tagged posts X's data holds that the page shows without a button, and what they lacked. */
  xData?: XDataHealth;
}

export interface HealthReportDeps {
  counts(): HealthCounts;
  send(counts: HealthCounts): void;
  setTimeout(callback: () => void, ms: number): unknown;
  /** Runs the callback in an idle moment (requestIdleCallback); without it, at once. */
  idle?(callback: () => void): unknown;
  delayMs?: number;
}

export interface HealthReport {
  /** The counts may have changed: report them soon, once. */
  soon(): void;
}

export function createHealthReport(deps: HealthReportDeps): HealthReport {
  let timer: unknown;
  let last = '';
  const report = () => {
    timer = undefined;
    const counts = deps.counts();
    const key = JSON.stringify(counts);
    if (key === last || (last === '' && counts.unreadable + counts.readable + (counts.xData?.unreadable ?? 0) === 0)) return;
    last = key;
    deps.send(counts);
  };
  return {
    soon() {
      if (timer !== undefined) return;
      timer = deps.setTimeout(() => (deps.idle ? deps.idle(report) : report()), deps.delayMs ?? 2000);
    },
  };
}
