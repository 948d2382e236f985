import * as v from 'valibot';
import { defineRequest } from './define';

/**
 * A page with an edit not yet stored sends this when typing starts and every few seconds of typing,
 * so that the background's worker is running when the page hands over its last edit as it closes
 * (saveAnnotationText): a message from a closing page to a stopped worker can be dropped while the
 * browser starts the worker. Any event keeps an MV3 worker running for 30 seconds more.
 */
export type KeepAwakeResponse = Record<string, never>;

export const keepAwake = defineRequest({
  schema: v.object({ type: v.literal('keepAwake') }),
  senders: ['extension-page'],
  async handle(): Promise<KeepAwakeResponse> {
    return {};
  },
});
