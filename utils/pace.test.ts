import { describe, expect, it } from 'vitest';
import { createPacer } from './pace';

/**
 * A pacer on a clock of our own (`tick` moves time on and runs the timers due), resting at least
 * 1,000 ms or three times a run, and streaming after 2 answers in 3,000 ms. `runMs`: each answer
 * starts a run (a search) of that length; without it, the test runs the work itself.
 */
function setUp(runMs?: number) {
  let time = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let ids = 0;
  const answers: number[] = [];
  const later = (callback: () => void, ms: number) => {
    const id = ++ids;
    timers.push({ at: time + ms, callback, id });
    return id;
  };
  const pacer = createPacer({
    answer: () => {
      answers.push(time);
      if (runMs !== undefined) {
        pacer.begin();
        later(() => pacer.end(), runMs);
      }
    },
    minRestMs: 1000,
    restFactor: 3,
    streamAnswers: 2,
    streamWindowMs: 3000,
    now: () => time,
    later,
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
  /** A change every 100 ms for `ms`. */
  const stream = (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      pacer.changed();
      tick(100);
    }
  };
  return { pacer, answers, tick, stream, pendingTimers: () => timers.length };
}

describe('createPacer', () => {
  it('answers each change at once while changes do not stream, a run going or not', () => {
    const { pacer, answers, tick } = setUp();
    pacer.changed();
    pacer.begin();
    tick(300);
    pacer.end();
    tick(3500);
    pacer.changed(); // a removal, long after the last change
    pacer.begin();
    tick(100);
    pacer.changed(); // while that search still runs
    expect(answers).toEqual([0, 3800, 3900]);
  });

  it('answers a stream of changes one run at a time, resting between', () => {
    // A change every 100 ms for 10 s; each answer starts a search of 250 ms.
    const { answers, stream } = setUp(250);
    stream(10_000);
    // Two answers at once, then none while a search runs, and each after the last search's end and a
    // rest (the two overlapping runs 0 to 350 ms rest 1,050 ms; later ones 1,000 ms): 9 for 100 changes.
    expect(answers).toEqual([0, 100, 1400, 2650, 3900, 5150, 6400, 7650, 8900]);
  });

  it('rests three times as long as a slow run took', () => {
    const { pacer, answers, tick } = setUp();
    pacer.changed();
    tick(100);
    pacer.changed(); // two answers in 3 s: streaming
    pacer.begin();
    tick(800);
    pacer.end(); // at 900, after a run of 800 ms: rest 2,400 ms
    pacer.changed();
    tick(2399);
    expect(answers).toEqual([0, 100]);
    tick(1);
    expect(answers).toEqual([0, 100, 3300]);
  });

  it('answers at once again once the stream has stopped', () => {
    const { pacer, answers, tick, stream } = setUp(250);
    stream(3000);
    tick(5000); // the stream's last changes are answered after a rest, then nothing comes for seconds
    const during = answers.length;
    expect(answers.at(-1)).toBeLessThan(5000);
    pacer.changed();
    expect(answers.length).toBe(during + 1);
    expect(answers.at(-1)).toBe(8000);
  });

  it('answers nothing more once disposed', () => {
    const { pacer, answers, tick, pendingTimers } = setUp();
    pacer.changed();
    pacer.changed();
    pacer.begin();
    pacer.end();
    pacer.changed(); // streaming: waits for the rest
    expect(pendingTimers()).toBe(1);
    pacer.dispose();
    expect(pendingTimers()).toBe(0);
    tick(5000);
    pacer.changed();
    expect(answers).toEqual([0, 0]);
  });
});
