import type { PostSnapshot } from '@/utils/snapshot';

/**
 * What the extension keeps of a clipping's images, and when it tries again: pure rules, no browser
 * API. The fetching is in ./fetch-copy.ts and the storing in utils/store/images.ts.
 */

/** X's media CDN: the only hosts a copy is ever fetched from. */
export const MEDIA_HOSTS: ReadonlySet<string> = new Set(['pbs.twimg.com', 'video.twimg.com']);

/** The optional host permission for the media CDN (wxt.config.ts), asked for when the user chooses images. */
export const MEDIA_ORIGINS = ['https://pbs.twimg.com/*', 'https://video.twimg.com/*'];

/**
 * Size budget: a photo's `name=medium` rendition (at most 1,200 pixels wide) is kept when it is at
 * most this many bytes; above it, the `name=small` rendition (at most 680 pixels) is fetched instead.
 */
export const COPY_BUDGET_BYTES = 600 * 1024;

/** Never stored above this many bytes per image, whatever the rendition. */
export const MAX_COPY_BYTES = 2 * 1024 * 1024;

/** Content types kept as images. */
export const COPY_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** Attempts before a copy is given up (reported as not kept). */
export const MAX_ATTEMPTS = 5;

/** Wait after the nth failed attempt (1-based): 1 minute, 10 minutes, 1 hour, 6 hours. */
export const RETRY_DELAYS_MS = [60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

/** How many copies one run fetches, so a backfill of a large library goes in small batches. */
export const BATCH_SIZE = 8;

export function isMediaUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && MEDIA_HOSTS.has(u.hostname) && !u.username && !u.password && (u.port === '' || u.port === '443');
  } catch {
    return false;
  }
}

/** The images of a clipping worth a copy: its photos and video or GIF posters, its quoted post's too, each once. */
export function imageSources(snapshot: Pick<PostSnapshot, 'media' | 'quoted'>): string[] {
  const urls: string[] = [];
  for (const m of [...snapshot.media, ...(snapshot.quoted?.media ?? [])]) {
    const url = m.type === 'photo' ? m.url : m.posterUrl;
    if (url && isMediaUrl(url) && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

/**
 * The address to fetch for a copy of `source` in a rendition ('medium' first, 'small' when medium is
 * over the budget). X's photo addresses take the rendition in `name=`; a poster without it is fetched as it is.
 */
export function renditionUrl(source: string, rendition: 'medium' | 'small'): string {
  const u = new URL(source);
  if (u.hostname === 'pbs.twimg.com' && (u.searchParams.has('name') || u.pathname.startsWith('/media/'))) u.searchParams.set('name', rendition);
  return u.toString();
}

/** The base content type ("image/jpeg; charset=…" → "image/jpeg"), lower case. */
export function baseType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * When to try a failed copy again after `attempts` failed attempts, or null when it is given up.
 */
export function nextAttemptAt(attempts: number, now: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  return now + delay;
}
