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

export class SavedStateQueue {
  private readonly queued = new Set<string>();
  private running = false;

  constructor(private readonly deps: SavedStateQueueDeps) {}

  /** Asks for these posts' saved state, soon, with any others asked for meanwhile. */
  ask(postIds: Iterable<string>): void {
    for (const id of postIds) this.queued.add(id);
    if (this.running || this.queued.size === 0) return;
    this.running = true;
    this.deps.later(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.size > 0) {
        const batch = [...this.queued].slice(0, this.deps.maxIds);
        for (const id of batch) this.queued.delete(id);
        const reply = await this.deps.lookUp(batch);
        if (reply.ok) {
          const saved = new Set(reply.value.saved);
          this.deps.answer(
            batch.filter((id) => saved.has(id)),
            batch.filter((id) => !saved.has(id)),
          );
        } else {
          this.deps.failed(batch);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
