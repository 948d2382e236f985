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
});
