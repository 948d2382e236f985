import { describe, expect, it, vi } from 'vitest';
import { createSavedStateQueue, type SavedStateQueueDeps } from './saved-state-queue';
import type { Envelope } from '@/utils/messaging/protocol';

function setUp(reply: (ids: string[]) => Envelope<{ saved: string[] }> = (ids) => ({ ok: true, value: { saved: ids.filter((id) => id.endsWith('1')) } })) {
  const tasks: Array<() => void> = [];
  const answers: Array<[string[], string[]]> = [];
  const failures: string[][] = [];
  let release: (() => void) | undefined;
  const sent: string[][] = [];
  const deps: SavedStateQueueDeps = {
    lookUp: vi.fn(async (ids: string[]) => {
      sent.push(ids);
      await new Promise<void>((resolve) => (release = resolve));
      return reply(ids);
    }),
    answer: (saved, unsaved) => answers.push([saved, unsaved]),
    failed: (ids) => failures.push(ids),
    later: (callback) => tasks.push(callback),
    maxIds: 3,
  };
  const next = async () => {
    release?.();
    release = undefined;
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { queue: createSavedStateQueue(deps), tasks, answers, failures, sent, next };
}

describe('SavedStateQueue', () => {
  it('sends from a task of its own, one message at a time; ids asked meanwhile go together in the next', async () => {
    const { queue, tasks, answers, sent, next } = setUp();
    queue.ask(['11', '12']);
    expect(sent).toEqual([]);
    tasks.shift()!();
    expect(sent).toEqual([['11', '12']]);
    queue.ask(['21']);
    queue.ask(['22']);
    expect(tasks).toEqual([]); // no second run while one is on its way
    await next();
    expect(sent).toEqual([['11', '12'], ['21', '22']]);
    await next();
    expect(answers).toEqual([[['11'], ['12']], [['21'], ['22']]]);
  });

  it('never sends more ids in one message than allowed', async () => {
    const { queue, tasks, sent, next } = setUp();
    queue.ask(['1', '2', '3', '4', '5']);
    tasks.shift()!();
    await next();
    await next();
    expect(sent).toEqual([['1', '2', '3'], ['4', '5']]);
  });

  it('with a gap, waits until that long after the last message started; a run after a quiet spell starts at once', async () => {
    let clock = 1000;
    const timers: Array<{ ms: number | undefined; run: () => void }> = [];
    const sent: string[][] = [];
    const answers: Array<[string[], string[]]> = [];
    const queue = createSavedStateQueue({
      lookUp: async (ids) => {
        sent.push(ids);
        return { ok: true, value: { saved: [] } };
      },
      answer: (saved, unsaved) => answers.push([saved, unsaved]),
      failed: () => {},
      later: (run, ms) => timers.push({ ms, run }),
      maxIds: 10,
      gapMs: 100,
      now: () => clock,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    queue.ask(['1']);
    expect(timers.map((t) => t.ms)).toEqual([undefined]); // its own task, no wait: nothing was sent before
    timers.shift()!.run();
    expect(sent).toEqual([['1']]);
    queue.ask(['2']);
    await settle();
    clock += 30;
    queue.ask(['3']);
    await settle();
    // The answer came: the next message waits for the rest of the gap, and takes every id asked meanwhile.
    expect(timers.map((t) => t.ms)).toEqual([100]);
    expect(sent).toEqual([['1']]);
    clock += 100;
    timers.shift()!.run();
    await settle();
    expect(sent).toEqual([['1'], ['2', '3']]);
    expect(answers).toEqual([[[], ['1']], [[], ['2', '3']]]);
    // A quiet spell longer than the gap: the next message goes at once from its own task.
    clock += 500;
    queue.ask(['4']);
    expect(timers.map((t) => t.ms)).toEqual([undefined]);
    timers.shift()!.run();
    expect(sent).toEqual([['1'], ['2', '3'], ['4']]);
  });

  it('reports a failed lookup, and starts a new run afterwards', async () => {
    const { queue, tasks, failures, sent, next } = setUp(() => ({ ok: false, error: { code: 'unreachable', message: '' } }));
    queue.ask(['1']);
    tasks.shift()!();
    await next();
    expect(failures).toEqual([['1']]);
    queue.ask(['2']);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(sent).toEqual([['1'], ['2']]);
  });
});
