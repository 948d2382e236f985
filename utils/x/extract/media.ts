import type { Media } from '@/utils/snapshot';
import { MAX_ITEMS, MAX_SHORT } from '@/utils/snapshot-limits';
import { X, X_MEDIA, X_WORDS } from '../selectors';
import { https, truncate } from './bounds';

/** The original-quality address of an X photo (name=orig), keeping its format; other addresses as they are. */
export function originalPhotoUrl(src: string): string {
  try {
    const url = new URL(src);
    if (url.hostname === X_MEDIA.host && url.pathname.startsWith(X_MEDIA.photoPath)) {
      url.searchParams.set('name', X_MEDIA.originalSize);
      return url.toString();
    }
  } catch {
    // not an address we know: keep it as it is
  }
  return src;
}

function altOf(...labels: Array<string | null | undefined>): string | undefined {
  const alt = labels.map((l) => l?.trim()).find((l) => l !== undefined && !X_WORDS.noAltText.includes(l));
  return alt === undefined ? undefined : truncate(alt, MAX_SHORT);
}

/**
 * Photos, videos and GIFs, in the order shown. X wraps each in a tweetPhoto, a video also in a
 * videoPlayer (sometimes inside placementTracking); a videoPlayer outside any tweetPhoto counts too.
 */
export function mediaOf(boxes: Element[]): Media[] {
  const media: Media[] = [];
  for (const box of boxes) {
    if (box.matches(X.videoPlayer) && box.parentElement?.closest(X.photo)) continue; // read with its tweetPhoto
    const video = box.querySelector(X.video);
    if (video) {
      const poster = https(video.getAttribute('poster'));
      // A GIF plays from a real address; a video streams from a blob: one, which is no use in an archive.
      const src = https(video.getAttribute('src') ?? video.querySelector(X.videoSource)?.getAttribute('src'));
      const badge = [...box.querySelectorAll(X.mediaBadge)].some((s) => s.textContent?.trim() === X_WORDS.gifBadge);
      const alt = altOf(video.getAttribute('aria-label'));
      if (badge || src?.includes(X_MEDIA.gifVideoPath) || poster?.includes(X_MEDIA.gifPosterPath)) {
        const gif: Media = { type: 'gif' };
        if (poster) gif.posterUrl = poster;
        if (src) gif.videoUrl = src;
        if (alt) gif.altText = alt;
        media.push(gif);
      } else {
        const film: Media = { type: 'video' };
        if (poster) film.posterUrl = poster;
        if (alt) film.altText = alt;
        media.push(film);
      }
    } else {
      const img = box.querySelector(X.photoImage);
      const src = https(img?.getAttribute('src'));
      if (!src) continue;
      const photo: Media = { type: 'photo', url: originalPhotoUrl(src) };
      const alt = altOf(img?.getAttribute('alt'), box.getAttribute('aria-label'));
      if (alt) photo.altText = alt;
      media.push(photo);
    }
    if (media.length >= MAX_ITEMS) break;
  }
  return media;
}
