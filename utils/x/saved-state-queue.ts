import type { Envelope } from '@/utils/messaging/protocol';

/**
 * Saved-state lookups, one message at a time. Ids asked for while one is on its way wait and go
 * together in the next, so a fast scroll sends a message per round trip, not one per frame (each
 * message costs the page's main thread far more than the ids in it: a few hundred microseconds of
 * script for its sending and its reply, against microseconds for an id). With `gapMs`, a message also waits
 * until that long after the one before it started, so while posts stream in the ids of several frames
 * go together. The first message of a run is sent from a task of its own, after the frame the posts
 * were decorated in, and at once when none went in the last `gapMs`. Pure: the request, the answers'
 * destination, the clock and the task scheduler are passed in.
 */
export interface SavedStateQueueDeps {
  /** The savedState request. */
  lookUp(postIds: string[]): Promise<Envelope<{ saved: string[] }>>;
  /** Each answer: which of the ids asked about are saved. */
  answer(saved: string[], unsaved: string[]): void;
  /** The ids whose lookup failed (their buttons show unsaved, so the user can still clip). */
  failed(postIds: string[]): void;
  /** Runs a callback in a task of its own (setTimeout), after `ms` when given. */
  later(callback: () => void, ms?: number): void;
  /** How many ids one message may carry (MAX_IDS_PER_LOOKUP). */
  maxIds: number;
  /** The least time from one message's start to the next one's (ms; none when absent). */
  gapMs?: number;
  /** The clock for gapMs (performance.now). */
  now?(): number;
}

export interface SavedStateQueue {
  /** Asks for these posts' saved state, soon, with any others asked for meanwhile. */
  ask(postIds: Iterable<string>): void;
}

export function createSavedStateQueue(deps: SavedStateQueueDeps): SavedStateQueue {
  const queued = new Set<string>();
  let running = false;
  let sentAt = -Infinity;
  const gap = deps.gapMs ?? 0;

  const drain = async (): Promise<void> => {
    try {
      while (queued.size > 0) {
        const wait = gap > 0 ? sentAt + gap - deps.now!() : 0;
        if (wait > 0) await new Promise<void>((resolve) => deps.later(resolve, wait));
        if (gap > 0) sentAt = deps.now!();
        const batch = [...queued].slice(0, deps.maxIds);
        for (const id of batch) queued.delete(id);
        const reply = await deps.lookUp(batch);
        if (reply.ok) {
          const saved = new Set(reply.value.saved);
          deps.answer(
            batch.filter((id) => saved.has(id)),
            batch.filter((id) => !saved.has(id)),
          );
        } else {
          deps.failed(batch);
        }
      }
    } finally {
      running = false;
    }
  };

  return {
    ask(postIds) {
      for (const id of postIds) queued.add(id);
      if (running || queued.size === 0) return;
      running = true;
      deps.later(() => void drain());
    },
  };
}
