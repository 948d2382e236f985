import type * as v from 'valibot';
import type { ClipperDB } from '@/utils/store/db';
import type { ErrorCode, SenderKind } from '../protocol';
import type { XDataHealth } from '@/utils/x/data/health';

/** What the browser tells a listener about who sent a message (a subset of runtime.MessageSender). */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** A locale's messages.json, as the package holds it. */
export type LocaleMessagesFile = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** What every handler is given: the database, who asked, and the background's side effects. */
export interface RequestContext {
  db: ClipperDB;
  /** Who sent the request, already checked against the request's `senders`. */
  sender: Sender;
  senderKind: SenderKind;
  /** Tells every open X tab and extension page about saves and removals. */
  publishChanges(changes: Array<{ postId: string; saved: boolean }>): Promise<void>;
  /** Keeps what a tab's content script said about posts it could not read (the popup shows it). */
  recordPageHealth(tabId: number, health: { unreadable: number; readable: number; url: string; missing?: { link: number; actionBar: number }; xData?: XDataHealth }): Promise<void>;
  /** Reads a locale's messages.json from the package (content scripts cannot fetch it themselves). */
  loadLocaleMessages?(locale: 'en_GB' | 'cy'): Promise<LocaleMessagesFile>;
  now(): number;
}

/** The valibot schema of one request: an object whose `type` is the request's name. */
export type RequestSchemaOf<T extends string> = v.ObjectSchema<{ readonly type: v.LiteralSchema<T, undefined> } & v.ObjectEntries, undefined>;

/**
 * One request to the background: how it is checked, who may send it, and what it does.
 * `senders`: 'content-script' (our script on an X page), 'extension-page' (popup, library, options), or both.
 */
export interface RequestDefinition<T extends string, S extends RequestSchemaOf<T>, R> {
  schema: S;
  senders: readonly SenderKind[];
  handle(request: v.InferOutput<S>, context: RequestContext): Promise<R>;
}

export function defineRequest<T extends string, S extends RequestSchemaOf<T>, R>(definition: RequestDefinition<T, S, R>): RequestDefinition<T, S, R> {
  return definition;
}

/** Thrown by a handler, before it changes anything, to answer with an error code instead of a value. */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
