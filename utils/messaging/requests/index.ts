import * as v from 'valibot';
import { clip } from './clip';
import { keepAwake } from './keep-awake';
import { localeMessages } from './locale-messages';
import { pageHealth } from './page-health';
import { restore } from './restore';
import { saveAnnotationText } from './save-annotation-text';
import { savedFilter } from './saved-filter';
import { savedState } from './saved-state';
import { unclip } from './unclip';

/**
 * Every request the background answers, by name: each is one file in this folder holding its valibot
 * schema, its response type, who may send it and its handler. Adding a request: a new file written
 * with defineRequest (./define.ts), and one line here. utils/messaging/server.ts checks the sender
 * against `senders` and validates against `schema` before any handler runs.
 *
 * Content scripts import only the types below (`import type`), so valibot and Dexie never reach X.
 */
export const REQUESTS = {
  clip,
  unclip,
  restore,
  savedState,
  savedFilter,
  pageHealth,
  localeMessages,
  saveAnnotationText,
  keepAwake,
} as const;

export type RequestType = keyof typeof REQUESTS;
/** A request of one type, as its schema's output. */
export type RequestOf<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]['schema']>;
export type Request = RequestOf<RequestType>;
/** Each request's response, as its handler returns it. */
export type Responses = { [T in RequestType]: Awaited<ReturnType<(typeof REQUESTS)[T]['handle']>> };

/** Every request, checked on its `type`: the union of the schemas in REQUESTS. */
export const RequestSchema: v.GenericSchema<unknown, Request> = v.variant(
  'type',
  Object.values(REQUESTS).map((r) => r.schema),
);

export type { Sender, RequestContext } from './define';
