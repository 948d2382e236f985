import { describe, expect, it } from 'vitest';
import { freshDbsPerTest } from '@/tests/unit/bundles';
import { largestStep, seenBetweenTasks } from '@/tests/unit/tasks';
import { inTurns, slicer } from './slices';

const db = freshDbsPerTest();


describe('slicer', () => {
  it('asks for a read every so many steps, and for nothing in between', async () => {
    let reads = 0;
    const nextSlice = slicer(async () => reads++, 3);
    const pauses = Array.from({ length: 10 }, () => nextSlice());
    expect(pauses.map((p) => p !== null)).toEqual([false, false, true, false, false, true, false, false, true, false]);
    expect(reads).toBe(3);
  });

  it('lets other tasks run between the slices of work inside a transaction, which stays one transaction', async () => {
    const d = db();
    let done = 0;
    const seen = await seenBetweenTasks(
      () => done,
      () =>
        d.transaction('rw', d.meta, async () => {
          const nextSlice = slicer(() => d.meta.get('x'), 100);
          for (let i = 0; i < 1000; i++) {
            const pause = nextSlice();
            if (pause) await pause;
            done++;
          }
          await d.meta.put({ key: 'after the work', value: done });
        }),
    );
    expect(largestStep(seen)).toBeLessThanOrEqual(100);
    expect(await d.meta.get('after the work')).toEqual({ key: 'after the work', value: 1000 });
  });
});

describe('inTurns', () => {
  const record = (i: number, j: number) => ({ word: `w${i}`, block: j, ids: [`post-${i}-${j}`] });

  it('asks for each write in a task of its own, never more than the number in flight, and makes them all, in order', async () => {
    const d = db();
    let asked = 0;
    let written = 0;
    let mostWaiting = 0;
    const order: number[] = [];
    const seen = await seenBetweenTasks(
      () => asked,
      () =>
        d.transaction('rw', d.meta, d.wordPosts, () =>
          inTurns(
            8,
            3,
            () => d.meta.get('x'),
            async (i) => {
              asked++;
              mostWaiting = Math.max(mostWaiting, asked - written);
              await d.wordPosts.bulkPut(Array.from({ length: 50 }, (_, j) => record(i, j)));
              order.push(i);
              written++;
            },
          ),
        ),
    );
    expect(largestStep(seen)).toBe(1);
    expect(mostWaiting).toBeLessThanOrEqual(3);
    expect(mostWaiting).toBeGreaterThan(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await d.wordPosts.count()).toBe(8 * 50);
  });

  it('makes a single write at once, asking for no read', async () => {
    const d = db();
    let reads = 0;
    await d.transaction('rw', d.meta, d.wordPosts, () =>
      inTurns(
        1,
        2,
        () => {
          reads++;
          return d.meta.get('x');
        },
        () => d.wordPosts.bulkPut([record(1, 1)]),
      ),
    );
    expect(reads).toBe(0);
    expect(await d.wordPosts.count()).toBe(1);
  });

  it('goes on beside other work of the same transaction, its writes and the others all made', async () => {
    const d = db();
    await d.transaction('rw', d.meta, d.wordPosts, async (tx) => {
      // The transaction's own tables, as the merge's early writes use.
      const meta = tx.table('meta');
      const words = tx.table('wordPosts');
      let writes: Promise<void> | undefined;
      // Started part way through other work with native awaits (as the merge starts its annotations' writes), and left to run.
      const work = async () => {
        for (let k = 0; k < 5; k++) {
          await d.meta.get('x');
          if (k === 1) writes = inTurns(6, 3, () => meta.get('x'), (i) => words.bulkPut(Array.from({ length: 50 }, (_, j) => record(i, j))));
          await d.meta.put({ key: `beside ${k}`, value: k });
        }
      };
      await work();
      await writes;
      await inTurns(3, 2, () => d.meta.get('x'), (i) => d.wordPosts.bulkPut([record(100 + i, 0)]));
      await d.meta.put({ key: 'after', value: await d.wordPosts.count() });
    });
    expect(await d.wordPosts.count()).toBe(6 * 50 + 3);
    expect(await d.meta.get('after')).toEqual({ key: 'after', value: 6 * 50 + 3 });
    expect(await d.meta.get('beside 4')).toEqual({ key: 'beside 4', value: 4 });
  });

  it('fails as a read or a write that throws instead of failing its promise, at any turn', async () => {
    for (const which of ['read', 'write'] as const) {
      let calls = 0;
      const throwsThird = () => {
        if (++calls === 3) throw new Error(`${which} threw`);
        return Promise.resolve();
      };
      await expect(inTurns(6, 2, which === 'read' ? throwsThird : () => Promise.resolve(), which === 'write' ? throwsThird : () => Promise.resolve())).rejects.toThrow(`${which} threw`);
    }
  });

  it('fails as the write that fails, and its transaction writes nothing', async () => {
    const d = db();
    const failure = d.transaction('rw', d.meta, d.wordPosts, () =>
      inTurns(
        5,
        2,
        () => d.meta.get('x'),
        // The third write's record has no key: IndexedDB refuses it.
        (i) => d.wordPosts.bulkPut(i === 2 ? [{ ids: [] } as never] : [record(i, 0)]),
      ),
    );
    await expect(failure).rejects.toThrow();
    expect(await d.wordPosts.count()).toBe(0);
  });
});
