import Dexie, { type Collection } from 'dexie';
import { OWNER } from '@/utils/domain/contributors';
import { AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS, type AuthorType, type Kind, type Permission, type Verdict } from '@/utils/domain/vocabulary';
import type { ClipperDB, ClippingRecord } from './db';
import { tokenise } from '@/utils/domain/words';
import { parseDay, type SearchQuery } from '@/utils/search/parse';
import { postsWithPrefix, postsWithWord } from './word-index';
import { OWNER_DEFAULTS, ownerKey } from './annotation-index';
import { removedIds, votesBetween } from './clipping-index';
import { clippedOrderHolds, writtenKeys } from './order-check';

/**
 * Runs a parsed search (utils/search/parse.ts) and the library's filter controls against the database, and
 * gives the ordered post ids of every match. It reads index keys and the word table's lists of post
 * ids, never whole clippings:
 *
 * | asks for                          | answered by                                                                 |
 * | --------------------------------- | --------------------------------------------------------------------------- |
 * | order, total, removed left out    | clippings `[removed+clippedAt]` / `[removed+postedAt]`, primary keys only   |
 * | words, `"phrase"`, `-word`        | `wordPosts` (utils/store/word-index.ts): the word's records in every block, `[word, minKey]` to `[word, maxKey]`; for the one being typed, every word beginning with it, `[prefix, minKey]` to `[prefix + U+FFFF, maxKey]` |
 * | `from:`                           | clippings `authorHandle` (`equals`; `startsWith` while typed)               |
 * | `since:`/`until:`, posted from/to | clippings `[removed+postedAt]` between the days' bounds                     |
 * | `verdict:`                        | annotations `[contributorId+decided]` with the owner; `undecided`: every clipping but the owner's do and dont |
 * | `kind:`                           | annotations `*ownerKeys` (`kind:tip`; the owner's values that are not the default: utils/store/annotation-index.ts) |
 * | `author:`                         | annotations `*ownerKeys` (`authorType:council`); `notSet`: every clipping but those with another  |
 * | `permission:`                     | annotations `*ownerKeys` (`permission:granted`); `notAsked`: every clipping but those with another |
 * | `has:lesson`                      | annotations `*ownerKeys` (`lesson`)                                           |
 * | `theme:`, theme filter            | annotations `*themes`, primary keys kept when the contributor is the owner  |
 * | `is:disagreement`                 | annotations `contributorId` (unique keys of `[contributorId+decided]`: who decided a post), then `[contributorId+decided]` for do and dont of each |
 * | `by:`                             | contributors whose name (or the owner's, from options) contains the text, then `[contributorId+decided]` for do and dont |
 * | `agree:`                          | clippings `*voteKeys` `['agree', 0, value]` (kept on each clipping somebody judged: utils/store/clipping-index.ts) |
 * | `votes:`                          | clippings `*voteKeys` `['judged', 0, count]` between the counts; with 0 among them, every clipping but the judged ones above the range |
 * | sorts "Most agreed do", "Most contested" | clippings `*voteKeys` `['doLead', 0, …]`, `['contest', 0, …]`, primary keys only; the clippings nobody judged (value 0) from the table's primary keys, merged in by post id |
 * | `has:note`                        | no index: the owner's annotations of the posts left after everything else   |
 * | `has:media`                       | no index: the clippings left after everything else (their snapshots' media) |
 *
 * Every lookup gives a set of post ids; the sets are intersected, the `-word` sets and those of a
 * default's other values taken away, and the order index's keys filtered by the result. Lookups run
 * in parallel. With a `SearchCache` (made once by the page, dropped by itself whenever the library
 * changes), a keystroke repeats no lookup: only the word being typed goes to the database.
 */

/** The library's filter controls. Every one set must hold, as must the search box's query. */
export interface LibraryFilters {
  verdict?: Verdict | null;
  kind?: Kind | null;
  /** A theme's id. */
  themeId?: string | null;
  authorType?: AuthorType | null;
  permission?: Permission | null;
  /** Posted on or after the start of this day: YYYY-MM-DD, as a date input gives it ('' or null: any). */
  postedFrom?: string | null;
  /** Posted on or before the end of this day: YYYY-MM-DD. */
  postedTo?: string | null;
  /** Only clippings whose owner wrote a lesson. */
  hasLesson?: boolean;
  /** Only clippings on which contributors disagree (one says do, another don't). */
  disagreement?: boolean;
  /** Only clippings a contributor whose name contains this judged. */
  by?: string | null;
  /** Only clippings on which everyone who judged said this. */
  agree?: 'do' | 'dont' | null;
  /** Only clippings at least this many contributors judged. */
  minVotes?: number | null;
}

export const NO_FILTERS: LibraryFilters = {};

export type SearchSort = 'clipped' | 'posted' | 'agreed' | 'contested';

export interface SearchOptions {
  sort: SearchSort;
  /** Newest first unless said. Posts whose posted time is unknown come last either way when sorting by posted. */
  direction?: 'desc' | 'asc';
  /** The library's themes, to resolve `theme:` text to ids. */
  themes: ReadonlyArray<{ id: string; name: string }>;
  /** Removed clippings never appear. */
  includeRemoved?: false;
  /** Lookups kept between runs; see SearchCache. */
  cache?: SearchCache;
  /** The owner's name (options), so `by:` finds the owner's own judgements too. */
  ownerName?: string;
}

export interface SearchResult {
  /** Every match's post id, in order. */
  ids: string[];
  /** How many clippings the library holds (removed ones not counted), for "Showing 12 of 3,410". */
  total: number;
}

/** A word being typed is looked up from this many characters; a shorter one is left out until then. */
export const MIN_PREFIX_LENGTH = 2;

/**
 * Lookups remembered between searches, so that typing one more letter only looks up that word.
 * Made by the caller (one per page) and passed in `SearchOptions.cache`. It empties itself whenever
 * the database changes, in this context or another (Dexie's storagemutated event), then tells its
 * `onChange` listeners, which should run the search again. The order by clipped time (every id in the
 * library) is the one lookup kept through a change that leaves it, such as a teammate's verdict: it is
 * checked against the clippings the change wrote instead of read again (utils/store/order-check.ts).
 * Note that a search run inside Dexie's liveQuery does not observe what came from the cache: re-run on
 * `onChange` instead.
 */
export class SearchCache {
  static readonly MAX_ENTRIES = 300;
  private entries = new Map<string, Promise<unknown>>();
  private flags = new Map<string, boolean>();
  /** The lookups that have answered. */
  private readonly answered = new WeakSet<Promise<unknown>>();
  private readonly listeners = new Set<() => void>();
  private readonly prefix: string;
  private readonly onMutated = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((part) => part.startsWith(this.prefix))) {
      const kept = this.keptOrders(parts);
      this.clear();
      for (const [key, order] of kept) this.keep(key, order);
      for (const listener of [...this.listeners]) listener();
    }
  };

  constructor(private readonly db: ClipperDB) {
    this.prefix = `idb://${db.name}/`;
    Dexie.on.storagemutated.subscribe(this.onMutated);
  }

  /**
   * The orders by clipped time that may outlive this change: each is checked against the few clippings
   * it wrote (utils/store/order-check.ts) and read again only if it no longer holds, so that a change of
   * annotations alone does not cost a read of every id in the library.
   */
  private keptOrders(parts: Record<string, unknown>): Array<[string, Promise<string[]>]> {
    const kept: Array<[string, Promise<string[]>]> = [];
    const keys = writtenKeys(parts, this.db.name, 'clippings');
    if (keys === null) return kept;
    for (const direction of ['desc', 'asc'] as const) {
      const key = orderKey('clipped', direction);
      const order = this.entries.get(key) as Promise<string[]> | undefined;
      if (!order) continue;
      kept.push([
        key,
        order.then(async (ids) => ((await clippedOrderHolds(this.db, ids, keys, direction)) ? ids : readOrder(this.db, 'clipped', direction))),
      ]);
    }
    return kept;
  }

  private keep(key: string, promise: Promise<unknown>): void {
    const entries = this.entries;
    entries.set(key, promise);
    promise.then(
      () => this.answered.add(promise),
      () => {
        if (entries.get(key) === promise) entries.delete(key);
      },
    );
  }

  /** @internal Whether the lookup kept under `key` has answered. */
  settled(key: string): boolean {
    const hit = this.entries.get(key);
    return hit !== undefined && this.answered.has(hit);
  }

  /** Calls `listener` after each change of the library; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    // New maps, so a lookup started before the change never lands in the fresh cache.
    this.entries = new Map();
    this.flags = new Map();
  }

  /** Stops listening to the database. */
  dispose(): void {
    Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.listeners.clear();
    this.clear();
  }

  /** @internal */
  remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entries = this.entries;
    const hit = entries.get(key);
    if (hit) {
      // Most recently used last, so the oldest goes first when full.
      entries.delete(key);
      entries.set(key, hit);
      return hit as Promise<T>;
    }
    const promise = load();
    this.keep(key, promise);
    if (entries.size > SearchCache.MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return promise;
  }

  /** @internal Per-post answers of has:note and has:media. */
  get flagMap(): Map<string, boolean> {
    return this.flags;
  }
}

/** A lookup from the caller's cache, or else from this run's own (so one run never repeats one). */
type Remember = <T>(key: string, load: () => Promise<T>) => Promise<T>;

function rememberer(cache: SearchCache | undefined): Remember {
  if (cache) return (key, load) => cache.remember(key, load);
  const run = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>) => {
    let hit = run.get(key) as Promise<T> | undefined;
    if (!hit) run.set(key, (hit = load()));
    return hit;
  };
}

/** Themes whose id or name contains `text` (case, accents, spaces and punctuation aside). */
export function matchThemes(text: string, themes: ReadonlyArray<{ id: string; name: string }>): string[] {
  const wanted = tokenise(text).join('');
  if (wanted === '') return [];
  return themes.filter((t) => tokenise(t.id).join('').includes(wanted) || tokenise(t.name).join('').includes(wanted)).map((t) => t.id);
}

/** The query's `theme:` values that match no theme, so the page can say so. */
export function unknownThemes(query: SearchQuery, themes: ReadonlyArray<{ id: string; name: string }>): string[] {
  return query.themes.filter((t) => matchThemes(t, themes).length === 0);
}

/** The start of a day (YYYY-MM-DD) in this computer's time zone, in epoch ms. */
function startOfDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

function union<T>(sets: Iterable<Iterable<T>>): Set<T> {
  const out = new Set<T>();
  for (const s of sets) for (const v of s) out.add(v);
  return out;
}

function intersect(sets: Set<string>[]): Set<string> {
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  if (!smallest) return new Set();
  const out = new Set<string>();
  for (const v of smallest) if (rest.every((s) => s.has(v))) out.add(v);
  return out;
}

/** What a search keeps and leaves out, before the order: the sets its lookups gave. */
interface Matches {
  /** The ids every lookup gave (their intersection), or null when nothing was looked up. */
  wanted: Set<string> | null;
  /** The ids left out (`-word`, a default's other values). */
  out: Set<string>;
}

/** A search's lookups, started: the match sets, and the order asked for when asked for. */
interface SearchPlan {
  order(): Promise<string[]>;
  matches: Promise<Matches>;
}

/** Starts a search's lookups (each from the cache when it holds it): the order and the match sets. */
function planSearch(db: ClipperDB, query: SearchQuery, filters: LibraryFilters, options: SearchOptions): SearchPlan {
  const { cache } = options;
  const remember = rememberer(cache);
  const direction = options.direction ?? 'desc';
  const lookups: Array<Promise<Set<string>>> = [];
  const add = (key: string, load: () => Promise<Set<string>>) => lookups.push(remember(key, load));

  // Clippings whose words include a word, or for the one being typed a word beginning with it: the word table's records.
  const wordSet = (word: string) => remember(`word=${word}`, () => postsWithWord(db, word));
  for (const word of query.words) lookups.push(wordSet(word));
  if (query.prefix !== null && query.prefix.length >= MIN_PREFIX_LENGTH && !query.words.includes(query.prefix)) {
    const prefix = query.prefix;
    add(`prefix=${prefix}`, () => postsWithPrefix(db, prefix));
  }
  const excluded = Promise.all(query.exclude.map(async (group) => intersect(await Promise.all(group.map(wordSet)))));

  if (query.from.length > 0 || query.fromPrefix !== null) {
    const { from, fromPrefix } = query;
    add(`from=${from.join(' ')}|${fromPrefix ?? ''}`, async () => {
      const parts = await Promise.all([
        ...from.map((h) => db.clippings.where('authorHandle').equals(h).primaryKeys()),
        ...(fromPrefix !== null ? [db.clippings.where('authorHandle').startsWith(fromPrefix).primaryKeys()] : []),
      ]);
      return union(parts);
    });
  }

  // The owner's annotations with any of the values asked: [contributorId+decided] for do and dont,
  // *ownerKeys for the others (utils/store/annotation-index.ts). A default value is not indexed: asked
  // with it, the answer is every clipping but those whose owner's annotation holds another value.
  const outs: Array<Promise<Set<string>>> = [];
  const ownedKeys = (keys: ReadonlyArray<string>) => async () => {
    const parts = await Promise.all(keys.map((k) => (k === 'do' || k === 'dont' ? db.annotations.where('[contributorId+decided]').equals([OWNER, k]) : db.annotations.where('ownerKeys').equals(k)).primaryKeys()));
    return new Set(parts.flatMap((keys) => keys.filter(([, contributorId]) => contributorId === OWNER).map(([postId]) => postId)));
  };
  const owned = <T extends string>(values: ReadonlyArray<T>, all: ReadonlyArray<T>, fallback: T | null, keyOf: (value: T) => string) => {
    if (fallback !== null && values.includes(fallback)) {
      const others = all.filter((v) => v !== fallback && !values.includes(v)).map(keyOf);
      if (others.length > 0) outs.push(remember(`not=${others.join(' ')}`, ownedKeys(others)));
    } else {
      const keys = [...new Set(values)].map(keyOf);
      add(`owned=${keys.join(' ')}`, ownedKeys(keys));
    }
  };
  const verdictKey = (v: Verdict) => v;
  const kindKey = (v: Kind) => ownerKey('kind', v);
  const authorKey = (v: AuthorType) => ownerKey('authorType', v);
  const permissionKey = (v: Permission) => ownerKey('permission', v);
  if (query.verdicts.length > 0) owned(query.verdicts, VERDICTS, 'undecided', verdictKey);
  if (filters.verdict) owned([filters.verdict], VERDICTS, 'undecided', verdictKey);
  if (query.kinds.length > 0) owned(query.kinds, KINDS, null, kindKey);
  if (filters.kind) owned([filters.kind], KINDS, null, kindKey);
  if (query.authorTypes.length > 0) owned(query.authorTypes, AUTHOR_TYPES, OWNER_DEFAULTS.authorType, authorKey);
  if (filters.authorType) owned([filters.authorType], AUTHOR_TYPES, OWNER_DEFAULTS.authorType, authorKey);
  if (query.permissions.length > 0) owned(query.permissions, PERMISSIONS, OWNER_DEFAULTS.permission, permissionKey);
  if (filters.permission) owned([filters.permission], PERMISSIONS, OWNER_DEFAULTS.permission, permissionKey);
  if (query.hasLesson || filters.hasLesson) owned(['lesson'], ['lesson'], null, () => ownerKey('lesson'));

  // Themes: the *themes index holds every contributor's rows; keep the owner's.
  const themed = (ids: string[]) => {
    add(`themes=${ids.join(' ')}`, async () => {
      const parts = await Promise.all(ids.map((id) => db.annotations.where('themes').equals(id).primaryKeys()));
      return new Set(parts.flatMap((keys) => keys.filter(([, contributorId]) => contributorId === OWNER).map(([postId]) => postId)));
    });
  };
  if (query.themes.length > 0) themed([...new Set(query.themes.flatMap((t) => matchThemes(t, options.themes)))]);
  if (filters.themeId) themed([filters.themeId]);

  // Posted between two days (inclusive, whole days); an unknown posted time (0) never matches.
  const froms = [query.since, filters.postedFrom ? parseDay(filters.postedFrom) : null].filter((d): d is string => !!d);
  const tos = [query.until, filters.postedTo ? parseDay(filters.postedTo) : null].filter((d): d is string => !!d);
  if (froms.length > 0 || tos.length > 0) {
    const lower = Math.max(1, ...froms.map(startOfDay));
    const upper = Math.min(Number.MAX_SAFE_INTEGER, ...tos.map((d) => startOfDay(nextDay(d)) - 1));
    add(`posted=${lower}-${upper}`, async () =>
      lower > upper ? new Set() : new Set(await db.clippings.where('[removed+postedAt]').between([0, lower], [0, upper], true, true).primaryKeys()),
    );
  }

  if (query.disagreement || filters.disagreement) add('disagreement', () => disagreements(db));

  // Judged (do or don't) by a contributor whose name contains any of the texts.
  const byNames = [...query.by, ...(filters.by ? [filters.by] : [])];
  if (byNames.length > 0) add(`by=${byNames.join('|')}`, () => judgedBy(db, byNames, options.ownerName ?? ''));
  const agree = [...query.agree, ...(filters.agree ? [filters.agree] : [])];
  if (agree.length > 0) {
    add(`agree=${agree.join(' ')}`, async () => union(await Promise.all([...new Set(agree)].map((a) => votesBetween(db.clippings, 'agree', 0, a, a).primaryKeys()))));
  }
  // Only the clippings somebody judged are indexed by their count; asked for 0 too, the answer is
  // every clipping but the judged ones above the range (none is below: a count is 1 or more).
  const votes = query.votes ?? (filters.minVotes ? { min: filters.minVotes, max: Number.MAX_SAFE_INTEGER } : null);
  if (votes) {
    const { min, max } = votes;
    if (min <= 0 && max >= 0) outs.push(remember(`votes-over=${max}`, async () => new Set(await votesBetween(db.clippings, 'judged', 0, max, Dexie.maxKey, false, true).primaryKeys())));
    else add(`votes=${min}-${max}`, async () => (min > max ? new Set() : new Set(await votesBetween(db.clippings, 'judged', 0, min, max).primaryKeys())));
  }

  const matches = Promise.all([Promise.all(lookups), excluded, Promise.all(outs)]).then(([sets, excludedSets, otherValues]) => ({
    wanted: sets.length > 0 ? intersect(sets) : null,
    out: union([...excludedSets, ...otherValues]),
  }));
  return { order: () => orderedIds(db, options.sort, direction, remember), matches };
}

/** The ids of `order` that a search's sets keep, in order. */
function keepMatches(order: readonly string[], { wanted, out }: Matches): string[] {
  return order.filter((id) => (wanted === null || wanted.has(id)) && !out.has(id));
}

/** Runs the search; resolves to the ordered ids of every match and the library's size. */
export async function runSearch(db: ClipperDB, query: SearchQuery, filters: LibraryFilters, options: SearchOptions): Promise<SearchResult> {
  const { cache } = options;
  const plan = planSearch(db, query, filters, options);
  const [order, matches] = await Promise.all([plan.order(), plan.matches]);
  const total = order.length;
  let ids = matches.wanted === null && matches.out.size === 0 ? order : keepMatches(order, matches);
  if (query.hasNote && ids.length > 0) ids = await keepFlagged(ids, cache, 'note', (batch) => hasNotes(db, batch));
  if (query.hasMedia && ids.length > 0) ids = await keepFlagged(ids, cache, 'media', (batch) => hasMedia(db, batch));
  return { ids, total };
}

/** How many of the order's first entries firstMatches reads, at most. */
export const FIRST_MATCHES_SCAN = 2000;

export interface FirstMatches {
  /** The first matches in the order asked: the start of what runSearch will answer. */
  ids: string[];
  /** True when these are every match (the whole library was read): runSearch's whole answer. */
  complete: boolean;
}

/**
 * The first `limit` matches of a search, in the order asked, without the whole order: for a search
 * asked while the library opens, when the order (every id in the library: about half a second at 50,000
 * on a slow machine) is still being read. Its lookups are the search's own (with the cache, runSearch
 * repeats none of them); the order's first `scan` entries, read from the order index as firstIds does,
 * are kept by them, and being the start of the order, their matches are the start of the answer. Null
 * when they hold fewer than `limit` matches and are not the whole library, and for the searches whose
 * matches need more reads (`has:note`, `has:media`) or another order (the agreement sorts).
 */
export async function firstMatches(db: ClipperDB, query: SearchQuery, filters: LibraryFilters, options: SearchOptions, limit: number, scan = FIRST_MATCHES_SCAN): Promise<FirstMatches | null> {
  if (query.hasNote || query.hasMedia || (options.sort !== 'clipped' && options.sort !== 'posted')) return null;
  const { matches } = planSearch(db, query, filters, options);
  const [head, sets] = await Promise.all([firstIds(db, options.sort, options.direction ?? 'desc', scan), matches]);
  const complete = head.length < scan;
  const ids = keepMatches(head, sets);
  if (!complete && ids.length < limit) return null;
  return { ids, complete };
}

/** Whether the cache holds the order asked for, read: a search then waits for no more than its lookups. */
export function orderRead(cache: SearchCache, sort: SearchSort, direction: 'desc' | 'asc'): boolean {
  return cache.settled(orderKey(sort, direction));
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** Every clipping's id (removed ones left out) in the order asked for. */
function orderedIds(db: ClipperDB, sort: SearchSort, direction: 'desc' | 'asc', remember: Remember): Promise<string[]> {
  return remember(orderKey(sort, direction), () => readOrder(db, sort, direction));
}

/** The cache's key of an order (SearchCache keeps the one by clipped time through changes that leave it). */
function orderKey(sort: SearchSort, direction: 'desc' | 'asc'): string {
  return `order=${sort}-${direction}`;
}

/**
 * How many index entries one read of the order takes. IndexedDB answers a read of many keys as one
 * task that nothing else interleaves with (in Chromium about 7 ms per thousand keys on a busy
 * machine): the order of 50,000 read at once would hold back every other read of the page, and of
 * the next page opened, for a third of a second.
 */
export const ORDER_PAGE = 2000;

/**
 * Every clipping's id (removed ones left out) in the order asked for, read in pages of `pageSize`
 * index entries in one read-only transaction (one consistent view), so that other reads (a row's
 * record, another page opening the library) are answered between pages.
 */
export function readOrder(db: ClipperDB, sort: SearchSort, direction: 'desc' | 'asc', pageSize = ORDER_PAGE): Promise<string[]> {
  return db.transaction('r', db.clippings, async () => {
    // Read ascending and reverse here: without IndexedDB 3.0 a descending read walks a cursor.
    if (sort === 'clipped') {
      const ids = await pagedKeys(db, '[removed+clippedAt]', Dexie.minKey, (c) => c.clippedAt, pageSize);
      return direction === 'desc' ? ids.reverse() : ids;
    }
    if (sort === 'agreed' || sort === 'contested') return agreementIds(db, sort, direction, Infinity);
    const dated = await pagedKeys(db, '[removed+postedAt]', 1, (c) => c.postedAt, pageSize);
    const undated = await db.clippings.where('[removed+postedAt]').equals([0, 0]).primaryKeys();
    if (direction === 'desc') dated.reverse();
    return [...dated, ...undated];
  });
}

/**
 * The primary keys of the clippings not removed whose `[removed+field]` index value is `from` or
 * more, in the index's order (by value, then by primary key), read `pageSize` entries at a time.
 * IndexedDB cannot start a read after a given entry, only at a given value: each page after the
 * first starts at the value of the page before's last entry (one record read), and the entries of
 * that value already listed are passed over. Should a whole page hold nothing new (more clippings
 * share one value than a page holds), the clippings of that value are read at once.
 */
async function pagedKeys(db: ClipperDB, index: string, from: number | typeof Dexie.minKey, valueOf: (clipping: ClippingRecord) => number, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const take = (ids: readonly string[]) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
    }
  };
  let lower: number | typeof Dexie.minKey = from;
  let lowerOpen = false;
  for (;;) {
    const page = await db.clippings.where(index).between([0, lower], [0, Dexie.maxKey], !lowerOpen, true).limit(pageSize).primaryKeys();
    const before = out.length;
    take(page);
    if (page.length < pageSize) return out;
    const last = await db.clippings.get(page[page.length - 1]!);
    if (!last) throw new Error('the order changed while it was read');
    lower = valueOf(last);
    lowerOpen = false;
    if (out.length === before) {
      // Nothing new: the page lay inside one value's entries.
      take(await db.clippings.where(index).equals([0, lower]).primaryKeys());
      lowerOpen = true;
    }
  }
}

/**
 * The first `limit` ids of the whole library (removed ones left out) in the order asked for: what
 * runSearch with nothing asked would list first, read from the order index's first entries alone, so
 * a page can show its first rows before the whole order (every id in the library) has been read.
 * An agreement order whose first rows include clippings nobody judged reads records in primary key
 * order to find them, at most `maxRecords` (then it reads every judged id instead).
 */
export async function firstIds(db: ClipperDB, sort: SearchSort, direction: 'desc' | 'asc', limit: number, maxRecords = 4 * limit + 200): Promise<string[]> {
  const range = (index: string, lower: number | typeof Dexie.minKey) => {
    const c = db.clippings.where(index).between([0, lower], [0, Dexie.maxKey], true, true);
    return (direction === 'desc' ? c.reverse() : c).limit(limit).primaryKeys();
  };
  if (sort === 'clipped') return range('[removed+clippedAt]', Dexie.minKey);
  if (sort === 'agreed' || sort === 'contested') return db.transaction('r', db.clippings, () => agreementIds(db, sort, direction, limit, maxRecords));
  const dated = await range('[removed+postedAt]', 1);
  if (dated.length >= limit) return dated;
  const undated = await db.clippings.where('[removed+postedAt]').equals([0, 0]).limit(limit - dated.length).primaryKeys();
  return [...dated, ...undated];
}

/** The vote summary each agreement order reads: do minus don't, and the fewer of do and don't. */
const AGREEMENT_ORDER = { agreed: 'doLead', contested: 'contest' } as const;

/**
 * The first `limit` ids (all of them with Infinity) of an agreement order: removed clippings left
 * out, by value then by post id, ascending, or the reverse of that. Only the clippings somebody
 * judged are in the order's index; those nobody judged have the value 0 and are merged, by post id,
 * with the judged clippings of value 0. They are the table's primary keys, read in the order asked,
 * less the removed and the judged ones. With a limit, each part is read only as far as the limit
 * needs: the values before 0 first, then (when they fall short) the judged ones of 0 and the first
 * records in primary key order that are neither judged nor removed. Call inside a read transaction
 * of the clippings, so the reads see one library.
 */
async function agreementIds(db: ClipperDB, sort: 'agreed' | 'contested', direction: 'desc' | 'asc', limit: number, maxRecords = 0): Promise<string[]> {
  const summary = AGREEMENT_ORDER[sort];
  const desc = direction === 'desc';
  const ordered = <T extends { limit(n: number): T; reverse(): T }>(c: T, n: number) => {
    const inOrder = desc ? c.reverse() : c;
    return Number.isFinite(n) ? inOrder.limit(n) : inOrder;
  };
  const range = async (lower: number | typeof Dexie.minKey, upper: number | typeof Dexie.maxKey, lowerOpen: boolean, upperOpen: boolean, n: number) =>
    (await ordered(votesBetween(db.clippings, summary, 0, lower, upper, !lowerOpen, !upperOpen), n).primaryKeys()) as string[];
  const below = (n: number) => range(Dexie.minKey, 0, false, true, n);
  const above = (n: number) => range(0, Dexie.maxKey, true, false, n);
  const zero = (n: number) => range(0, 0, false, false, n);
  const primaryKeys = async (n: number) => (await ordered(db.clippings.toCollection(), n).primaryKeys()) as string[];
  /** The ids of value 0, judged and not, in the order asked: `n` of them at most. */
  const merged = (judged: readonly string[], unjudged: readonly string[], n: number) => {
    const out: string[] = [];
    const before = desc ? (a: string, b: string) => a > b : (a: string, b: string) => a < b;
    let i = 0;
    let j = 0;
    while (out.length < n && (i < judged.length || j < unjudged.length)) {
      if (j >= unjudged.length || (i < judged.length && before(judged[i]!, unjudged[j]!))) out.push(judged[i++]!);
      else out.push(unjudged[j++]!);
    }
    return out;
  };

  if (!Number.isFinite(limit)) {
    // The whole order: every part read once; the judged ids are the three parts.
    const [first, zeros, last, removed, all] = await Promise.all([desc ? above(limit) : below(limit), zero(limit), desc ? below(limit) : above(limit), removedIds(db.clippings), primaryKeys(limit)]);
    const skip = new Set([...first, ...zeros, ...last, ...removed]);
    return [...first, ...merged(zeros, all.filter((id) => !skip.has(id)), Infinity), ...last];
  }
  /**
   * The first `n` ids, in the order asked, of the clippings neither removed nor judged: the records
   * read in primary key order a page at a time, while fewer than `maxRecords` have been read; past
   * that (a library mostly judged or removed), every judged and removed id, and as many primary keys.
   */
  const unjudged = async (n: number): Promise<string[]> => {
    const found: string[] = [];
    let after: string | null = null;
    for (let read = 0; read < maxRecords; ) {
      const want = Math.max(n - found.length, 50);
      const from: Collection<ClippingRecord, string> = after === null ? db.clippings.toCollection() : desc ? db.clippings.where(':id').below(after) : db.clippings.where(':id').above(after);
      const page: ClippingRecord[] = await ordered(from, want).toArray();
      read += page.length;
      for (const c of page) if (c.removed === 0 && !(typeof c.judged === 'number' && c.judged > 0)) found.push(c.postId);
      if (found.length >= n || page.length < want) return found.slice(0, n);
      after = page[page.length - 1]!.postId;
    }
    const [judged, removed] = await Promise.all([votesBetween(db.clippings, 'judged', 0, Dexie.minKey, Dexie.maxKey).primaryKeys() as Promise<string[]>, removedIds(db.clippings)]);
    const skip = new Set([...judged, ...removed]);
    return (await primaryKeys(n + skip.size)).filter((id) => !skip.has(id)).slice(0, n);
  };

  const out = await (desc ? above(limit) : below(limit));
  if (out.length >= limit) return out;
  const left = limit - out.length;
  const [zeros, others] = await Promise.all([zero(left), unjudged(left)]);
  out.push(...merged(zeros, others, left));
  if (out.length >= limit) return out;
  return [...out, ...(await (desc ? below(limit - out.length) : above(limit - out.length)))];
}

/**
 * Posts judged (do or don't) by a contributor whose name contains one of the texts (case, accents and
 * punctuation aside); the owner is found by their name in options.
 */
async function judgedBy(db: ClipperDB, names: readonly string[], ownerName: string): Promise<Set<string>> {
  const wanted = names.map((n) => tokenise(n).join(' ')).filter((n) => n !== '');
  const matches = (name: string) => {
    const have = tokenise(name).join(' ');
    return have !== '' && wanted.some((w) => have.includes(w));
  };
  const ids = (await db.contributors.toArray()).filter((c) => matches(c.name)).map((c) => c.id);
  if (matches(ownerName)) ids.push(OWNER);
  const parts = await Promise.all(ids.flatMap((id) => (['do', 'dont'] as const).map((v) => db.annotations.where('[contributorId+decided]').equals([id, v]).primaryKeys())));
  return new Set(parts.flatMap((keys) => keys.map(([postId]) => postId)));
}

/**
 * Posts on which contributors disagree: someone's verdict is do and someone else's is dont (one
 * contributor has one annotation per post, so both on a post means two people).
 */
async function disagreements(db: ClipperDB): Promise<Set<string>> {
  // Every contributor who decided a post (Dexie reads the first parts of `[contributorId+decided]`).
  const contributors = (await db.annotations.orderBy('contributorId').uniqueKeys()) as string[];
  if (contributors.length < 2) return new Set();
  const postIdsOf = async (verdict: Verdict) => {
    const parts = await Promise.all(contributors.map((c) => db.annotations.where('[contributorId+decided]').equals([c, verdict]).primaryKeys()));
    return new Set(parts.flatMap((keys) => keys.map(([postId]) => postId)));
  };
  const [dos, donts] = await Promise.all([postIdsOf('do'), postIdsOf('dont')]);
  return intersect([dos, donts]);
}

const BATCH = 500;

/** Keeps the ids (in order) whose flag is true, reading only the ones not answered before. */
async function keepFlagged(ids: string[], cache: SearchCache | undefined, flag: string, read: (batch: string[]) => Promise<boolean[]>): Promise<string[]> {
  const known = cache?.flagMap ?? new Map<string, boolean>();
  const unknown = ids.filter((id) => !known.has(`${flag}:${id}`));
  for (let i = 0; i < unknown.length; i += BATCH) {
    const batch = unknown.slice(i, i + BATCH);
    const answers = await read(batch);
    batch.forEach((id, j) => known.set(`${flag}:${id}`, answers[j] ?? false));
  }
  return ids.filter((id) => known.get(`${flag}:${id}`) === true);
}

async function hasNotes(db: ClipperDB, postIds: string[]): Promise<boolean[]> {
  const annotations = await db.annotations.bulkGet(postIds.map((id) => [id, OWNER] as [string, string]));
  return annotations.map((a) => !!a && a.note.trim() !== '');
}

async function hasMedia(db: ClipperDB, postIds: string[]): Promise<boolean[]> {
  const clippings = await db.clippings.bulkGet(postIds);
  return clippings.map((c) => !!c && c.snapshot.media.length > 0);
}
