import type { ButtonError, ButtonView } from './button';
import type { PressAction } from './injector';
import type { ExtractResult } from './extract';
import type { Responses } from '@/utils/messaging/requests';
import { NO_ANSWER, type Envelope } from '@/utils/messaging/protocol';

/**
 * What happens when a post's button is pressed: clip, remove (with Undo for a while) or Undo, and
 * what the button shows meanwhile and after. Pure: the background, the page and the clock are passed in.
 *
 * When the background cannot be reached or gives no answer (the browser stopped its worker between
 * the database write and the reply), the button never guesses: it asks for the post's saved state
 * again (the next message wakes the worker) and shows what the library really holds. News of the
 * post from the change feed that arrives while the press is on its way is kept, and decides the
 * outcome when the reply is lost.
 */

/** The parts of the Injector a press needs. */
export interface PressView {
  viewOf(postId: string): ButtonView | undefined;
  setView(postId: string, view: ButtonView): void;
  setError(postId: string, error: ButtonError, state: 'saved' | 'unsaved'): void;
}

export interface PressDeps {
  view: PressView;
  /** Reads the post from its article (utils/x/extract). */
  extract(article: Element): ExtractResult;
  clip(snapshot: Extract<ExtractResult, { ok: true }>['snapshot']): Promise<Envelope<Responses['clip']>>;
  unclip(postId: string): Promise<Envelope<Responses['unclip']>>;
  restore(postId: string): Promise<Envelope<Responses['restore']>>;
  /** Which of these posts the library holds (the savedState request). */
  savedState(postIds: string[]): Promise<Envelope<{ saved: string[] }>>;
  /** A short notice at the foot of the window ("Saved to LGA guide", "Removed"). */
  notify(what: 'saved' | 'removed'): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Waits between the tries of a saved-state check after a lost reply. */
  sleep(ms: number): Promise<void>;
  /** How long the inline Undo stays after a removal (12 s). */
  undoMs?: number;
}

/**
 * How long a press waits for the background's reply. A message sent as the browser stops the worker has been
 * seen to get no reply and no error, ever (a button left on "Saving…"): past this, the reply counts as lost
 * and the library is asked what it holds, as for any lost reply. A save that is only slow (queued behind a
 * large import) is still seen: the library's answer waits for the writes queued before it. Each of those
 * checks waits as long at most, so a press always ends.
 */
export const REPLY_PATIENCE_MS = 10_000;

/** Replies that say nothing of whether the write happened. */
const LOST = new Set(['unreachable', 'no-answer']);
/** Tries of the saved-state check after a lost reply, and the wait before each. */
const CHECK_WAITS_MS = [0, 250, 1000];

/** A press flow: made by createPressFlow (a closure, so the minifier shortens its inner names). */
export interface PressFlow {
  /** True while a press of this post waits for its reply. */
  isPressing(postId: string): boolean;
  /** The change feed said this post is saved or not; kept while a press of it is on its way. */
  noteNews(postId: string, saved: boolean): void;
  press(action: PressAction, postId: string, article: Element): Promise<void>;
}

export function createPressFlow(deps: PressDeps): PressFlow {
  const { view } = deps;
  const undoTimers = new Map<string, unknown>();
  /** Change-feed news of posts with a press on its way: the library's state, as committed. */
  const news = new Map<string, boolean>();
  const inFlight = new Set<string>();

  /** The reply, or `no-answer` once REPLY_PATIENCE_MS have gone without one. */
  // A function, not an arrow: the dependency linter reads a generic arrow `<T>(…)` as JSX.
  function within<T>(reply: Promise<Envelope<T>>): Promise<Envelope<T>> {
    return new Promise((resolve) => {
      const timer = deps.setTimeout(() => resolve(NO_ANSWER), REPLY_PATIENCE_MS);
      // A reply that rejects (sendRequest never does) is left to the timer, and never reaches X's console.
      reply.then(
        (value) => {
          deps.clearTimeout(timer);
          resolve(value);
        },
        () => undefined,
      );
    });
  }

  const clip = async (postId: string, article: Element) => {
    view.setView(postId, { state: 'saving' });
    const extracted = deps.extract(article);
    if (!extracted.ok || extracted.snapshot.postId !== postId) {
      view.setError(postId, 'unreadable', 'unsaved');
      return;
    }
    const reply = await within(deps.clip(extracted.snapshot));
    if (reply.ok) return showSaved(postId);
    if (reply.error.code === 'storage-full') return view.setError(postId, 'storageFull', 'unsaved');
    await settleLost(postId, reply.error.code, true);
  };

  const unclip = async (postId: string) => {
    view.setView(postId, { state: 'removing' });
    const reply = await within(deps.unclip(postId));
    if (reply.ok || reply.error.code === 'not-found') return showRemoved(postId);
    await settleLost(postId, reply.error.code, false);
  };

  const restore = async (postId: string) => {
    view.setView(postId, { state: 'saving' });
    const reply = await within(deps.restore(postId));
    if (reply.ok) return showSaved(postId);
    await settleLost(postId, reply.error.code, true);
  };

  /**
   * A press whose reply failed. When the reply was lost, the library's state decides: news from the
   * change feed if any came, else the background asked again. Only when neither can be had, or the
   * write really failed, does the button show an error, over the state the post had before.
   */
  const settleLost = async (postId: string, code: string, wanted: boolean) => {
    const before = wanted ? 'unsaved' : 'saved';
    const error: ButtonError = code === 'unreachable' || code === 'no-answer' ? 'unreachable' : 'generic';
    if (!LOST.has(code)) return view.setError(postId, error, before);
    const saved = news.has(postId) ? news.get(postId)! : await checkSaved(postId);
    if (saved === undefined) return view.setError(postId, error, before);
    if (saved === wanted) return wanted ? showSaved(postId) : showRemoved(postId);
    // Not written. A save says so ("Not saved: …"); a removal that did not happen shows the post as
    // it still is, saved, so its words never say "Not saved" of a saved post.
    if (wanted) view.setError(postId, error, before);
    else view.setView(postId, { state: 'saved' });
  };

  /** Asks the background whether the post is saved, a few times; undefined when it cannot say. */
  const checkSaved = async (postId: string): Promise<boolean | undefined> => {
    for (const wait of CHECK_WAITS_MS) {
      if (wait > 0) await deps.sleep(wait);
      if (news.has(postId)) return news.get(postId);
      const reply = await within(deps.savedState([postId]));
      if (reply.ok) return reply.value.saved.includes(postId);
    }
    return undefined;
  };

  const showSaved = (postId: string) => {
    view.setView(postId, { state: 'saved' });
    deps.notify('saved');
  };

  const showRemoved = (postId: string) => {
    view.setView(postId, { state: 'unsaved', undo: true });
    deps.notify('removed');
    undoTimers.set(
      postId,
      deps.setTimeout(() => {
        undoTimers.delete(postId);
        const shown = view.viewOf(postId);
        if (shown?.undo) view.setView(postId, { ...shown, undo: false });
      }, deps.undoMs ?? 12_000),
    );
  };

  return {
    isPressing: (postId) => inFlight.has(postId),
    noteNews(postId, saved) {
      if (inFlight.has(postId)) news.set(postId, saved);
    },
    async press(action, postId, article) {
      deps.clearTimeout(undoTimers.get(postId));
      undoTimers.delete(postId);
      inFlight.add(postId);
      news.delete(postId);
      try {
        if (action === 'clip') await clip(postId, article);
        else if (action === 'unclip') await unclip(postId);
        else await restore(postId);
      } finally {
        inFlight.delete(postId);
        news.delete(postId);
      }
    },
  };
}
