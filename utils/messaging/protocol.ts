import type { PostSnapshot } from '@/utils/snapshot';
import type { RequestSchema } from './schemas';

/**
 * The messages content scripts and extension pages send to the background, which owns the data.
 * Each has a valibot schema in ./schemas.ts (checked in the background, never trusted) and a typed
 * response here. This file holds types and constants only, so the content script stays small.
 * Adding a message: a schema in ./schemas.ts, its response here, a handler in utils/background/handlers.ts.
 */

export type Request = import('valibot').InferOutput<typeof RequestSchema>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

export interface ClipResult {
  postId: string;
  saved: true;
  /** False when the post was already in the library (the snapshot was refreshed). */
  firstClip: boolean;
}

export interface Responses {
  clip: ClipResult;
  unclip: { postId: string; saved: false };
  restore: { postId: string; saved: true };
  savedState: { saved: string[] };
  pageHealth: Record<string, never>;
  /** A locale's messages.json, as the package holds it. */
  localeMessages: { messages: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> };
}

/** How many post ids one saved-state lookup may ask about: a timeline's worth, batched per frame. */
export const MAX_IDS_PER_LOOKUP = 500;

export type ErrorCode =
  | 'unreachable'
  | 'invalid-message' | 'forbidden-sender' | 'storage-full' | 'storage-error' | 'not-found';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** Messages the background sends to a content script on an X tab. */
export type TabMessage = { type: 'clipFocused' } | { type: 'clipContextTarget' };

/**
 * What the background writes to storage.local under CHANGE_FEED_KEY after every save or removal, so
 * that every open X tab and extension page updates within a second (storage.onChanged reaches them all).
 */
export const CHANGE_FEED_KEY = 'clipChangeFeed';
export interface ChangeFeed {
  seq: number;
  changes: Array<{ postId: string; saved: boolean }>;
}

export type { PostSnapshot };
