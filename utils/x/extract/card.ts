import type { PostSnapshot } from '@/utils/snapshot';
import { MAX_SHORT } from '@/utils/snapshot-limits';
import { X, X_WORDS, isInjected } from '../selectors';
import { https, truncate } from './bounds';
import { textOf } from './text';

/**
 * A link card. X puts the "From example.gov.uk" link beside card.wrapper (not inside it), so the
 * wrapper's parent is read. A large card shows its title over the image (and in the link's
 * aria-label, after the domain); a small one lists domain, title and description in its detail column.
 */
export function cardOf(wrapper: Element | null): PostSnapshot['card'] {
  if (!wrapper) return undefined;
  const scope = wrapper.parentElement ?? wrapper;
  const links = [...scope.querySelectorAll(X.cardLink)].filter((a) => !isInjected(a) && https(a.getAttribute('href')));
  const url = https(links[0]?.getAttribute('href'));
  if (!url) return undefined;
  const card: NonNullable<PostSnapshot['card']> = { url };
  let domain: string | undefined;
  let title: string | undefined;
  for (const a of links) domain ??= X_WORDS.cardFrom.exec(textOf(a))?.[1];
  const detail = wrapper.querySelector(X.cardDetail);
  if (detail) {
    const lines = [...detail.querySelectorAll(X.cardLine)].map((d) => textOf(d)).filter(Boolean);
    domain ??= lines[0];
    title = lines[1];
  } else {
    const media = links.find((a) => wrapper.contains(a));
    const overlay = media?.querySelector(X.cardLine);
    title = overlay ? textOf(overlay) : undefined;
    const label = media?.getAttribute('aria-label') ?? '';
    if (!title && label) title = domain && label.startsWith(`${domain} `) ? label.slice(domain.length + 1) : label;
  }
  if (domain) card.domain = truncate(domain, MAX_SHORT);
  if (title) card.title = truncate(title, MAX_SHORT);
  return card;
}
