import { vi } from 'vitest';

/**
 * A dedicated worker's script run here, in the test's own global scope: `load` imports it (afresh), its
 * messages are sent as its client sends them, and what it posts back is caught in `replies`. The test
 * should restore mocks and clear `self.onmessage` after each (vi.restoreAllMocks()).
 */
export async function workerScript<Request, Reply>(load: () => Promise<unknown>): Promise<{ send(message: Request): void; replies: Reply[] }> {
  vi.resetModules();
  const replies: Reply[] = [];
  vi.spyOn(self, 'postMessage').mockImplementation(((message: Reply) => {
    replies.push(message);
  }) as typeof self.postMessage);
  await load();
  const send = (message: Request) => (self.onmessage as (event: MessageEvent) => void)(new MessageEvent('message', { data: message }));
  return { send, replies };
}
