import type { PostSnapshot } from '@/utils/snapshot';

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
