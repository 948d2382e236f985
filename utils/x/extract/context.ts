import type { PostSnapshot } from '@/utils/snapshot';
import { MAX_ITEMS, MAX_SHORT } from '@/utils/snapshot-limits';
import { X, X_WORDS, ownElementsOf, profileHandleOf } from '../selectors';
import { truncate, unique } from './bounds';
import { AT_HANDLE, textOf } from './text';

/** What stands around a post: who reposted it, whom it replies to. */

/** "Jane reposted" above the post, in a link to /jane. "Pinned" and the like name no reposter. */
export function repostedByOf(context: Element | null): PostSnapshot['repostedBy'] {
  if (!context) return undefined;
  const m = X_WORDS.reposted.exec(textOf(context));
  if (!m) return undefined;
  const a = context.closest(X.contextLink) ?? context.querySelector(X.contextLink);
  const handle = profileHandleOf(a?.getAttribute('href'));
  const name = m[1]!.trim() || handle;
  if (!name) return undefined;
  return handle ? { name: truncate(name, MAX_SHORT), handle } : { name: truncate(name, MAX_SHORT) };
}

/**
 * "Replying to @a and @b": profile links whose text is their own @handle, outside the text, the
 * header, the context line, the card, the quoted post and our nodes. The post replied to has no
 * link there, so its id stays unknown.
 */
export function replyToOf(article: Element, quotedRoot: Element | null): PostSnapshot['replyTo'] {
  const handles: string[] = [];
  const elsewhere = `${X.text}, ${X.userName}, ${X.socialContext}, ${X.cardWrapper}, ${X.actionBar}`;
  for (const a of ownElementsOf(article, X.internalLink, quotedRoot)) {
    if (a.closest(elsewhere)) continue;
    const handle = AT_HANDLE.exec(textOf(a))?.[1];
    if (handle && a.getAttribute('href')?.toLowerCase() === `/${handle.toLowerCase()}`) handles.push(handle);
  }
  const distinct = unique(handles).slice(0, MAX_ITEMS);
  return distinct.length > 0 ? { handles: distinct } : undefined;
}
