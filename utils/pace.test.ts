import { describe, expect, it } from 'vitest';
import { createPacer } from './pace';

/** A pacer on a clock of our own: `tick` moves time on and runs the timers due. */
function setUp(minRestMs = 1000, restFactor = 3, onAnswer?: (run: { begin(): void; endAfter(ms: number): void }) => void) {
  let time = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let ids = 0;
  const answers: number[] = [];
  const pacer = createPacer({
    answer: () => {
      answers.push(time);
      onAnswer?.({
        begin: () => pacer.begin(),
        endAfter: (ms) => timers.push({ at: time + ms, callback: () => pacer.end(), id: ++ids }),
      });
    },
    minRestMs,
    restFactor,
    now: () => time,
    later: (callback, ms) => {
      const id = ++ids;
      timers.push({ at: time + ms, callback, id });
      return id;
    },
    cancel: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  });
  const tick = (ms: number) => {
    const until = time + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      time = due.at;
      timers = timers.filter((t) => t !== due);
      due.callback();
    }
    time = until;
  };
  return { pacer, answers, tick, pendingTimers: () => timers.length };
}

describe('createPacer', () => {
  it('answers a change after a quiet spell at once', () => {
    const { pacer, answers, tick } = setUp();
    tick(5000);
    pacer.changed();
    expect(answers).toEqual([5000]);
  });

  it('never answers while a run is going, and rests after it before answering what came meanwhile', () => {
    const { pacer, answers, tick } = setUp();
    pacer.changed();
    expect(answers).toEqual([0]);
    pacer.begin();
    tick(200);
    pacer.changed();
    pacer.changed();
    tick(100);
    expect(answers).toEqual([0]); // the run is still going
    pacer.end(); // at 300: the run took 300 ms, so the rest is 900 ms, less than the 1,000 ms least
    expect(answers).toEqual([0]);
    tick(999);
    expect(answers).toEqual([0]);
    tick(1);
    expect(answers).toEqual([0, 1300]); // both changes answered by one run
  });

  it('rests three times as long as a slow run took', () => {
    const { pacer, answers, tick } = setUp();
    pacer.begin();
    tick(800);
    pacer.end(); // rest 2,400 ms
    pacer.changed();
    tick(2399);
    expect(answers).toEqual([]);
    tick(1);
    expect(answers).toEqual([3200]);
  });

  it('answers changes one run at a time under a stream of them', () => {
    // Each answer starts a run (a search) of 250 ms; a change comes every 100 ms for 10 s.
    const { pacer, answers, tick } = setUp(1000, 3, (run) => {
      run.begin();
      run.endAfter(250);
    });
    for (let t = 0; t < 10_000; t += 100) {
      pacer.changed();
      tick(100);
    }
    // One answer at once, then one after each run (250 ms) and a rest of 1,000 ms: 9 for 100 changes.
    expect(answers).toEqual([0, 1250, 2500, 3750, 5000, 6250, 7500, 8750, 10_000]);
  });

  it('answers nothing more once disposed', () => {
    const { pacer, answers, tick, pendingTimers } = setUp();
    pacer.begin();
    pacer.end();
    pacer.changed();
    expect(pendingTimers()).toBe(1);
    pacer.dispose();
    expect(pendingTimers()).toBe(0);
    tick(5000);
    pacer.changed();
    expect(answers).toEqual([]);
  });
});
