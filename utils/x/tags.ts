/**
 * Tracked hashtags as a user types them, normalised to their keys. Apart from utils/x/match.ts (which
 * finds them in posts), so that settings and pages read them without X's selectors.
 */

/** Letters, digits, marks and underscore: what may continue a hashtag. */
export const TAG_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/** Normalises a tag as a user might type it ("#LGAdigital ") into its key ("lgadigital"), or null. */
export function normaliseTag(raw: string): string | null {
  const tag = raw.trim().replace(/^[#＃]/, '').toLowerCase();
  return new RegExp(`^${TAG_CHAR}+$`, 'u').test(tag) ? tag : null;
}

export function normaliseTags(raw: readonly string[]): string[] {
  return [...new Set(raw.map(normaliseTag).filter((t): t is string => t !== null))];
}
