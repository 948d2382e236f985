import type { PostSnapshot } from '@/utils/snapshot';

/**
 * Plain facts about a clipped post that an annotator may want in a lesson: accessibility and
 * completeness problems a guide to council social media would point out. Pure; the library words them.
 */
export type Hint =
  | { id: 'imagesWithoutAlt'; count: number; total: number }
  | { id: 'hashtagsNotCamelCase'; tags: string[] }
  | { id: 'linkOnly' }
  | { id: 'truncated' };

/** A hashtag long enough to hold several words, written all in one case: screen readers read it as one word. */
export function isNotCamelCase(tag: string): boolean {
  const letters = tag.replace(/[^\p{L}]/gu, '');
  return letters.length >= 6 && (letters === letters.toLowerCase() || letters === letters.toUpperCase());
}

export function hintsFor(snapshot: PostSnapshot): Hint[] {
  const hints: Hint[] = [];
  const images = snapshot.media.filter((m) => m.type === 'photo' || m.type === 'gif');
  const missing = images.filter((m) => !m.altText).length;
  if (missing > 0) hints.push({ id: 'imagesWithoutAlt', count: missing, total: images.length });
  const tags = snapshot.entities.hashtags.filter(isNotCamelCase);
  if (tags.length > 0) hints.push({ id: 'hashtagsNotCamelCase', tags });
  const words = snapshot.text
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[#@][\p{L}\p{N}_]+/gu, '')
    .replace(/\b[\w-]+(\.[\w-]+)+(\/\S*)?/g, '')
    .trim();
  if ((snapshot.entities.links.length > 0 || snapshot.card) && words.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length < 3) {
    hints.push({ id: 'linkOnly' });
  }
  if (snapshot.truncated) hints.push({ id: 'truncated' });
  return hints;
}
