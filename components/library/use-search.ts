import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { getDb, type AuthorType, type ClipperDB, type Kind, type Permission, type Verdict } from '@/utils/store/db';
import { parseSearch, type ProblemKey } from '@/utils/search/parse';
import { SearchCache, firstIds, firstMatches, orderRead, runSearch, type LibraryFilters } from '@/utils/store/search';
import { countClippings } from '@/utils/store/counts';
import { rowCache } from './use-rows';
import { createPacer, type Pacer } from '@/utils/pace';

/** The library's filter controls as chosen ('' means any). */
export interface FilterState {
  verdict: Verdict | '';
  kind: Kind | '';
  theme: string;
  authorType: AuthorType | '';
  permission: Permission | '';
  from: string;
  to: string;
  hasLesson: boolean;
  /** Only clippings on which contributors disagree (after bundles are merged). */
  disagreement: boolean;
  /** Judged by this contributor (a name; '' means anyone). */
  by: string;
  /** Everyone who judged said this. */
  agree: 'do' | 'dont' | '';
  /** At least this many contributors judged it ('' means any). */
  minVotes: string;
}
export const EMPTY_FILTERS: FilterState = { verdict: '', kind: '', theme: '', authorType: '', permission: '', from: '', to: '', hasLesson: false, disagreement: false, by: '', agree: '', minVotes: '' };

export type SortChoice = 'clipped-desc' | 'clipped-asc' | 'posted-desc' | 'posted-asc' | 'agreed-desc' | 'contested-desc';
/** The order the library opens in. */
export const OPENING_SORT: SortChoice = 'clipped-desc';

const say = (key: ProblemKey, params: string[]) => i18n.t(`searchProblem.${key}` as 'searchProblem.range', params as [string, string]);

let cache: SearchCache | undefined;

/** Rows shown before the whole order is read: more than a tall window holds. */
const FIRST_ROWS = 30;
/** How long the whole order waits after the first rows, for their own reads to go first. */
const ROWS_FIRST_MS = 50;
/**
 * The search is run again for a change at once, unless changes stream in (two searches run again for
 * them in the last 3 s, as while a team's first sync merges): then it rests between runs, at least a
 * second and three times as long as the last search took (utils/pace.ts).
 */
const CHANGE_REST_MS = 1000;
const CHANGE_REST_FACTOR = 3;
const STREAM_ANSWERS = 2;
const STREAM_WINDOW_MS = 3000;

/** Set while the page opens: searches wait for it (see below). */
let rowsFirst: Promise<void> | undefined;

/** The library's filter controls as the search takes them (unset ones null). */
function toLibraryFilters(filters: FilterState): LibraryFilters {
  return {
    verdict: filters.verdict || null,
    kind: filters.kind || null,
    themeId: filters.theme || null,
    authorType: filters.authorType || null,
    permission: filters.permission || null,
    postedFrom: filters.from || null,
    postedTo: filters.to || null,
    hasLesson: filters.hasLesson,
    disagreement: filters.disagreement,
    by: filters.by || null,
    agree: filters.agree || null,
    minVotes: /^\d+$/.test(filters.minVotes) && Number(filters.minVotes) > 0 ? Number(filters.minVotes) : null,
  };
}

const sortParts = (sort: SortChoice) => sort.split('-') as ['clipped' | 'posted' | 'agreed' | 'contested', 'desc' | 'asc'];

/** Nothing typed and no filter set: the whole library is listed. */
const nothingAsked = (text: string, filters: FilterState) => text.trim() === '' && Object.values(toLibraryFilters(filters)).every((v) => !v);

/**
 * The first rows of the whole library in the order chosen, from the order index's first entries, and
 * the kept count; null when they cannot be read (the full search answers then).
 */
function readFirstRows(db: ClipperDB, sort: SortChoice): Promise<{ ids: string[]; total: number } | null> {
  const [by, direction] = sortParts(sort);
  return Promise.all([firstIds(db, by, direction, FIRST_ROWS), countClippings(db)])
    .then(async ([ids, total]) => {
      // Their records too, in one transaction, so that the rows draw with the ids (use-rows.ts);
      // should that read fail, the rows are read when drawn.
      await rowCache().read(ids);
      return { ids, total };
    })
    .catch(() => null);
}

/** The first rows asked for before the page could render (readFirstRowsEarly), for the opening order. */
let early: ReturnType<typeof readFirstRows> | undefined;

/**
 * Starts reading the library's first rows as soon as the page's script runs, beside the page's other
 * set-up (its language, drafts left by a closed page), which the first render waits for: the database
 * opens and answers meanwhile. The first render of useSearch takes it, once.
 */
export function readFirstRowsEarly(): void {
  early ??= readFirstRows(getDb(), OPENING_SORT);
}

function takeEarly(sort: SortChoice): ReturnType<typeof readFirstRows> | undefined {
  const taken = sort === OPENING_SORT ? early : undefined;
  early = undefined;
  return taken;
}

/**
 * Runs the library's search as the user types: the ordered ids of every match and the library's
 * total. Only ids are held; the rows drawn are read by use-rows.ts. Re-runs when the data changes
 * (the SearchCache hears every change, from any page or the background), paced while changes keep
 * coming (utils/pace.ts).
 */
export function useSearch(text: string, filters: FilterState, sort: SortChoice, themes: ReadonlyArray<{ id: string; name: string }>, ownerName = '') {
  const db = getDb();
  cache ??= new SearchCache(db);
  const parsed = useMemo(() => parseSearch(text, say), [text]);
  // `opening`: nothing is asked yet and the whole order is still being read; `ids` are the first rows
  // and `total` the library's kept count, which with nothing asked is also how many are shown.
  // `searching`: a search asked while the whole order is still being read shows its first matches
  // (the first in the order asked) and says it is still searching until its whole answer comes.
  const [state, setState] = useState<{ ids: string[]; total: number; ready: boolean; opening?: boolean; searching?: boolean }>({ ids: [], total: 0, ready: false });
  const [version, setVersion] = useState(0);
  const pacer = useRef<Pacer | null>(null);
  useEffect(() => {
    const pace = createPacer({
      answer: () => setVersion((v) => v + 1),
      minRestMs: CHANGE_REST_MS,
      restFactor: CHANGE_REST_FACTOR,
      streamAnswers: STREAM_ANSWERS,
      streamWindowMs: STREAM_WINDOW_MS,
      now: () => performance.now(),
      later: (callback, ms) => setTimeout(callback, ms),
      cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    });
    pacer.current = pace;
    const stop = cache!.onChange(pace.changed);
    return () => {
      stop();
      pace.dispose();
    };
  }, []);
  const opening = useRef(true);
  /** Whether a whole answer has come since the page opened (the order has been read once). */
  const answeredOnce = useRef(false);

  // The first rows and the count were asked for when the page's script ran (readFirstRowsEarly), or
  // are asked for while the page first renders, so that the database opens and answers before the
  // first paint rather than after it (when effects run).
  const [firstRows] = useState(() => (nothingAsked(text, filters) ? (takeEarly(sort) ?? readFirstRows(db, sort)) : null));

  useEffect(() => {
    let current = true;
    const libraryFilters = toLibraryFilters(filters);
    const [by, direction] = sortParts(sort);
    // On opening with nothing asked, the first rows show from the order index's first entries while
    // the whole order (every id: linear in the library) is read; the count shows when it is.
    const search = () => {
      const pace = pacer.current;
      pace?.begin();
      const options = { sort: by, direction, themes, cache, ownerName };
      let answered = false;
      if (!answeredOnce.current && !nothingAsked(text, filters) && !orderRead(cache!, by, direction)) {
        // Asked as the library opens: the first matches from the order's first entries, shown until
        // the whole answer comes (runSearch waits for every id in the library). Only until the first
        // whole answer: later, a search run again for a change keeps its list until its new answer.
        void firstMatches(db, parsed.query, libraryFilters, options, FIRST_ROWS)
          .then((first) => {
            if (!first || !current || answered) return;
            setState((s) => {
              // Every match, when the library's first entries were all of it: the answer, once the library's count is known.
              const whole = first.complete && s.total > 0;
              return { ids: first.ids, total: s.total, ready: whole, searching: !whole, opening: false };
            });
          })
          .catch(() => undefined); // the whole answer still comes
      }
      return runSearch(db, parsed.query, libraryFilters, options)
        .then((result) => {
          answered = true;
          answeredOnce.current = true;
          if (current) setState({ ...result, ready: true, opening: false, searching: false });
        })
        .catch((error: unknown) => console.error('[LGA Guide Clipper] search failed', error))
        .finally(() => pace?.end());
    };
    if (opening.current) {
      opening.current = false;
      if (nothingAsked(text, filters)) {
        // The whole order waits until the first rows have asked for their records: IndexedDB answers
        // in turn, and even a page of the order would hold those few reads back. The first rows show
        // only until the first full answer.
        rowsFirst = (firstRows ?? readFirstRows(db, sort))
          .then((first) => {
            if (first) setState((s) => (s.ready ? s : { ids: first.ids, total: first.total, ready: false, opening: true }));
          })
          .then(() => new Promise<void>((resolve) => setTimeout(resolve, ROWS_FIRST_MS)));
      }
    }
    if (rowsFirst) void rowsFirst.then(() => (current ? search() : undefined));
    else void search();
    return () => {
      current = false;
    };
  }, [parsed, filters, sort, themes, version, ownerName]);

  return { ...state, problems: parsed.problems };
}
