import { describe, expect, it } from 'vitest';
import { createHealthReport } from './health-report';

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
});
