import type { PostSnapshot } from '@/utils/snapshot';
import { votesOf } from './agreement';
import type { Verdict } from './vocabulary';

/**
 * Search words: lower case, accents folded, split on anything that is not a letter or digit, so
 * "#LGAdigital", "Café" and "@ExampleCncl" are found by "lgadigital", "cafe" and "examplecncl".
 * The library's search looks words up, whole or by prefix, in the word table (utils/store/word-index.ts).
 */
export function tokenise(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const MAX_WORDS = 2000;

/**
 * The words of a post (its text, author, quoted post, the texts it had before an edit) and of its
 * annotations' lessons and notes.
 */
export function searchWords(snapshot: PostSnapshot, annotations: ReadonlyArray<{ lesson: string; note: string }>, versions: ReadonlyArray<{ text: string }> = []): string[] {
  const parts = [snapshot.text, snapshot.author.name, snapshot.author.handle];
  for (const v of versions) parts.push(v.text);
  if (snapshot.quoted) parts.push(snapshot.quoted.text, snapshot.quoted.author?.name ?? '', snapshot.quoted.author?.handle ?? '');
  if (snapshot.card?.title) parts.push(snapshot.card.title);
  for (const a of annotations) parts.push(a.lesson, a.note);
  return [...new Set(tokenise(parts.join(' ')))].slice(0, MAX_WORDS);
}

/**
 * (v13) How a post's verdicts stand, kept in the word table beside the words, so that `agree:`,
 * `votes:`, `is:disagreement` and `by:` read a few records of post ids instead of an index entry per post. These words
 * begin with U+0001, which `tokenise` never keeps, so no word typed, whole or as a prefix, meets them.
 */
export const VOTE_WORD = '\u0001';
/** The digits a count of judges is written with in its word, so that the words sort as the counts do. */
export const JUDGED_DIGITS = 6;
/** The largest count a word can hold (a post judged by more people is written as judged by this many). */
export const MAX_JUDGED = 10 ** JUDGED_DIGITS - 1;

/** The word of an agreement: everyone who judged said do, or don't, or they differ ('mixed'). */
export function agreeWord(agree: 'do' | 'dont' | 'mixed'): string {
  return `${VOTE_WORD}agree:${agree}`;
}

/** The word of how many contributors judged a post (1 or more), zero-padded to sort by count. */
export function judgedWord(count: number): string {
  return `${VOTE_WORD}judged:${String(Math.min(Math.max(0, Math.floor(count)), MAX_JUDGED)).padStart(JUDGED_DIGITS, '0')}`;
}

/** The word of one contributor's verdict (do or don't) on a post: `by:` finds the posts they judged. */
export function judgeWord(contributorId: string): string {
  return `${VOTE_WORD}by:${contributorId}`;
}

/**
 * The vote words of a post, from its annotations (every contributor's): its agreement, how many
 * judged it, and who did, each once, in one order whatever the annotations' (a record's words are
 * compared as they are). None when nobody judged it.
 */
export function voteWords(annotations: ReadonlyArray<{ verdict: Verdict; contributorId: string }>): string[] {
  const votes = votesOf(annotations);
  if (!(votes.judged > 0) || votes.agree === 'none') return [];
  const judges = new Set<string>();
  for (const a of annotations) if (a.verdict === 'do' || a.verdict === 'dont') judges.add(judgeWord(a.contributorId));
  return [agreeWord(votes.agree), judgedWord(votes.judged), ...[...judges].sort()];
}

/**
 * What a clipping's record keeps as `words` and the word table lists it under: its search words and
 * the words of how its contributors' verdicts stand (from the same annotations as its `votesOf`).
 */
export function indexWords(snapshot: PostSnapshot, annotations: ReadonlyArray<{ lesson: string; note: string; verdict: Verdict; contributorId: string }>, versions: ReadonlyArray<{ text: string }> = []): string[] {
  return [...searchWords(snapshot, annotations, versions), ...voteWords(annotations)];
}

/** Whether two lists of words are the same, in the same order. */
export function sameWords(a: readonly string[], b: readonly string[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((w, i) => w === b[i]);
}
