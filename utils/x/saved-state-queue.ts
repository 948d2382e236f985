import type { Envelope } from '@/utils/messaging/protocol';

/**
 * Saved-state lookups, one message at a time. Ids asked for while one is on its way wait and go
 * together in the next, so a fast scroll sends a message per round trip, not one per frame (each
 * message costs the page's main thread far more than the ids in it). The first message of a run is
 * sent from a task of its own, after the frame the posts were decorated in. Pure: the request, the
 * answers' destination and the task scheduler are passed in.
 */
export interface SavedStateQueueDeps {
  /** The savedState request. */
  lookUp(postIds: string[]): Promise<Envelope<{ saved: string[] }>>;
  /** Each answer: which of the ids asked about are saved. */
  answer(saved: string[], unsaved: string[]): void;
  /** The ids whose lookup failed (their buttons show unsaved, so the user can still clip). */
  failed(postIds: string[]): void;
  /** Runs a callback in a task of its own (setTimeout 0). */
  later(callback: () => void): void;
  /** How many ids one message may carry (MAX_IDS_PER_LOOKUP). */
  maxIds: number;
}

export interface SavedStateQueue {
  /** Asks for these posts' saved state, soon, with any others asked for meanwhile. */
  ask(postIds: Iterable<string>): void;
}

export function createSavedStateQueue(deps: SavedStateQueueDeps): SavedStateQueue {
  const queued = new Set<string>();
  let running = false;

  const drain = async (): Promise<void> => {
    try {
      while (queued.size > 0) {
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
