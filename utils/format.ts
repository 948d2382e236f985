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

/** Dates and numbers as people in the UK write them ("9 October 2014 at 14:05"), in the UI's language. */
export function formatDateTime(value: number | string | Date, locale?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale ?? uiLocale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatNumber(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale ?? uiLocale()).format(value);
}

/** The start of a text, cut at a word where it can be, with an ellipsis. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
