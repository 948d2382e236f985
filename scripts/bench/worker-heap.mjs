// The JS heap of a page's dedicated workers, sampled from outside: a worker has no performance.memory,
// so the import's heap (which lives in its worker since December 2026) is read through the DevTools
// protocol, the page's session attached to its workers (the older, unflattened way, so that this
// session's messages go to the worker without Playwright's own sessions knowing).

/**
 * Starts sampling the used JS heap of every dedicated worker `page` starts from now on, every `everyMs`.
 * `stop()` resolves to the largest sum of the workers' heaps seen at one sample (MB), 0 if none ran.
 */
export async function sampleWorkerHeaps(context, page, everyMs = 20) {
  const cdp = await context.newCDPSession(page);
  const workers = new Set();
  const waiting = new Map();
  let next = 0;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') workers.add(event.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (event) => workers.delete(event.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message.result?.usedSize ?? 0);
    waiting.delete(message.id);
  });
  const heapOf = (sessionId) =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      // A worker that has just ended answers nothing: counted as empty.
      setTimeout(() => waiting.delete(id) && resolve(0), 1000);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0));
    });
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
