/**
 * The light half of the protocol between content scripts, extension pages and the background: the
 * envelope every answer comes in, its error codes, and the constants a content script needs. No
 * valibot and no database here, so the content script stays small. Each request (its schema, its
 * response, who may send it and its handler) is one file in ./requests/, registered in
 * ./requests/index.ts.
 */

/** Who is asking: our content script on an X page, or one of our own extension pages. */
export type SenderKind = 'content-script' | 'extension-page';

/** How many post ids one saved-state lookup may ask about: a timeline's worth, batched per frame. */
export const MAX_IDS_PER_LOOKUP = 500;

export type ErrorCode =
  /** The background could not be reached (sendMessage threw: the extension was updated or reloaded). */
  | 'unreachable'
  /** The message reached the background but no answer came back. */
  | 'no-answer'
  | 'invalid-message'
  | 'forbidden-sender'
  | 'storage-full'
  /** The browser's storage failed for a reason other than being full. */
  | 'storage-error'
  | 'not-found';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** The envelope of a request the background did not answer (no listener, a lost port, no reply in time). */
export const NO_ANSWER = { ok: false, error: { code: 'no-answer', message: 'The background gave no answer.' } } as const satisfies Envelope<never>;

/** Messages the background sends to a content script on an X tab. */
export type TabMessage = { type: 'clipFocused' } | { type: 'clipContextTarget' };

/**
 * What is written to storage.local under CHANGE_FEED_KEY after every committed save, removal, restore
 * or import (from the outbox: utils/store/outbox.ts), so that every open X tab and extension page
 * updates within a second (storage.onChanged reaches them all). `resync` stands for a change too large
 * to list: each tab asks again for the saved state of the posts it shows.
 */
export const CHANGE_FEED_KEY = 'clipChangeFeed';
export interface ChangeFeed {
  seq: number;
  changes: Array<{ postId: string; saved: boolean }>;
  resync?: true;
}
