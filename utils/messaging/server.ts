import * as v from 'valibot';
import { NotFoundError } from '@/utils/store/clippings';
import { isQuotaError } from '@/utils/store/errors';
import type { Envelope, ErrorCode, SenderKind } from './protocol';
import { REQUESTS, RequestSchema, type Request, type RequestContext, type RequestType, type Sender } from './requests';
import { RequestRefused } from './requests/define';
import { LOOKUP_PORT, type PortCall, type PortLike, type PortReply } from './port';

/**
 * The background's side of the protocol: checks who is asking, checks that this kind of sender may
 * send this request (its `senders` in ./requests/), validates what they ask, then runs the request's
 * handler. Anything else gets a clear error and changes nothing. Pure of the browser: the background
 * passes in the database and the side effects, so tests drive it directly.
 */

export type { Sender };

export interface ServerDeps extends Omit<RequestContext, 'sender' | 'senderKind' | 'now'> {
  /** browser.runtime.id */
  extensionId: string;
  /** browser.runtime.getURL('/'), e.g. chrome-extension://<id>/ */
  extensionBaseUrl: string;
  now?: () => number;
}

/** Pages where our content script runs. */
const X_PAGE = /^https:\/\/(?:[a-z0-9-]+\.)?(?:x|twitter)\.com\//i;

export function classifySender(sender: Sender, extensionId: string, extensionBaseUrl: string): SenderKind | null {
  if (sender.id !== extensionId) return null;
  const url = sender.url ?? '';
  if (sender.tab && X_PAGE.test(url)) return 'content-script';
  if (url.startsWith(extensionBaseUrl)) return 'extension-page';
  return null;
}

function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function describeIssues(issues: v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${v.getDotPath(i) ?? 'message'}: ${i.message}`)
    .join('; ');
}

/** The request named by a message's `type`, if there is one (own names only, never Object's). */
function requestNamed(message: unknown): (typeof REQUESTS)[RequestType] | undefined {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(REQUESTS, type) ? REQUESTS[type as RequestType] : undefined;
}

const SENDER_NAMES: Record<SenderKind, string> = { 'content-script': 'a content script on X', 'extension-page': 'an extension page' };

export function createRequestHandler(deps: ServerDeps) {
  const now = deps.now ?? Date.now;

  return async function handle(message: unknown, sender: Sender): Promise<Envelope<unknown>> {
    const senderKind = classifySender(sender, deps.extensionId, deps.extensionBaseUrl);
    if (!senderKind) return fail('forbidden-sender', 'Messages are accepted only from this extension on X pages or its own pages.');
    const definition = requestNamed(message);
    if (definition && !definition.senders.includes(senderKind)) {
      const who = definition.senders.map((s) => SENDER_NAMES[s]).join(' or ');
      return fail('forbidden-sender', `Only ${who} may send this request.`);
    }
    const parsed = v.safeParse(RequestSchema, message);
    if (!parsed.success || !definition) {
      return fail('invalid-message', `The message was not understood (${parsed.success ? 'unknown type' : describeIssues(parsed.issues)}).`);
    }
    const context: RequestContext = {
      db: deps.db,
      sender,
      senderKind,
      publishChanges: deps.publishChanges,
      recordPageHealth: deps.recordPageHealth,
      loadLocaleMessages: deps.loadLocaleMessages,
      now,
    };
    const run = definition.handle as (request: Request, context: RequestContext) => Promise<unknown>;
    try {
      return { ok: true, value: await run(parsed.output, context) };
    } catch (error) {
      if (error instanceof RequestRefused) return fail(error.code, error.message);
      if (error instanceof NotFoundError) return fail('not-found', 'That post is not in the library.');
      if (isQuotaError(error)) return fail('storage-full', 'Browser storage is full.');
      console.error('[LGA Guide Clipper] storage error', error);
      return fail('storage-error', 'The browser could not store the post.');
    }
  };
}

/** A port the background was connected to: its name and who opened it (runtime.Port). */
export interface ServedPort extends PortLike {
  name: string;
  sender?: Sender;
}

/**
 * The background's side of utils/messaging/port.ts: one narrow channel for saved-state lookups. A port
 * of another name, or opened by anyone but our content script on X, is closed at once. Every message
 * is then checked and validated by `handle` (createRequestHandler) exactly as a `sendMessage` is, and
 * anything but a `savedState` request is refused; the reply goes back with the message's number.
 */
export function servePort(port: ServedPort, handle: (message: unknown, sender: Sender) => Promise<Envelope<unknown>>, extensionId: string, extensionBaseUrl: string): void {
  const sender = port.sender;
  if (port.name !== LOOKUP_PORT || !sender || classifySender(sender, extensionId, extensionBaseUrl) !== 'content-script') {
    port.disconnect();
    return;
  }
  port.onMessage.addListener((message) => {
    const { id, request } = (message ?? {}) as Partial<PortCall>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return; // no number to answer with
    const reply =
      (request as { type?: unknown } | null)?.type === 'savedState'
        ? handle(request, sender)
        : Promise.resolve(fail('invalid-message', 'Only saved-state lookups go over this port.'));
    void reply.then((answer) => {
      try {
        port.postMessage({ id, reply: answer } satisfies PortReply);
      } catch {
        // The page went away (or the tab navigated): nobody is waiting.
      }
    });
  });
}
