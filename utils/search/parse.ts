import type { AuthorType, Kind, Permission, Verdict } from '@/utils/domain/vocabulary';
import { tokenise } from '@/utils/domain/words';

/**
 * The library's search box, parsed. Pure: no database, no clock, no language of the UI.
 *
 * What people can type (operators as on X and in Twillot; operator names in any case):
 *
 * - `gritting` – a word the post, its author, its quoted post, its card or an annotation's lesson
 *   or note contains. Case and accents do not matter (`cafe` finds "Café"); every word must be there.
 *   The last word, while it is being typed (no space after it yet), is a beginning: `gri` finds "gritting".
 * - `"bank holiday"` – every word inside the quotes must be there (not necessarily side by side).
 * - `-word`, `-"two words"` – leaves out posts that have the word (or every word in the quotes).
 * - `from:handle` or `from:@handle` – posted by that account (any case). While being typed, a beginning.
 * - `verdict:do`, `verdict:dont` (or `don't`), `verdict:undecided`
 * - `kind:tip`, `kind:example`
 * - `theme:tone`, `theme:"tone of voice"` – themes whose name or id contains the text (any case).
 * - `author:council|councillor|officer|publicbody|media|business|public|notset` – the author type.
 * - `permission:granted|refused|asked|notasked|notneeded`
 * - `since:2026-01-31`, `until:2026-02-01` – posted on or after / on or before that day (the whole
 *   day, in the computer's time zone). UK dates work too: `since:31/1/2026` is day/month/year.
 * - `has:lesson`, `has:note`, `has:media` – the owner wrote a lesson / a note; the post has a photo,
 *   video or GIF.
 * - `is:disagreement` – contributors disagree: one says do and another says don't.
 * - `by:Ann` or `by:"Ann Example"` – a contributor whose name contains the text judged it (said do or don't).
 * - `agree:do`, `agree:dont` – every contributor who judged it said the same (at least one did).
 * - `votes:>=3` (also `>3`, `<=3`, `<3`, `3`) – how many contributors judged it.
 *
 * The same operator twice means either (`from:a from:b`, `verdict:do verdict:dont`, `theme:a theme:b`);
 * different operators must all hold. `has:` and `is:` must all hold. A later `since:` or `until:`
 * replaces an earlier one. An operator this parser does not know (`foo:bar`) is searched as words.
 * A minus works on words only: `-from:x` is reported as a problem and ignored.
 *
 * A mistake never clears what was typed: the rest of the query still applies, and `problems` says
 * what to change, in a sentence the page can show as a hint. While an operator is still being typed
 * (the last thing in the box, no space after it), an incomplete value is not a problem: `since:2026-0`
 * is ignored until it is a date, and `verdict:d` means do or don't until more is typed.
 */

export interface SearchQuery {
  /** Complete words every match contains (free words and the words of quoted phrases), as `tokenise()` gives them. */
  words: string[];
  /** The word being typed (the last free word when the text does not end in a space): matched as a beginning. */
  prefix: string | null;
  /** Left out: posts that contain every word of any one group (one group per `-word` or `-"phrase"`). */
  exclude: string[][];
  /** `from:` handles, lower case, without "@" (any of them). */
  from: string[];
  /** A `from:` handle being typed, lower case: matched as a beginning (alongside `from`). */
  fromPrefix: string | null;
  /** Any of these verdicts (empty: any verdict). */
  verdicts: Verdict[];
  kinds: Kind[];
  /** `theme:` values as typed (trimmed), any of them; runSearch resolves them against the theme list. */
  themes: string[];
  authorTypes: AuthorType[];
  permissions: Permission[];
  /** Posted on or after the start of this day (YYYY-MM-DD). */
  since: string | null;
  /** Posted on or before the end of this day (YYYY-MM-DD). */
  until: string | null;
  hasLesson: boolean;
  hasNote: boolean;
  hasMedia: boolean;
  disagreement: boolean;
  /** `by:` names as typed (trimmed): any of them judged it. */
  by: string[];
  /** Everyone who judged said this (any of them). */
  agree: Array<'do' | 'dont'>;
  /** How many contributors judged it, at least `min` and at most `max` (inclusive); null: any. */
  votes: { min: number; max: number } | null;
}

export interface ParsedSearch {
  query: SearchQuery;
  /** Sentences saying what to change, e.g. "since: needs a date like 2026-01-31 or 31/1/2026". Empty when all is well. */
  problems: string[];
}

export function emptyQuery(): SearchQuery {
  return {
    words: [],
    prefix: null,
    exclude: [],
    from: [],
    fromPrefix: null,
    verdicts: [],
    kinds: [],
    themes: [],
    authorTypes: [],
    permissions: [],
    since: null,
    until: null,
    hasLesson: false,
    hasNote: false,
    hasMedia: false,
    disagreement: false,
    by: [],
    agree: [],
    votes: null,
  };
}

/** True when the query asks for nothing (every clipping matches). */
export function isEmptyQuery(q: SearchQuery): boolean {
  return (
    q.words.length === 0 &&
    q.prefix === null &&
    q.exclude.length === 0 &&
    q.from.length === 0 &&
    q.fromPrefix === null &&
    q.verdicts.length === 0 &&
    q.kinds.length === 0 &&
    q.themes.length === 0 &&
    q.authorTypes.length === 0 &&
    q.permissions.length === 0 &&
    q.since === null &&
    q.until === null &&
    !q.hasLesson &&
    !q.hasNote &&
    !q.hasMedia &&
    !q.disagreement &&
    q.by.length === 0 &&
    q.agree.length === 0 &&
    q.votes === null
  );
}

// Values the enumerated operators accept, as typed with anything but letters and digits removed.
const VERDICT_VALUES: Record<string, Verdict> = { do: 'do', dont: 'dont', undecided: 'undecided' };
const KIND_VALUES: Record<string, Kind> = { tip: 'tip', tips: 'tip', example: 'example', examples: 'example' };
const AUTHOR_VALUES: Record<string, AuthorType> = {
  council: 'council',
  councillor: 'councillor',
  officer: 'officer',
  publicbody: 'publicBody',
  media: 'media',
  business: 'businessOrCharity',
  charity: 'businessOrCharity',
  businessorcharity: 'businessOrCharity',
  public: 'public',
  notset: 'notSet',
};
const PERMISSION_VALUES: Record<string, Permission> = { granted: 'granted', refused: 'refused', asked: 'asked', notasked: 'notAsked', notneeded: 'notNeeded' };
type HasValue = 'lesson' | 'note' | 'media';
const HAS_VALUES: Record<string, HasValue> = { lesson: 'lesson', lessons: 'lesson', note: 'note', notes: 'note', media: 'media' };
const IS_VALUES: Record<string, 'disagreement'> = { disagreement: 'disagreement', disagreements: 'disagreement' };
const AGREE_VALUES: Record<string, 'do' | 'dont'> = { do: 'do', dont: 'dont' };
/** The most contributors a `votes:` count may name. */
const MAX_VOTES = 100_000;

/** `>=3`, `>3`, `<=3`, `<3`, `=3` or `3` as a range of counts; null when it is none of those. */
export function parseVotes(value: string): { min: number; max: number } | null {
  const m = /^\s*(>=|<=|>|<|=)?\s*(\d{1,6})\s*$/.exec(value);
  if (!m) return null;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=':
      return { min: n, max: MAX_VOTES };
    case '>':
      return { min: n + 1, max: MAX_VOTES };
    case '<=':
      return { min: 0, max: n };
    case '<':
      return n === 0 ? { min: 1, max: 0 } : { min: 0, max: n - 1 };
    default:
      return { min: n, max: n };
  }
}

const OPERATORS = ['from', 'verdict', 'kind', 'theme', 'author', 'permission', 'since', 'until', 'has', 'is', 'by', 'agree', 'votes'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * How each mistake is put into words. The library passes its own, from the locale files
 * (`searchProblem.*`), so the sentences are translated; these English ones are the default.
 */
export type ProblemKey = Operator | 'minus' | 'range';
export type ProblemWords = (key: ProblemKey, params: string[]) => string;

const HINTS: Record<Operator, string> = {
  from: 'from: needs a handle like from:ExampleCncl',
  verdict: 'verdict: can be do, dont or undecided',
  kind: 'kind: can be tip or example',
  theme: 'theme: needs a theme’s name like theme:tone or theme:"tone of voice"',
  author: 'author: can be council, councillor, officer, publicbody, media, business, public or notset',
  permission: 'permission: can be granted, refused, asked, notasked or notneeded',
  since: 'since: needs a date like 2026-01-31 or 31/1/2026',
  until: 'until: needs a date like 2026-01-31 or 31/1/2026',
  has: 'has: can be lesson, note or media',
  is: 'is: can be disagreement',
  by: 'by: needs a contributor’s name like by:Ann or by:"Ann Example"',
  agree: 'agree: can be do or dont',
  votes: 'votes: needs a number of contributors like votes:>=3',
};

const QUOTES = new Set(['"', '“', '”', '„']);
const SPACE = /\s/u;

interface Token {
  negated: boolean;
  /** Lower-case operator name, for a known operator. */
  op: Operator | null;
  /** The token without its minus and operator name; inside quotes when it was quoted. */
  value: string;
  /** As typed, without the minus and quotes: what is searched as words when `op` is null. */
  raw: string;
  quoted: boolean;
  /** Still being typed: the last thing in the box, with no space or closing quote after it. */
  typing: boolean;
}

/** Splits the box into tokens: bare runs, "quoted phrases", and operators whose value may be quoted. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  const endsInSpace = text.length > 0 && SPACE.test(text[text.length - 1]!);
  let i = 0;
  while (i < text.length) {
    if (SPACE.test(text[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !SPACE.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    if (QUOTES.has(text[i]!)) {
      const close = findQuote(text, i + 1);
      const value = text.slice(i + 1, close);
      const closed = close < text.length;
      tokens.push({ negated, op: null, value, raw: value, quoted: true, typing: !closed && !endsInSpace });
      i = closed ? close + 1 : close;
      continue;
    }
    const start = i;
    // An operator's value may be quoted: theme:"tone of voice".
    const quotedOp = /^([a-z]+):/i.exec(text.slice(start, start + 20));
    if (quotedOp && QUOTES.has(text[start + quotedOp[0].length] ?? '')) {
      const name = quotedOp[1]!;
      const open = start + quotedOp[0].length;
      const close = findQuote(text, open + 1);
      const closed = close < text.length;
      const value = text.slice(open + 1, close);
      tokens.push({ negated, op: operatorOf(name.toLowerCase()), value, raw: `${name}:${value}`, quoted: true, typing: !closed && !endsInSpace });
      i = closed ? close + 1 : close;
      continue;
    }
    while (i < text.length && !SPACE.test(text[i]!)) i++;
    const raw = text.slice(start, i);
    const colon = raw.indexOf(':');
    const op = colon > 0 ? operatorOf(raw.slice(0, colon).toLowerCase()) : null;
    tokens.push({ negated, op, value: op ? raw.slice(colon + 1) : raw, raw, quoted: false, typing: i === text.length });
  }
  return tokens;
}

function findQuote(text: string, from: number): number {
  let j = from;
  while (j < text.length && !QUOTES.has(text[j]!)) j++;
  return j;
}

function operatorOf(name: string): Operator | null {
  return (OPERATORS as readonly string[]).includes(name) ? (name as Operator) : null;
}

/** Letters and digits only, lower case, accents folded: "Don’t" → "dont", "public-body" → "publicbody". */
function squash(value: string): string {
  return tokenise(value).join('');
}

/**
 * The values an enumerated operator's text stands for: the exact one, or while it is being typed,
 * every value it is the beginning of. Empty when it stands for none.
 */
function enumValues<T>(table: Record<string, T>, value: string, typing: boolean): T[] {
  const key = squash(value);
  const exact = table[key];
  if (exact !== undefined) return [exact];
  if (!typing || key === '') return [];
  return [...new Set(Object.entries(table).filter(([k]) => k.startsWith(key)).map(([, v]) => v))];
}

/**
 * A day typed as 2026-01-31 (or 2026-1-31) or, the UK way, 31/1/2026 (also 31.1.2026 or 31-1-2026),
 * as YYYY-MM-DD; null when it is not a real day.
 */
export function parseDay(value: string): string | null {
  const trimmed = value.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const ENGLISH: ProblemWords = (key, params) =>
  key === 'minus'
    ? `Only words can be left out with a minus, not ${params[0]}:`
    : key === 'range'
      ? `since:${params[0]} is after until:${params[1]}, so nothing can match`
      : HINTS[key];

/** Parses what was typed in the library's search box; `say` puts each problem into words. */
export function parseSearch(text: string, say: ProblemWords = ENGLISH): ParsedSearch {
  const query = emptyQuery();
  const problems: string[] = [];
  const words = new Set<string>();
  const problem = (key: ProblemKey, ...params: string[]) => {
    const p = say(key, params);
    if (!problems.includes(p)) problems.push(p);
  };
  const addAll = <T>(into: T[], values: T[]) => {
    for (const v of values) if (!into.includes(v)) into.push(v);
  };

  for (const token of lex(text)) {
    if (token.op === null) {
      // Free words, a quoted phrase, or an operator this parser does not know (searched as words).
      const tokenWords = tokenise(token.raw);
      if (tokenWords.length === 0) continue;
      if (token.negated) {
        if (!query.exclude.some((g) => g.join(' ') === tokenWords.join(' '))) query.exclude.push(tokenWords);
        continue;
      }
      if (token.typing) query.prefix = tokenWords.pop() ?? null;
      for (const w of tokenWords) words.add(w);
      continue;
    }

    const { op, value, typing } = token;
    if (token.negated) {
      problem('minus', op);
      continue;
    }
    if (value.trim() === '') {
      // "from:" while typing is on its way to a value; "from: " is a mistake.
      if (!typing) problem(op);
      continue;
    }
    const enumerated = (table: Record<string, unknown>): unknown[] => {
      const found = enumValues(table, value, typing);
      if (found.length === 0) problem(op);
      return found;
    };
    switch (op) {
      case 'from': {
        const handle = value.trim().replace(/^@/, '').toLowerCase();
        if (handle === '') {
          if (!typing) problem('from');
        } else if (!/^[a-z0-9_]{1,50}$/.test(handle)) {
          problem('from');
        } else if (typing) {
          query.fromPrefix = handle;
        } else {
          addAll(query.from, [handle]);
        }
        break;
      }
      case 'verdict':
        addAll(query.verdicts, enumerated(VERDICT_VALUES) as Verdict[]);
        break;
      case 'kind':
        addAll(query.kinds, enumerated(KIND_VALUES) as Kind[]);
        break;
      case 'author':
        addAll(query.authorTypes, enumerated(AUTHOR_VALUES) as AuthorType[]);
        break;
      case 'permission':
        addAll(query.permissions, enumerated(PERMISSION_VALUES) as Permission[]);
        break;
      case 'has':
        for (const what of enumerated(HAS_VALUES) as HasValue[]) {
          if (what === 'lesson') query.hasLesson = true;
          if (what === 'note') query.hasNote = true;
          if (what === 'media') query.hasMedia = true;
        }
        break;
      case 'is':
        if (enumerated(IS_VALUES).length > 0) query.disagreement = true;
        break;
      case 'by': {
        const name = value.trim().replace(/\s+/g, ' ');
        if (squash(name) === '') problem('by');
        else addAll(query.by, [name]);
        break;
      }
      case 'agree':
        addAll(query.agree, enumerated(AGREE_VALUES) as Array<'do' | 'dont'>);
        break;
      case 'votes': {
        const range = parseVotes(value);
        if (range) query.votes = range;
        else if (!typing || !/^\s*(>=?|<=?|=)?\s*$/.test(value)) problem('votes');
        break;
      }
      case 'theme': {
        const name = value.trim().replace(/\s+/g, ' ');
        if (squash(name) === '') problem('theme');
        else addAll(query.themes, [name]);
        break;
      }
      case 'since':
      case 'until': {
        const day = parseDay(value);
        if (day) query[op] = day;
        else if (!typing) problem(op);
        break;
      }
    }
  }

  query.words = [...words];
  if (query.since && query.until && query.since > query.until) {
    problem('range', query.since, query.until);
  }
  return { query, problems };
}
