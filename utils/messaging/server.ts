import * as v from 'valibot';
import type { ClipperDB } from '@/utils/store/db';
import { NotFoundError, removeClipping, restoreClipping, saveClipping, savedPostIds } from '@/utils/store/clippings';
import { isQuotaError } from '@/utils/store/errors';
import type { Envelope, ErrorCode, Request, Responses } from './protocol';
import { RequestSchema } from './schemas';

/**
 * The background's side of the protocol: checks who is asking, validates what they ask, then runs it.
 * Anything else gets a clear error and changes nothing. Pure of the browser: the background passes
 * in the database and the side effects, so tests drive it directly.
 */

/** What the browser tells a listener about who sent a message (a subset of runtime.MessageSender). */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface ServerDeps {
  db: ClipperDB;
  /** browser.runtime.id */
  extensionId: string;
  /** browser.runtime.getURL('/'), e.g. chrome-extension://<id>/ */
  extensionBaseUrl: string;
  /** Tells every open X tab and extension page about saves and removals. */
  publishChanges(changes: Array<{ postId: string; saved: boolean }>): Promise<void>;
  /** Keeps what a tab's content script said about posts it could not read (the popup shows it). */
  recordPageHealth(tabId: number, health: { unreadable: number; readable: number; url: string }): Promise<void>;
  /** Reads a locale's messages.json from the package (content scripts cannot fetch it themselves). */
  loadLocaleMessages?(locale: 'en_GB' | 'cy'): Promise<Responses['localeMessages']['messages']>;
  now?: () => number;
}

/** Pages where our content script runs. */
const X_PAGE = /^https:\/\/(?:[a-z0-9-]+\.)?(?:x|twitter)\.com\//i;

type SenderKind = 'content-script' | 'extension-page';

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

export function createRequestHandler(deps: ServerDeps) {
  const now = deps.now ?? Date.now;

  async function run(req: Request, kind: SenderKind, sender: Sender): Promise<Envelope<unknown>> {
    switch (req.type) {
      case 'clip': {
        const { firstClip } = await saveClipping(deps.db, req.snapshot, now());
        await deps.publishChanges([{ postId: req.snapshot.postId, saved: true }]);
        return { ok: true, value: { postId: req.snapshot.postId, saved: true, firstClip } satisfies Responses['clip'] };
      }
      case 'unclip': {
        await removeClipping(deps.db, req.postId, now());
        await deps.publishChanges([{ postId: req.postId, saved: false }]);
        return { ok: true, value: { postId: req.postId, saved: false } satisfies Responses['unclip'] };
      }
      case 'restore': {
        await restoreClipping(deps.db, req.postId, now());
        await deps.publishChanges([{ postId: req.postId, saved: true }]);
        return { ok: true, value: { postId: req.postId, saved: true } satisfies Responses['restore'] };
      }
      case 'savedState':
        return { ok: true, value: { saved: await savedPostIds(deps.db, req.postIds) } satisfies Responses['savedState'] };
      case 'pageHealth': {
        const tabId = sender.tab?.id;
        if (kind !== 'content-script' || tabId === undefined) {
          return fail('forbidden-sender', 'Only a content script on an X tab reports page health.');
        }
        await deps.recordPageHealth(tabId, { unreadable: req.unreadable, readable: req.readable, url: sender.url ?? '' });
        return { ok: true, value: {} satisfies Responses['pageHealth'] };
      }
      case 'localeMessages': {
        if (!deps.loadLocaleMessages) return fail('not-found', 'This background has no locale messages.');
        return { ok: true, value: { messages: await deps.loadLocaleMessages(req.locale) } satisfies Responses['localeMessages'] };
      }
    }
  }

  return async function handle(message: unknown, sender: Sender): Promise<Envelope<unknown>> {
    const kind = classifySender(sender, deps.extensionId, deps.extensionBaseUrl);
    if (!kind) return fail('forbidden-sender', 'Messages are accepted only from this extension on X pages or its own pages.');
    const parsed = v.safeParse(RequestSchema, message);
    if (!parsed.success) return fail('invalid-message', `The message was not understood (${describeIssues(parsed.issues)}).`);
    try {
      return await run(parsed.output, kind, sender);
    } catch (error) {
      if (error instanceof NotFoundError) return fail('not-found', 'That post is not in the library.');
      if (isQuotaError(error)) return fail('storage-full', 'Browser storage is full.');
      console.error('[LGA Guide Clipper] storage error', error);
      return fail('storage-error', 'The browser could not store the post.');
    }
  };
}
