// Dedicated workers reached from outside, through the DevTools protocol: a page's session attached to its
// workers the older, unflattened way, so that this session's messages go to a worker without Playwright's
// own sessions knowing. Used to sample the workers' JS heap (a worker has no performance.memory; the import
// lives in its worker since December 2026) and, by import-worker-profile.mjs, to profile the import's worker.

/**
 * `ask(sessionId, method, params)` sends a protocol command to an attached worker and resolves to its
 * result (null if it answers nothing within `timeoutMs`, as a worker that has just ended).
 */
export function workerMessenger(cdp, timeoutMs = 1000) {
  const waiting = new Map();
  let next = 0;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message.result ?? null);
    waiting.delete(message.id);
  });
  return (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      setTimeout(() => waiting.delete(id) && resolve(null), timeoutMs);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
    });
}

/**
 * Starts sampling the used JS heap of every dedicated worker `page` starts from now on, every `everyMs`.
 * `stop()` resolves to the largest sum of the workers' heaps seen at one sample (MB), 0 if none ran.
 */
export async function sampleWorkerHeaps(context, page, everyMs = 20) {
  const cdp = await context.newCDPSession(page);
  const ask = workerMessenger(cdp);
  const workers = new Set();
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') workers.add(event.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (event) => workers.delete(event.sessionId));
  const heapOf = async (sessionId) => (await ask(sessionId, 'Runtime.getHeapUsage'))?.usedSize ?? 0;
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const sizes = await Promise.all([...workers].map(heapOf));
      peak = Math.max(peak, sizes.reduce((a, b) => a + b, 0));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  let stopped;
  return {
    stop() {
      running = false;
      stopped ??= loop.then(() => cdp.detach().catch(() => {})).then(() => peak / 1e6);
      return stopped;
    },
  };
}
