import { browser } from 'wxt/browser';
import type { Envelope, RequestOf, RequestType, Responses } from './protocol';

/**
 * Sends one request to the background and returns its typed envelope. Never throws: a background
 * that cannot be reached (the extension was updated under an open tab) becomes an error envelope.
 */
export async function sendRequest<T extends RequestType>(request: RequestOf<T>): Promise<Envelope<Responses[T]>> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Envelope<Responses[T]> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, error: { code: 'storage-error', message: 'The background gave no answer.' } };
  } catch (error) {
    return { ok: false, error: { code: 'unreachable', message: String(error) } };
  }
}
