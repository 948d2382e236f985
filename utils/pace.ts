/**
 * Paces work that answers a stream of changes: the library's search, run again after each write to
 * the library. The first change after a quiet spell is answered at once. While changes keep coming
 * (a team's first sync merges a batch every second or two, and each search reads the library's whole
 * order), the next answer waits until the runs before it have finished and a rest has passed since
 * the last one ended: `minRestMs`, or `restFactor` times as long as that run took, whichever is
 * longer. It then answers every change that came meanwhile at once.
 */
export interface Pacer {
  /** Something changed: answer it now or after the rest. */
  changed(): void;
  /** A run of the work began (one answering a change, or any other). */
  begin(): void;
  /** A run of the work ended, whether or not it succeeded. */
  end(): void;
  /** Nothing more is answered. */
  dispose(): void;
}

export interface PacerOptions {
  answer: () => void;
  minRestMs: number;
  restFactor: number;
  now: () => number;
  later: (callback: () => void, ms: number) => unknown;
  cancel: (handle: unknown) => void;
}

export function createPacer({ answer, minRestMs, restFactor, now, later, cancel }: PacerOptions): Pacer {
  let running = 0;
  let began = 0;
  let ended = -Infinity;
  let rest = 0;
  let pending = false;
  let timer: unknown = null;
  let disposed = false;
  const attempt = () => {
    if (disposed || !pending || running > 0 || timer !== null) return;
    const wait = ended + rest - now();
    if (wait > 0) {
      timer = later(() => {
        timer = null;
        attempt();
      }, wait);
      return;
    }
    pending = false;
    answer();
  };
  return {
    changed() {
      pending = true;
      attempt();
    },
    begin() {
      if (running++ === 0) began = now();
    },
    end() {
      if (running === 0) return;
      if (--running === 0) {
        ended = now();
        rest = Math.max(minRestMs, (ended - began) * restFactor);
      }
      attempt();
    },
    dispose() {
      disposed = true;
      if (timer !== null) cancel(timer);
      timer = null;
    },
  };
}
