import { NO_ANSWER, type Envelope } from './protocol';
import type { RequestOf, Responses } from './requests';

/**
 * Saved-state lookups over one long-lived port (`runtime.connect`), far cheaper for X's page per
 * message than `runtime.sendMessage`. Only `savedState` goes this way: it only reads, so a lookup
 * whose port was cut (MV3 stopped the worker) is simply asked again on a new port, which wakes the
 * worker. Presses keep `sendMessage` (client.ts). The background's side is `servePort` in server.ts,
 * which checks the sender and validates every message with the same handler as `sendMessage`.
 * Pure of the browser: the port is opened by the function passed in. No valibot (types only).
 */

/** The port's name: the background accepts no other. */
export const LOOKUP_PORT = 'lga-saved-state';

/** What goes over the port: a request and the number its reply comes back with. */
export interface PortCall {
  id: number;
  request: unknown;
}
export interface PortReply {
  id: number;
  reply: Envelope<unknown>;
}

/** The part of runtime.Port used here. */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * How many ports one lookup may try before it is given up as `unreachable` (its post then shows unsaved, which
 * is wrong for a saved one). A cut port is ordinary MV3 life, and a few stops of the worker in quick succession
 * can each cut the port under one lookup: a busy machine cut one lookup three times in the browser tests. A
 * lookup that cannot be answered still ends: the extension gone (no port opens), or a worker that dies on it.
 */
const TRIES = 8;

/**
 * How long a port may stay silent while lookups wait on it before it is taken for cut. A port can be lost
 * without a word: a message posted to a worker as the browser stops it has been seen never to come back
 * (a button left on "Saving…" in the browser tests). A slow answer is not wrong, only late: a read queued
 * behind a large import's writes (some 30 s at 50,000 on a slow machine) is asked again on new ports,
 * TRIES times in all, before the lookup is given up.
 */
export const PORT_PATIENCE_MS = 10_000;

/** The timers a port's patience needs (the window's own by default; a test passes its clock). */
export interface PortClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const unreachable = (message: string): Envelope<never> => ({ ok: false, error: { code: 'unreachable', message } });

/**
 * A `savedState` sender over a port opened on demand (`connect`, e.g. browser.runtime.connect). A port
 * that is cut takes nothing with it: every lookup still unanswered is sent again on a new port; after
 * TRIES ports, or when no port can be opened (the extension was reloaded), it answers `unreachable`. A port
 * silent for PORT_PATIENCE_MS while lookups wait on it is closed and counted as cut.
 */
export function portLookups(
  connect: () => PortLike,
  clock: PortClock = globalThis as unknown as PortClock,
): (request: RequestOf<'savedState'>) => Promise<Envelope<Responses['savedState']>> {
  let port: PortLike | undefined;
  let last = 0;
  const waiting = new Map<number, { request: unknown; tries: number; done: (reply: Envelope<unknown>) => void }>();
  /** The open port's patience: running while lookups wait on it, started again by every reply. */
  let patience: unknown;

  const wait = () => {
    clock.clearTimeout(patience);
    patience = waiting.size > 0 && port ? clock.setTimeout(giveUpOnPort, PORT_PATIENCE_MS) : undefined;
  };
  const lost = (p: PortLike) => {
    if (port !== p) return;
    port = undefined;
    for (const id of [...waiting.keys()]) send(id);
    wait();
  };
  const giveUpOnPort = () => {
    const p = port;
    if (!p) return;
    try {
      p.disconnect(); // the background's end hears of it and drops any late answer
    } catch {
      // already gone
    }
    lost(p);
  };

  const open = (): PortLike => {
    if (port) return port;
    const p = connect();
    port = p;
    p.onMessage.addListener((message) => {
      const { id, reply } = (message ?? {}) as Partial<PortReply>;
      const call = typeof id === 'number' ? waiting.get(id) : undefined;
      if (call) {
        waiting.delete(id!);
        call.done(reply && typeof reply === 'object' && 'ok' in reply ? reply : NO_ANSWER);
      }
      if (port === p) wait(); // the port answers: patient again while lookups wait, at rest when none do
    });
    p.onDisconnect.addListener(() => {
      // Chromium reports why a port closed in runtime.lastError: read, it is not logged as unchecked.
      void (globalThis as { chrome?: { runtime?: { lastError?: unknown } } }).chrome?.runtime?.lastError;
      lost(p);
    });
    return p;
  };

  const send = (id: number): void => {
    const call = waiting.get(id);
    if (!call) return;
    while (call.tries < TRIES) {
      call.tries++;
      try {
        open().postMessage({ id, request: call.request } satisfies PortCall);
        return;
      } catch (error) {
        port = undefined; // a port already cut, or none can be opened: try a new one
        if (call.tries >= TRIES) {
          waiting.delete(id);
          call.done(unreachable(String(error)));
          return;
        }
      }
    }
    waiting.delete(id);
    call.done(unreachable(NO_ANSWER.error.message));
  };

  return (request) =>
    new Promise((resolve) => {
      const id = ++last;
      waiting.set(id, { request, tries: 0, done: resolve as (reply: Envelope<unknown>) => void });
      const idle = patience === undefined;
      send(id);
      if (idle) wait();
    });
}
