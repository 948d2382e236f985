import type { Entities, LinkEntity } from '@/utils/snapshot';
import { MAX_ITEMS, MAX_SHORT, MAX_URL } from '@/utils/snapshot-limits';
import { X, X_WORDS, isHiddenLinkPart, profileHandleOf, xPathOf } from '../selectors';
import { truncate, unique } from './bounds';

/** A post's text and its entities: links from the anchors, hashtags and mentions from the text. */

export interface Rich {
  text: string;
  entities: Entities;
}

const HANDLE = /^[A-Za-z0-9_]{1,50}$/;
export const AT_HANDLE = /^[@＠]([A-Za-z0-9_]{1,50})$/;
/** A hashtag in text: not after a letter, digit, `_`, `&` or `#`; letters, digits and `_`, not digits only. */
const HASHTAG = /(?:^|[^\p{L}\p{M}\p{N}_&#＃])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu;
/** A mention in text: X handles are at most 15 characters. */
const MENTION = /(?:^|[^\p{L}\p{N}_@＠!#$%&*])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠])/gu;

export function emptyRich(): Rich {
  return { text: '', entities: { links: [], mentions: [], hashtags: [] } };
}

/** Plain text of any element: emoji images as their characters, line breaks as newlines, our nodes skipped. */
export function textOf(root: Node): string {
  let out = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) out += (child as Text).data;
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName === 'IMG') out += el.getAttribute('alt') ?? '';
        else if (el.tagName === 'BR') out += '\n';
        else if (!el.matches(X.injected)) walk(el);
      }
    }
  };
  walk(root);
  return out.trim();
}

/**
 * X writes a web link as `<a href="https://t.co/…">` holding a hidden "https://", the part it shows,
 * a hidden rest of the address and, when shortened, an ellipsis. The shown text leaves the hidden parts out.
 */
function shownLinkText(a: Element): string {
  let out = '';
  for (let child = a.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) out += (child as Text).data;
    else if (child.nodeType === 1) {
      const el = child as Element;
      const hidden = isHiddenLinkPart(el) && textOf(el) !== X_WORDS.linkEllipsis;
      if (!hidden) out += el.tagName === 'IMG' ? (el.getAttribute('alt') ?? '') : shownLinkText(el);
    }
  }
  return out;
}

function linkEntity(a: Element, url: string): LinkEntity {
  const shown = shownLinkText(a).trim();
  const full = textOf(a);
  const link: LinkEntity = { text: truncate(shown, MAX_SHORT), url };
  // The whole address is there when X hid the rest of it; otherwise only an unshortened one is.
  const complete = full !== shown || !full.endsWith(X_WORDS.linkEllipsis);
  const written = full.endsWith(X_WORDS.linkEllipsis) ? full.slice(0, -X_WORDS.linkEllipsis.length) : full;
  if (complete && /^(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$/i.test(written)) {
    link.expandedUrl = truncate(/^https?:\/\//i.test(written) ? written : `https://${written}`, MAX_SHORT);
  }
  return link;
}

/**
 * Reads text elements (a tweetText, or an Article's blocks) into their text and entities. Links are
 * taken from the anchors; hashtags and mentions from the text, so that the quoted post's plain-text
 * ones count as X's linked ones do.
 */
export function readRich(blocks: Element[], separator = '\n'): Rich {
  const texts: string[] = [];
  let scan = '';
  const links: LinkEntity[] = [];
  const linkedMentions: string[] = [];
  const walk = (node: Node): string => {
    let out = '';
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        out += (child as Text).data;
        scan += (child as Text).data;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      if (el.matches(X.injected)) continue;
      if (el.tagName === 'IMG') {
        const alt = el.getAttribute('alt') ?? '';
        out += alt;
        scan += alt;
      } else if (el.tagName === 'BR') {
        out += '\n';
        scan += '\n';
      } else if (el.tagName === 'A') {
        const href = el.getAttribute('href') ?? '';
        const path = xPathOf(href);
        if (path === null) {
          // A web link: its shown text goes into the text, but is no place for hashtags or mentions.
          out += shownLinkText(el);
          scan += ' ';
          if (/^https:\/\//i.test(href) && href.length <= MAX_URL) links.push(linkEntity(el, href));
        } else {
          const handle = profileHandleOf(path);
          const shown = walk(el);
          out += shown;
          if (handle && AT_HANDLE.exec(shown.trim())?.[1]?.toLowerCase() === handle.toLowerCase()) linkedMentions.push(handle);
        }
      } else {
        out += walk(el);
      }
    }
    return out;
  };
  for (const block of blocks) {
    texts.push(walk(block));
    scan += separator;
  }
  const hashtags = unique([...scan.matchAll(HASHTAG)].map((m) => m[1]!));
  const mentions = unique([...[...scan.matchAll(MENTION)].map((m) => m[1]!), ...linkedMentions]);
  return {
    text: texts.join(separator).trim(),
    entities: {
      links: links.slice(0, MAX_ITEMS),
      mentions: mentions.filter((m) => HANDLE.test(m)).slice(0, MAX_ITEMS),
      hashtags: hashtags.map((h) => truncate(h, MAX_SHORT)).slice(0, MAX_ITEMS),
    },
  };
}

/** An X Article's read view: its title, a blank line, then its body a block a line. */
export function readArticle(view: Element): Rich {
  const title = view.querySelector(X.articleTitle);
  const body = view.querySelector(X.articleBody);
  const blocks = body ? [...body.querySelectorAll(X.articleBlock)].filter((b) => !b.parentElement?.closest(X.articleBlock)) : [];
  // A code block holds a label and a copy button beside its code: keep the code only.
  const parts = blocks.map((b) => b.querySelector(X.articleCode) ?? b);
  const titleRich = readRich(title ? [title] : []);
  const bodyRich = readRich(parts.length > 0 ? parts : body ? [body] : []);
  return {
    text: [titleRich.text, bodyRich.text].filter(Boolean).join('\n\n'),
    entities: {
      links: [...titleRich.entities.links, ...bodyRich.entities.links].slice(0, MAX_ITEMS),
      mentions: unique([...titleRich.entities.mentions, ...bodyRich.entities.mentions]).slice(0, MAX_ITEMS),
      hashtags: unique([...titleRich.entities.hashtags, ...bodyRich.entities.hashtags]).slice(0, MAX_ITEMS),
    },
  };
}
