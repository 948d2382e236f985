import type { Author } from '@/utils/snapshot';
import { MAX_SHORT } from '@/utils/snapshot-limits';
import { X, isInjected } from '../selectors';
import { https, truncate } from './bounds';
import { AT_HANDLE, textOf } from './text';

const HANDLE = /^[A-Za-z0-9_]{1,50}$/;

/** Name, handle and tick from a User-Name block; the handle from the permalink when the block lacks one. */
export function readAuthor(userName: Element | null, avatar: Element | null, handleFromHref?: string): Author | null {
  let handle: string | undefined;
  let name = '';
  let verified = false;
  if (userName) {
    // The name is the first text in the block, before the @handle.
    for (const el of userName.querySelectorAll(X.userNameParts)) {
      if (isInjected(el)) continue;
      const t = textOf(el);
      const m = AT_HANDLE.exec(t);
      if (m) {
        handle = m[1];
        break;
      }
      if (!name && t && el.tagName === 'DIV') name = t;
    }
    verified = [...userName.querySelectorAll(X.verified)].some((el) => !isInjected(el));
  }
  handle ??= handleFromHref;
  if (!handle || !HANDLE.test(handle)) return null;
  const author: Author = { name: truncate(name || handle, MAX_SHORT), handle, verified };
  const src = https(avatar?.getAttribute('src'));
  if (src) author.avatarUrl = src;
  return author;
}
