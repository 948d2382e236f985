import { OFFICIAL_AUTHOR_TYPES, type AuthorType } from '@/utils/domain/vocabulary';
import { MAX_SHORT, MAX_TEXT } from '@/utils/snapshot-limits';
import type { Author, Entities, Media, PostSnapshot, QuotedPost } from '@/utils/snapshot';

/**
 * Anonymising members of the public in an export (../shared/domain.md, "Publishing responsibly").
 *
 * Who is anonymised: a clipped post's author whose author type (the owner's annotation decides; if
 * the owner has not set it, any contributor's; "member of the public" from anyone wins; otherwise
 * not set) is `public` or `notSet`; and every other account the export names (quoted posts' authors,
 * reposters, accounts replied to) unless it is also a clipped author of an official type (council,
 * councillor, officer, other public body, media, business or charity).
 *
 * What happens to them: their handle, name and avatar appear in no file. Their posts' permalinks
 * become https://x.com/i/status/<id>; their handles in any text (post text, quoted posts, lessons,
 * notes, link texts, alt text) become `@[member of the public]`; their names in text are masked too;
 * their handles leave mentions and reply lists; a page address or link naming them is dropped.
 */

export const OFFICIAL_TYPES: ReadonlySet<AuthorType> = OFFICIAL_AUTHOR_TYPES;

/** The handle an anonymised author gets (snapshots need one; no X account can be named this). */
export const ANON_HANDLE = '_';

export interface AnonymiseLabels {
  /** "A member of the public": the author's name. */
  name: string;
  /** "member of the public": what a masked @handle shows, as @[member of the public]. */
  mask: string;
}

/** The author type that decides anonymisation, from a post's annotations. */
export function decidingAuthorType(annotations: ReadonlyArray<{ contributorId: string; authorType: AuthorType }>, ownerId: string): AuthorType {
  const owner = annotations.find((a) => a.contributorId === ownerId);
  if (owner && owner.authorType !== 'notSet') return owner.authorType;
  const others = annotations.filter((a) => a.authorType !== 'notSet');
  if (others.some((a) => a.authorType === 'public')) return 'public';
  return others[0]?.authorType ?? 'notSet';
}

/** The snapshot's limits (utils/snapshot-limits.ts): masks are longer than handles, so masked text is cut to fit. */
const SHORT = MAX_SHORT;
const LONG = MAX_TEXT;

/** How many URLs' answers are remembered at most. */
const URL_ANSWERS = 4_096;

const HANDLE_TOKEN = /(?<![A-Za-z0-9_@])(@?)([A-Za-z0-9_]{1,50})(?![A-Za-z0-9_])/g;
const WORD = /[\p{L}\p{N}]+/gu;
/** One letter or digit at a given place (for the characters outside ASCII). */
const WORD_CHAR_AT = /[\p{L}\p{N}]/uy;

/** An ASCII letter or digit, by UTF-16 code. */
function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** A handle's characters, [A-Za-z0-9_], by UTF-16 code. */
function isHandleChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 95;
}

/** Whether a letter or digit (WORD's) begins at `i`. */
function isWordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiAlnum(c);
  WORD_CHAR_AT.lastIndex = i;
  return WORD_CHAR_AT.test(text);
}

/** A hash of an ASCII text in lower case (FNV-1a), the same whether read from a string or char by char. */
function lowerHash(text: string, from = 0, to = text.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  return h;
}

/**
 * Collects every account an export names (first pass: `note` for each clipping), then masks the
 * anonymised ones in every snapshot and text (`snapshot`, `text`).
 */
export class Anonymiser {
  /** Per clipped author (lower-case handle): the types their posts were given. */
  private readonly authorTypes = new Map<string, Set<AuthorType>>();
  /** Other accounts named: quoted authors, reposters, replied-to accounts (lower-case handle => names). */
  private readonly named = new Map<string, Set<string>>();
  private readonly reposterNames = new Set<string>();
  private hidden: Set<string> | null = null;
  /** Names to mask, by their first word in lower case. */
  private readonly hiddenNames = new Map<string, string[]>();
  /** lowerHash of every hidden handle, and of every key of hiddenNames in ASCII: see mayMask. */
  private readonly handleHashes = new Set<number>();
  private readonly nameHashes = new Set<number>();
  private readonly officialNames = new Set<string>();
  private readonly authorNames = new Map<string, Set<string>>();

  constructor(private readonly labels: AnonymiseLabels) {}

  /** First pass: one clipped post and the author type its annotations decide. */
  note(snapshot: PostSnapshot, type: AuthorType): void {
    const handle = snapshot.author.handle.toLowerCase();
    let types = this.authorTypes.get(handle);
    if (!types) this.authorTypes.set(handle, (types = new Set()));
    types.add(type);
    this.addName(this.authorNames, handle, snapshot.author.name);
    const q = snapshot.quoted;
    if (q?.author) this.addName(this.named, q.author.handle.toLowerCase(), q.author.name);
    if (snapshot.repostedBy) {
      if (snapshot.repostedBy.handle) this.addName(this.named, snapshot.repostedBy.handle.toLowerCase(), snapshot.repostedBy.name);
      else this.reposterNames.add(snapshot.repostedBy.name);
    }
    for (const h of snapshot.replyTo?.handles ?? []) this.addName(this.named, h.toLowerCase(), '');
  }

  private addName(map: Map<string, Set<string>>, handle: string, name: string) {
    let names = map.get(handle);
    if (!names) map.set(handle, (names = new Set()));
    if (name) names.add(name);
  }

  /** Whether an account (clipped author or not) is anonymised. */
  isHidden(handle: string): boolean {
    return this.hiddenSet().has(handle.toLowerCase());
  }

  private isOfficialAuthor(handle: string): boolean {
    const types = this.authorTypes.get(handle);
    if (!types || types.has('public')) return false;
    return [...types].some((t) => OFFICIAL_TYPES.has(t));
  }

  private hiddenSet(): Set<string> {
    if (this.hidden) return this.hidden;
    const hidden = new Set<string>();
    const names = new Set<string>();
    for (const [handle, authorNames] of this.authorNames) {
      if (this.isOfficialAuthor(handle)) for (const n of authorNames) this.officialNames.add(n);
      else {
        hidden.add(handle);
        for (const n of authorNames) names.add(n);
      }
    }
    for (const [handle, named] of this.named) {
      if (this.isOfficialAuthor(handle)) continue;
      hidden.add(handle);
      for (const n of named) names.add(n);
    }
    for (const n of this.reposterNames) if (!this.officialNames.has(n)) names.add(n);
    hidden.delete(ANON_HANDLE);
    for (const name of names) {
      if (this.officialNames.has(name) || name.trim().length < 3) continue;
      const first = name.match(WORD)?.[0]?.toLowerCase();
      if (!first) continue;
      const list = this.hiddenNames.get(first) ?? [];
      list.push(name);
      // Longest first, so "Jane Smith" is masked whole before "Jane".
      list.sort((a, b) => b.length - a.length);
      this.hiddenNames.set(first, list);
    }
    for (const handle of hidden) this.handleHashes.add(lowerHash(handle));
    for (const first of this.hiddenNames.keys()) if (/^[\x00-\x7f]*$/.test(first)) this.nameHashes.add(lowerHash(first));
    this.hidden = hidden;
    return hidden;
  }

  /**
   * False when nothing in the text can be masked, which is so of most texts: no run of a handle's
   * characters is a hidden handle and no word is the first word of a hidden name (compared by hash, so
   * the text is read once for each and nothing is made for a run or word that is neither). True when
   * `text` may have something to mask; it then decides, exactly. Runs and words are found as
   * HANDLE_TOKEN and WORD find them, and a run counts whatever stands before it, so nothing `text`
   * would mask is missed (anonymise.test.ts checks both against a copy of `text` without this).
   */
  private mayMask(text: string): boolean {
    const length = text.length;
    if (this.handleHashes.size > 0) {
      for (let i = 0; i < length; ) {
        if (!isHandleChar(text.charCodeAt(i))) {
          i++;
          continue;
        }
        let end = i + 1;
        while (end < length && isHandleChar(text.charCodeAt(end))) end++;
        if (end - i <= 50 && this.handleHashes.has(lowerHash(text, i, end))) return true;
        i = end;
      }
    }
    if (this.hiddenNames.size > 0) {
      for (let i = 0; i < length; ) {
        if (!isWordCharAt(text, i)) {
          i++;
          continue;
        }
        let end = i;
        let ascii = true;
        while (end < length && isWordCharAt(text, end)) {
          const c = text.charCodeAt(end);
          if (c < 128) end++;
          else {
            ascii = false;
            end += text.codePointAt(end)! > 0xffff ? 2 : 1;
          }
        }
        if (ascii ? this.nameHashes.has(lowerHash(text, i, end)) : this.hiddenNames.has(text.slice(i, end).toLowerCase())) return true;
        i = end;
      }
    }
    return false;
  }

  /** Masks anonymised accounts' handles and names in a text. */
  text(text: string): string {
    if (!text) return text;
    const hidden = this.hiddenSet();
    if (!this.mayMask(text)) return text;
    let out = hidden.size === 0 ? text : text.replace(HANDLE_TOKEN, (whole, at: string, handle: string) => (hidden.has(handle.toLowerCase()) ? (at ? `@[${this.labels.mask}]` : `[${this.labels.mask}]`) : whole));
    if (this.hiddenNames.size > 0) out = this.maskNames(out);
    return out;
  }

  private maskNames(text: string): string {
    const lower = text.toLowerCase();
    let out = '';
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      const index = match.index;
      if (index < last) continue;
      const candidates = this.hiddenNames.get(match[0].toLowerCase());
      if (!candidates) continue;
      // Compared in lower case; toLowerCase keeps the length for the scripts names are in.
      const hit = candidates.find((name) => lower.startsWith(name.toLowerCase(), index) && !/[\p{L}\p{N}]/u.test(text.charAt(index + name.length)));
      if (!hit) continue;
      out += `${text.slice(last, index)}[${this.labels.mask}]`;
      last = index + hit.length;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /** Answers of urlNamesHidden by URL: page addresses repeat across thousands of captures. */
  private readonly urlAnswers = new Map<string, boolean>();

  /** Whether a URL names an anonymised account (in its path or query). */
  urlNamesHidden(url: string): boolean {
    let answer = this.urlAnswers.get(url);
    if (answer === undefined) {
      answer = this.urlNames(url);
      if (this.urlAnswers.size >= URL_ANSWERS) this.urlAnswers.clear();
      this.urlAnswers.set(url, answer);
    }
    return answer;
  }

  private urlNames(url: string): boolean {
    const hidden = this.hiddenSet();
    if (hidden.size === 0 && this.hiddenNames.size === 0) return false;
    let decoded = url;
    try {
      decoded = decodeURIComponent(url);
    } catch {
      // keep as is
    }
    for (const m of decoded.matchAll(HANDLE_TOKEN)) if (hidden.has(m[2]!.toLowerCase())) return true;
    return this.maskNames(decoded) !== decoded;
  }

  private anonAuthor(): Author {
    return { name: this.labels.name, handle: ANON_HANDLE, verified: false };
  }

  private entities(e: Entities): Entities {
    const hidden = this.hiddenSet();
    return {
      links: e.links.map((l) => {
        const masked = this.urlNamesHidden(l.url) || (l.expandedUrl !== undefined && this.urlNamesHidden(l.expandedUrl));
        if (!masked) return { ...l, text: this.text(l.text).slice(0, SHORT) };
        return { text: `[${this.labels.mask}]`, url: statusLink(l.url) ?? 'https://x.com/' };
      }),
      mentions: e.mentions.filter((h) => !hidden.has(h.toLowerCase())),
      hashtags: e.hashtags,
    };
  }

  private media(media: Media[]): Media[] {
    return media.map((m) => (m.altText === undefined ? m : { ...m, altText: this.text(m.altText).slice(0, SHORT) }));
  }

  private quoted(q: QuotedPost): QuotedPost {
    const hide = !q.author || this.isHidden(q.author.handle);
    const out: QuotedPost = { ...q, text: this.text(q.text).slice(0, LONG), entities: this.entities(q.entities), media: this.media(q.media) };
    if (hide) {
      out.author = this.anonAuthor();
      out.permalink = q.postId ? `https://x.com/i/status/${q.postId}` : undefined;
      if (out.permalink === undefined) delete out.permalink;
    } else if (q.permalink && this.urlNamesHidden(q.permalink)) {
      out.permalink = q.postId ? `https://x.com/i/status/${q.postId}` : undefined;
      if (out.permalink === undefined) delete out.permalink;
    }
    return out;
  }

  /** A snapshot with anonymised accounts masked; `anonymised` is true when its author was one. */
  snapshot(s: PostSnapshot): { snapshot: PostSnapshot; anonymised: boolean } {
    const anonymised = this.isHidden(s.author.handle);
    const out: PostSnapshot = {
      ...s,
      text: this.text(s.text).slice(0, LONG),
      entities: this.entities(s.entities),
      media: this.media(s.media),
      pageUrl: this.pageUrl(s.pageUrl),
    };
    if (anonymised) {
      out.author = this.anonAuthor();
      out.permalink = `https://x.com/i/status/${s.postId}`;
    } else if (this.urlNamesHidden(s.permalink)) out.permalink = `https://x.com/i/status/${s.postId}`;
    if (s.quoted) out.quoted = this.quoted(s.quoted);
    if (s.card) {
      const card = { ...s.card };
      if (card.title !== undefined) card.title = this.text(card.title).slice(0, SHORT);
      if (this.urlNamesHidden(card.url)) card.url = statusLink(card.url) ?? 'https://x.com/';
      out.card = card;
    }
    if (s.repostedBy) {
      const hide = s.repostedBy.handle ? this.isHidden(s.repostedBy.handle) : !this.officialNames.has(s.repostedBy.name);
      out.repostedBy = hide ? { name: this.labels.name } : s.repostedBy;
    }
    if (s.replyTo) {
      const replyTo = { ...s.replyTo, handles: s.replyTo.handles.filter((h) => !this.isHidden(h)) };
      out.replyTo = replyTo;
    }
    return { snapshot: out, anonymised };
  }

  /** A page address, or '' when it names an anonymised account. */
  pageUrl(url: string): string {
    return this.urlNamesHidden(url) ? '' : url;
  }
}

/** https://x.com/i/status/<id> for a link to a post on X, else undefined. */
function statusLink(url: string): string | undefined {
  const m = /^https:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[^/?#]+\/status(?:es)?\/(\d{1,25})/i.exec(url);
  return m ? `https://x.com/i/status/${m[1]}` : undefined;
}
