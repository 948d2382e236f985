import { describe, expect, it, vi } from 'vitest';
import { excerpt, formatDate, formatDateTime, formatNumber, welshDateTime } from './format';

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

describe('formatting for Welsh readers', () => {
  const dates = ['2014-10-09T13:05:00Z', '2026-01-01T00:00:00Z', '2026-02-14T09:30:00Z', '2026-06-30T23:59:00Z', '2026-12-25T12:00:00Z'];
  it('writes dates the Welsh way, and numbers with the same grouping', () => {
    expect(formatDateTime('2014-10-09T13:05:00Z', 'cy')).toMatch(/^9 Hydref 2014 am \d\d:05$/);
    expect(formatNumber(3410, 'cy')).toBe('3,410');
  });
  it('writes Welsh dates as Intl’s Welsh does, in a browser whose Intl has no Welsh (Chromium)', () => {
    const withIntl = dates.map((d) => formatDateTime(d, 'cy'));
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockImplementation((locales) => [locales ?? []].flat().map(String).filter((l) => !l.startsWith('cy')));
    expect(dates.map((d) => formatDateTime(d, 'cy'))).toEqual(withIntl);
    expect(dates.map((d) => welshDateTime(new Date(d)))).toEqual(withIntl);
    vi.restoreAllMocks();
    const days = dates.map((d) => formatDate(d, { locale: 'cy', timeZone: 'Europe/London' }));
    expect(days[0]).toBe('9 Hydref 2014');
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockImplementation((locales) => [locales ?? []].flat().map(String).filter((l) => !l.startsWith('cy')));
    expect(dates.map((d) => formatDate(d, { locale: 'cy', timeZone: 'Europe/London' }))).toEqual(days);
    // Just before midnight UTC on 30 June is already 1 July in London.
    expect(formatDate('2026-06-30T23:59:00Z', { locale: 'cy', timeZone: 'Europe/London' })).toBe('1 Gorffennaf 2026');
    expect(formatNumber(1234567.5, 'cy')).toBe('1,234,567.5');
  });
  it('never falls back to US English for a language Intl does not know', () => {
    expect(formatDateTime('2014-10-09T13:05:00Z', 'xx-unknown')).toMatch(/^9 October 2014(,| at) \d\d:05$/);
  });
});
