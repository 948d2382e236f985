import { MAX_URL } from '@/utils/snapshot-limits';

/** Small helpers that keep every value within the snapshot's bounds. */

/** `s` cut to at most `max` characters. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** An https address within the bounds, else undefined. */
export function https(value: string | null | undefined): string | undefined {
  return value && /^https:\/\//i.test(value) && value.length <= MAX_URL ? value : undefined;
}

/** A `datetime` attribute as an ISO time, else undefined. */
export function isoTime(time: Element | null | undefined): string | undefined {
  const ms = Date.parse(time?.getAttribute('datetime') ?? '');
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Distinct values, in order, ignoring letter case (the first spelling wins). */
export function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
