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

export class HealthReport {
  private timer: unknown;
  private last = '';

  constructor(private readonly deps: HealthReportDeps) {}

  /** The counts may have changed: report them soon, once. */
  soon(): void {
    if (this.timer !== undefined) return;
    this.timer = this.deps.setTimeout(() => {
      this.timer = undefined;
      const counts = this.deps.counts();
      const key = `${counts.unreadable}/${counts.readable}`;
      if (key === this.last) return;
      this.last = key;
      this.deps.send(counts);
    }, this.deps.delayMs ?? 2000);
  }
}
