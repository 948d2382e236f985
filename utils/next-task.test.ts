import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTask } from './next-task';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('nextTask', () => {
  it('resolves after the current task, not within it', async () => {
    const order: string[] = [];
    const done = nextTask().then(() => order.push('next task'));
    await Promise.resolve().then(() => order.push('microtask'));
    order.push('same task');
    await done;
    expect(order).toEqual(['microtask', 'same task', 'next task']);
  });

  it('needs no timer, so work paced by it goes on where timers are held (a tab in the background)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
    let yielded = 0;
    for (let i = 0; i < 200; i++) {
      await nextTask();
      yielded++;
    }
    expect(yielded).toBe(200);
  });

  it('uses scheduler.yield() where the browser has it', async () => {
    const yieldNow = vi.fn(() => Promise.resolve());
    vi.stubGlobal('scheduler', { yield: yieldNow });
    await nextTask();
    expect(yieldNow).toHaveBeenCalledOnce();
  });
});
