import { describe, expect, it } from 'vitest';
import { createHealthReport, type HealthCounts } from './health-report';

describe('HealthReport', () => {
  it('sends the counts once per delay, and never the same counts twice', () => {
    const timers: Array<() => void> = [];
    const sent: unknown[] = [];
    let counts = { unreadable: 1, readable: 5 };
    const report = createHealthReport({ counts: () => counts, send: (c) => sent.push(c), setTimeout: (callback) => timers.push(callback) });
    report.soon();
    report.soon();
    expect(timers).toHaveLength(1);
    timers.shift()!();
    expect(sent).toEqual([{ unreadable: 1, readable: 5 }]);
    report.soon();
    timers.shift()!();
    expect(sent).toHaveLength(1); // unchanged
    counts = { unreadable: 2, readable: 5 };
    report.soon();
    timers.shift()!();
    expect(sent).toEqual([{ unreadable: 1, readable: 5 }, { unreadable: 2, readable: 5 }]);
  });

  it('sends again when only the part the unreadable posts lacked changes', () => {
    const timers: Array<() => void> = [];
    const sent: unknown[] = [];
    let counts = { unreadable: 2, readable: 5, missing: { link: 2, actionBar: 0 } };
    const report = createHealthReport({ counts: () => counts, send: (c) => sent.push(c), setTimeout: (callback) => timers.push(callback) });
    report.soon();
    timers.shift()!();
    counts = { unreadable: 2, readable: 5, missing: { link: 1, actionBar: 1 } };
    report.soon();
    timers.shift()!();
    expect(sent).toEqual([
      { unreadable: 2, readable: 5, missing: { link: 2, actionBar: 0 } },
      { unreadable: 2, readable: 5, missing: { link: 1, actionBar: 1 } },
    ]);
  });

  it("sends again when only the check against X's data changes, and counts in an idle moment when given one", () => {
    const timers: Array<() => void> = [];
    const idles: Array<() => void> = [];
    const sent: unknown[] = [];
    const none = { post: 0, text: 0, tag: 0, link: 0, actionBar: 0 };
    let counts: HealthCounts = { unreadable: 0, readable: 5, xData: { unreadable: 0, missing: none } };
    let asked = 0;
    const report = createHealthReport({
      counts: () => (asked++, counts),
      send: (c) => sent.push(c),
      setTimeout: (callback) => timers.push(callback),
      idle: (callback) => idles.push(callback),
    });
    report.soon();
    timers.shift()!();
    expect(asked).toBe(0); // not counted until the idle moment
    report.soon();
    expect(timers).toHaveLength(0); // one report on its way
    idles.shift()!();
    expect(asked).toBe(1);
    counts = { unreadable: 0, readable: 5, xData: { unreadable: 3, missing: { ...none, text: 3 } } };
    report.soon();
    timers.shift()!();
    idles.shift()!();
    expect(sent).toEqual([
      { unreadable: 0, readable: 5, xData: { unreadable: 0, missing: none } },
      { unreadable: 0, readable: 5, xData: { unreadable: 3, missing: { ...none, text: 3 } } },
    ]);
  });

  it('sends nothing while there is nothing to say, and everything once there is', () => {
    const timers: Array<() => void> = [];
    const sent: unknown[] = [];
    const none = { post: 0, text: 0, tag: 0, link: 0, actionBar: 0 };
    let counts: HealthCounts = { unreadable: 0, readable: 0, missing: { link: 0, actionBar: 0 }, xData: { unreadable: 0, missing: none } };
    const report = createHealthReport({ counts: () => counts, send: (c) => sent.push(c), setTimeout: (callback) => timers.push(callback) });
    report.soon();
    timers.shift()!();
    expect(sent).toEqual([]);
    counts = { ...counts, xData: { unreadable: 1, missing: { ...none, tag: 1 } } };
    report.soon();
    timers.shift()!();
    expect(sent).toEqual([counts]);
  });
});
