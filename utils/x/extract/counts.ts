import type { Counts } from '@/utils/snapshot';
import { X, X_WORDS, isInjected } from '../selectors';

/** "48 replies, 152 reposts" or "48 Replies. Reply" into counts; parts without a number are skipped. */
function readCounts(label: string | null | undefined, into: Counts): number {
  let found = 0;
  for (const part of (label ?? '').split(X_WORDS.countSeparator)) {
    const m = X_WORDS.countPart.exec(part.trim());
    const key = m && X_WORDS.countWords.find(([re]) => re.test(m[2]!))?.[1];
    if (!m || !key || into[key] !== undefined) continue;
    const n = Number(m[1]!.replace(/,/g, ''));
    if (Number.isSafeInteger(n)) {
      into[key] = n;
      found++;
    }
  }
  return found;
}

/**
 * Exact counts from the action bar's label ("48 replies, 152 reposts, 553 likes, 9 bookmarks, 30142
 * views"), else from each button's label ("48 Replies. Reply"). X leaves zeros out of both, so a count
 * missing beside others is 0; views are never guessed (older posts have none).
 */
export function countsOf(bar: Element | null): Counts {
  const counts: Counts = {};
  if (!bar) return counts;
  const summarised = readCounts(bar.getAttribute('aria-label'), counts) > 0;
  for (const el of bar.querySelectorAll(X.labelledControl)) {
    if (!isInjected(el)) readCounts(el.getAttribute('aria-label'), counts);
  }
  const zeroIfShown: Array<[string, keyof Counts]> = [
    [X.replyButton, 'replies'],
    [X.repostButton, 'reposts'],
    [X.likeButton, 'likes'],
  ];
  for (const [selector, key] of zeroIfShown) if (counts[key] === undefined && bar.querySelector(selector)) counts[key] = 0;
  // A timeline's bookmark button never shows its count, so only the bar's summary tells a 0.
  if (summarised && counts.bookmarks === undefined) counts.bookmarks = 0;
  return counts;
}
