import type { Author, Entities, Media } from '@/utils/snapshot';
import { MAX_SHORT, MAX_TEXT } from '@/utils/snapshot-limits';
import { X } from '../selectors';
import { readAuthor } from './author';
import { truncate } from './bounds';
import { mediaOf } from './media';
import { emptyRich, readArticle, readRich } from './text';

/**
 * What a post and a quoted post both have: author, text and its entities, media, language, and
 * whether X cut the text short. One reader for both: `find` lists the elements that belong to the
 * post being read (the post's own, or the quoted block's).
 */
export interface Body {
  author: Author | null;
  text: string;
  entities: Entities;
  media: Media[];
  truncated: boolean;
  lang?: string;
  /** True when the post is an X Article (read from its read view). */
  isArticle: boolean;
}

export function readBody(find: (selector: string) => Element[], handleFromHref: string | undefined, options: { articles: boolean }): Body {
  const textEl = find(X.text)[0] ?? null;
  const articleView = options.articles ? (find(X.articleReadView)[0] ?? null) : null;
  const rich = textEl ? readRich([textEl]) : articleView ? readArticle(articleView) : emptyRich();
  const text = truncate(rich.text, MAX_TEXT);
  const body: Body = {
    author: readAuthor(find(X.userName)[0] ?? null, find(X.avatarImage)[0] ?? null, handleFromHref),
    text,
    entities: rich.entities,
    media: mediaOf(find(`${X.photo}, ${X.videoPlayer}`)),
    truncated: find(X.showMore).length > 0 || text.length < rich.text.length,
    isArticle: articleView !== null,
  };
  const lang = textEl?.getAttribute('lang');
  if (lang) body.lang = truncate(lang, MAX_SHORT);
  return body;
}
