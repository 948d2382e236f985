/**
 * Paces work that answers a stream of changes: the library's search, run again after each write to
 * the library. A change is answered at once, as it always was, unless changes are streaming in: when
 * `streamAnswers` answers have already been given in the last `streamWindowMs` (a team's first sync
 * merges a batch every second or two, and each search reads the library's whole order). While they
 * stream, the next answer waits until the runs before it have finished and a rest has passed since the
 * last one ended: `minRestMs`, or `restFactor` times as long as that run took, whichever is longer. It
 * then answers every change that came meanwhile at once. A user's own change (a removal, an edit) in
 * a quiet library is thus shown at once.
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
  /** Changes stream in when this many answers were given in the last `streamWindowMs`. */
  streamAnswers: number;
  streamWindowMs: number;
  now: () => number;
  later: (callback: () => void, ms: number) => unknown;
  cancel: (handle: unknown) => void;
}

export function createPacer({ answer, minRestMs, restFactor, streamAnswers, streamWindowMs, now, later, cancel }: PacerOptions): Pacer {
  let running = 0;
  let began = 0;
  let ended = -Infinity;
  let rest = 0;
  let pending = false;
  let timer: unknown = null;
  let disposed = false;
  /** When the latest answers were given, oldest first (at most `streamAnswers`). */
  const answered: number[] = [];
  const streaming = (t: number) => answered.length >= streamAnswers && t - answered[0]! < streamWindowMs;
  const attempt = () => {
    if (disposed || !pending || timer !== null) return;
    const t = now();
    if (streaming(t)) {
      if (running > 0) return; // end() tries again
      const wait = ended + rest - t;
      if (wait > 0) {
        timer = later(() => {
          timer = null;
          attempt();
        }, wait);
        return;
      }
    }
    pending = false;
    answered.push(t);
    if (answered.length > streamAnswers) answered.shift();
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
