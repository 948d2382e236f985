import { describe, expect, it } from 'vitest';
import { excerpt, formatDateTime, formatNumber } from './format';

describe('formatting for UK readers', () => {
  it('writes dates the UK way', () => {
    expect(formatDateTime('2014-10-09T13:05:00Z', 'en-GB')).toMatch(/^9 October 2014(,| at) \d\d:05$/);
  });
  it('groups thousands', () => {
    expect(formatNumber(3410, 'en-GB')).toBe('3,410');
  });
  it('cuts long text at a word with an ellipsis', () => {
    expect(excerpt('Road closures this weekend on the A38 while we resurface', 30)).toBe('Road closures this weekend on…');
    expect(excerpt('  short\n text ')).toBe('short text');
  });
  it('gives nothing for a date it cannot read', () => {
    expect(formatDateTime('not a date', 'en-GB')).toBe('');
  });
});
