import { browser } from 'wxt/browser';
import { NO_ANSWER, type Envelope } from './protocol';
import type { RequestOf, RequestType, Responses } from './requests';

/**
 * Sends one request to the background and returns its typed envelope. Never throws: a background
 * that cannot be reached (the extension was updated under an open tab) becomes `unreachable`, and a
 * reply that is not an envelope (no listener answered) becomes `no-answer`.
 * Only types come from ./requests (erased at build), so a content script using this carries no valibot.
 */
export async function sendRequest<T extends RequestType>(request: RequestOf<T>): Promise<Envelope<Responses[T]>> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Envelope<Responses[T]> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return NO_ANSWER;
  } catch (error) {
    return { ok: false, error: { code: 'unreachable', message: String(error) } };
  }
}

export type { RequestOf, RequestType, Responses };
