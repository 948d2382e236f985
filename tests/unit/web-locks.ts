/**
 * Web Locks as the browser keeps them between an extension's pages and its worker (happy-dom and Node
 * have none): one holder of a name at a time, waiters served in the order they asked, `ifAvailable`
 * answered with no lock at once while the name is held, and a waiter's abort signal ending its wait.
 */
export function fakeLocks(): Pick<LockManager, 'request'> {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  const request = async (name: string, ...rest: unknown[]): Promise<unknown> => {
    const callback = rest.at(-1) as (lock: Lock | null) => unknown;
    const options = (rest.length > 1 ? rest[0] : {}) as LockOptions;
    if (held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve, reject) => {
        const queue = waiting.get(name) ?? [];
        waiting.set(name, queue);
        queue.push(resolve);
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(resolve);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new DOMException('The request was aborted.', 'AbortError'));
          }
        });
      });
    }
    held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' } as Lock);
    } finally {
      const next = waiting.get(name)?.shift();
      if (next) next();
      else held.delete(name);
    }
  };
  return { request: request as LockManager['request'] };
}
