import { i18n } from '#i18n';

/**
 * The locale the extension's messages are shown in (en-GB, or a translation's own tag), so that dates
 * and numbers match the words around them, whatever the browser's region.
 */
export function uiLocale(): string {
  try {
    return i18n.t('locale') || 'en-GB';
  } catch {
    return 'en-GB';
  }
}

const DATE_TIME: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' };

/**
 * Whether this browser's Intl has the locale's own data. Chromium builds ship ICU data only for the
 * languages of their own UI, which Welsh is not, so there Intl would quietly answer `cy` in US English
 * ("October 9, 2014 at 1:05 PM").
 */
export function intlKnows(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

const WELSH_MONTHS = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

/** CLDR's Welsh date and time ("9 Hydref 2014 am 14:05"), for a browser whose Intl has no Welsh. */
export function welshDateTime(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${welshDay(date, timeZone)} am ${part('hour')}:${part('minute')}`;
}

/** CLDR's Welsh date ("9 Hydref 2014"), for a browser whose Intl has no Welsh. */
export function welshDay(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', year: 'numeric', timeZone }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${WELSH_MONTHS[Number(part('month')) - 1]} ${part('year')}`;
}

/**
 * A day, without the time ("9 October 2014", "9 Hydref 2014"), in the UI's language, with Welsh
 * written right where the browser's Intl has no Welsh. `timeZone` as Intl takes it (e.g. Europe/London).
 */
export function formatDate(value: number | string | Date, options: { locale?: string; timeZone?: string } = {}): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const tag = options.locale ?? uiLocale();
  if (!intlKnows(tag) && /^cy\b/i.test(tag)) return welshDay(date, options.timeZone);
  return new Intl.DateTimeFormat(intlKnows(tag) ? tag : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: options.timeZone }).format(date);
}

/** Dates and numbers as people in the UK write them ("9 October 2014 at 14:05"), in the UI's language. */
export function formatDateTime(value: number | string | Date, locale?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const tag = locale ?? uiLocale();
  if (!intlKnows(tag)) {
    if (/^cy\b/i.test(tag)) return welshDateTime(date);
    return new Intl.DateTimeFormat('en-GB', DATE_TIME).format(date);
  }
  return new Intl.DateTimeFormat(tag, DATE_TIME).format(date);
}

/** Numbers grouped as the UI's language does (Welsh and UK English alike: 3,410). */
export function formatNumber(value: number, locale?: string): string {
  const tag = locale ?? uiLocale();
  return new Intl.NumberFormat(intlKnows(tag) ? tag : 'en-GB').format(value);
}

/** The start of a text, cut at a word where it can be, with an ellipsis. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
