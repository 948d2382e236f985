import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DBCoreTable } from 'dexie';
import { AUTHOR_TYPES, ClipperDB, OWNER, PERMISSIONS, type AuthorType, type Kind, type Permission, type Verdict } from '@/utils/store/db';
import { removeClipping, restoreClipping, saveClipping } from '@/utils/store/clippings';
import { updateAnnotation } from '@/utils/store/annotations';
import { searchWords } from '@/utils/domain/words';
import type { Media } from '@/utils/snapshot';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { parseSearch } from '@/utils/search/parse';
import { MIN_PREFIX_LENGTH, SearchCache, firstIds, firstMatches, matchThemes, orderRead, runSearch, unknownThemes, type LibraryFilters, type SearchOptions } from './search';

/**
 * A library of 300 clippings built through the store's own functions: a dozen "story" posts whose
 * answers are written out by hand, and 288 generated ones checked against a plain in-memory model.
 */

interface Fixture {
  id: string;
  text: string;
  name: string;
  handle: string;
  /** Epoch ms; 0 when the snapshot has no posted time. */
  postedAt: number;
  clippedAt: number;
  verdict: Verdict;
  kind: Kind | null;
  themes: string[];
  lesson: string;
  note: string;
  authorType: AuthorType;
  permission: Permission;
  media: boolean;
  removed: boolean;
  /** Other contributors' verdicts and themes. */
  others?: Array<{ contributorId: string; verdict: Verdict; themes?: string[] }>;
}

const photo: Media = { type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg?name=orig' };
/** A time in this computer's time zone (as since:/until: days are). */
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();

const base: Pick<Fixture, 'kind' | 'themes' | 'lesson' | 'note' | 'authorType' | 'permission' | 'media' | 'removed'> = { kind: null, themes: [], lesson: '', note: '', authorType: 'notSet', permission: 'notAsked', media: false, removed: false };
const story: Fixture[] = [
  { ...base, id: '1001', text: 'Gritting lorries are out tonight on the A38 #lgadigital', name: 'Devon County Council', handle: 'DevonCC', postedAt: local(2026, 1, 10, 8, 30), clippedAt: 2_000_001, verdict: 'do', kind: 'example', themes: ['emergencies'], lesson: 'Say where the gritters go', authorType: 'council', permission: 'granted' },
  { ...base, id: '1002', text: 'Our café in the park is open over the bank holiday', name: 'City Parks', handle: 'ParksTeam', postedAt: local(2026, 1, 31, 23, 30), clippedAt: 2_000_002, verdict: 'dont', themes: ['tone'], note: 'Too chirpy?', authorType: 'publicBody', permission: 'refused' },
  { ...base, id: '1003', text: 'Bank staff get a holiday on Monday', name: 'High Street Bank', handle: 'LocalBank', postedAt: local(2026, 2, 1, 0, 0), clippedAt: 2_000_003, verdict: 'undecided', authorType: 'businessOrCharity', media: true },
  { ...base, id: '1004', text: 'Grit bins refilled: thank the gritters', name: 'Devon County Council', handle: 'DevonCC', postedAt: local(2026, 2, 1, 12, 30), clippedAt: 2_000_004, verdict: 'do', kind: 'tip', themes: ['emergencies', 'tone'], lesson: 'Thank the crews', authorType: 'council', permission: 'notNeeded' },
  { ...base, id: '1005', text: 'Cafe opening hours change', name: 'Corner Cafe', handle: 'CornerCafe', postedAt: 0, clippedAt: 2_000_005, verdict: 'undecided' },
  { ...base, id: '1006', text: 'Gritting routes for the weekend', name: 'Devon County Council', handle: 'DevonCC', postedAt: local(2026, 1, 12, 9, 30), clippedAt: 2_000_006, verdict: 'do', removed: true },
  { ...base, id: '1007', text: 'Flood defences in place, photo attached', name: 'Environment Agency', handle: 'EnvAgency', postedAt: local(2026, 1, 20, 10, 30), clippedAt: 2_000_007, verdict: 'do', themes: ['own-1'], authorType: 'publicBody', media: true },
  { ...base, id: '1008', text: 'Snow and gritting update', name: 'Devon County Council', handle: 'DevonCC', postedAt: local(2026, 1, 11, 9, 30), clippedAt: 2_000_008, verdict: 'dont', note: 'ask highways' },
  { ...base, id: '1009', text: 'Councillor says snow plan is a shambles', name: 'West City News', handle: 'WestCityNews', postedAt: local(2026, 1, 15, 10, 30), clippedAt: 2_000_009, verdict: 'do', authorType: 'media', others: [{ contributorId: 'editor-1', verdict: 'dont', themes: ['legal'] }] },
  { ...base, id: '1010', text: 'Parish meeting on the village green', name: 'Parish Clerk', handle: 'ParishClerk', postedAt: 0, clippedAt: 2_000_010, verdict: 'undecided' },
  { ...base, id: '1011', text: 'Winter coats appeal', name: 'West City News', handle: 'WestCityNews', postedAt: local(2026, 1, 5, 10, 30), clippedAt: 2_000_011, verdict: 'do', others: [{ contributorId: 'editor-1', verdict: 'do' }] },
  { ...base, id: '1012', text: 'Snow day reminder for parents', name: 'Parish Clerk', handle: 'ParishClerk', postedAt: local(2026, 1, 6, 10, 30), clippedAt: 2_000_012, verdict: 'undecided', others: [{ contributorId: 'editor-1', verdict: 'do' }, { contributorId: 'editor-2', verdict: 'dont' }] },
];

const TOPICS = ['Recycling', 'Libraries', 'Parking', 'Potholes', 'Consultation', 'Elections', 'Allotments', 'Budget', 'Planning', 'Roadworks'];
const AREAS = ['north', 'south', 'east', 'west'];
const HANDLES: Array<[string, string]> = [
  ['North Shire', 'NorthShireCC'],
  ['South Borough', 'SouthBoroughCncl'],
  ['East Town', 'EastTownCouncil'],
  ['West City News', 'WestCityNews'],
  ['Local Radio', 'LocalRadio'],
  ['Parish Clerk', 'ParishClerk'],
];
const VERDICT_CYCLE: Verdict[] = ['do', 'dont', 'undecided'];
const generated: Fixture[] = Array.from({ length: 288 }, (_, i) => {
  const [name, handle] = HANDLES[i % HANDLES.length]!;
  const topic = TOPICS[i % TOPICS.length]!;
  return {
    id: String(2000 + i),
    text: `${topic} update for ${AREAS[(i >> 1) % 4]} residents${i % 6 === 0 ? ' with photo' : ''}`,
    name,
    handle,
    // One a day from 1 March 2025; all before the story posts.
    postedAt: local(2025, 3, 1 + i, 9 + (i % 8)),
    // Clipped in an order unlike the posted one.
    clippedAt: 1_000_000 + ((i * 37) % 288) * 1000,
    verdict: VERDICT_CYCLE[i % 3]!,
    kind: i % 4 === 0 ? 'tip' : i % 4 === 1 ? 'example' : null,
    themes: i % 5 === 0 ? ['tone'] : i % 5 === 1 ? ['legal', 'tone'] : i % 5 === 2 ? ['emergencies'] : [],
    lesson: i % 7 === 0 ? `Lesson about ${topic.toLowerCase()}` : '',
    note: i % 9 === 0 ? 'check with comms' : '',
    authorType: AUTHOR_TYPES[i % AUTHOR_TYPES.length]!,
    permission: PERMISSIONS[i % PERMISSIONS.length]!,
    media: i % 6 === 0,
    removed: i % 23 === 0,
  };
});
const fixtures = [...story, ...generated];

/** Which database calls a search made. */
let calls: string[] = [];
function spy(name: string, table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    query: (req) => {
      calls.push(`${name} ${req.query.index.name ?? ':id'} ${req.values ? 'records' : 'keys'} ${JSON.stringify(req.query.range.lower)}`);
      return table.query(req);
    },
    openCursor: (req) => {
      calls.push(`${name} ${req.query.index.name ?? ':id'} cursor ${req.values ? 'records' : 'keys'}`);
      return table.openCursor(req);
    },
    get: (req) => {
      calls.push(`${name} get`);
      return table.get(req);
    },
    getMany: (req) => {
      calls.push(`${name} getMany`);
      return table.getMany(req);
    },
  };
}

async function build(db: ClipperDB, list: Fixture[]) {
  for (const f of list) {
    const snapshot = makeSnapshot({
      postId: f.id,
      text: f.text,
      author: { name: f.name, handle: f.handle, verified: false },
      postedAt: f.postedAt ? new Date(f.postedAt).toISOString() : undefined,
      media: f.media ? [photo] : [],
    });
    await saveClipping(db, snapshot, f.clippedAt);
    const { verdict, kind, themes, lesson, note, authorType, permission } = f;
    if (verdict !== 'undecided' || kind || themes.length || lesson || note || authorType !== 'notSet' || permission !== 'notAsked') {
      await updateAnnotation(db, f.id, { verdict, kind, themes, lesson, note, authorType, permission }, OWNER, f.clippedAt);
    }
    for (const other of f.others ?? []) await updateAnnotation(db, f.id, { verdict: other.verdict, themes: other.themes ?? [] }, other.contributorId, f.clippedAt);
    if (f.removed) await removeClipping(db, f.id, f.clippedAt + 1);
  }
}

const THEMES = [
  { id: 'tone', name: 'Tone of voice' },
  { id: 'legal', name: 'Legal and ethics' },
  { id: 'emergencies', name: 'Emergencies and weather' },
  { id: 'own-1', name: 'Weather warnings' },
];

let db: ClipperDB;
beforeAll(async () => {
  db = new ClipperDB(`search-${Math.random()}`);
  db.use({ stack: 'dbcore', name: 'spy', create: (down) => ({ ...down, table: (name) => spy(name, down.table(name)) }) });
  await build(db, fixtures);
}, 60_000);
afterAll(async () => {
  await db.delete();
});
beforeEach(() => {
  calls = [];
});

/** The ids of a search typed into the box, with filters, in the order shown. */
async function search(text: string, filters: LibraryFilters = {}, options: Partial<SearchOptions> = {}): Promise<string[]> {
  const { query, problems } = parseSearch(text);
  expect(problems).toEqual([]);
  return (await runSearch(db, query, filters, { sort: 'clipped', themes: THEMES, ...options })).ids;
}

/** What the plain model says: the kept fixtures matching `pred`, in the order asked for. */
function model(pred: (f: Fixture) => boolean, sort: 'clipped' | 'posted' = 'clipped', direction: 'desc' | 'asc' = 'desc'): string[] {
  const kept = fixtures.filter((f) => !f.removed && pred(f));
  const key = (f: Fixture) => (sort === 'clipped' ? f.clippedAt : f.postedAt);
  const sign = direction === 'desc' ? -1 : 1;
  const dated = kept.filter((f) => sort === 'clipped' || f.postedAt > 0).sort((a, b) => sign * (key(a) - key(b)));
  // Posts with no known posted time come last, by id.
  const undated = sort === 'posted' ? kept.filter((f) => f.postedAt === 0).sort((a, b) => a.id.localeCompare(b.id)) : [];
  return [...dated, ...undated].map((f) => f.id);
}
const wordsOf = (f: Fixture) =>
  searchWords(makeSnapshot({ text: f.text, author: { name: f.name, handle: f.handle, verified: false } }), [{ lesson: f.lesson, note: f.note }]);
const KEPT = fixtures.filter((f) => !f.removed).length;

describe('runSearch: order and total', () => {
  it('with nothing asked, lists every clipping but the removed, newest clipped first, and counts them', async () => {
    const { query } = parseSearch('');
    const result = await runSearch(db, query, {}, { sort: 'clipped', themes: THEMES });
    expect(fixtures).toHaveLength(300);
    expect(KEPT).toBe(300 - 1 - 13);
    expect(result.total).toBe(KEPT);
    expect(result.ids).toEqual(model(() => true));
    expect(result.ids.slice(0, 4)).toEqual(['1012', '1011', '1010', '1009']);
    expect(result.ids).not.toContain('1006');
  });

  it('firstIds gives the first rows of the whole list in every order, before the whole order is read', async () => {
    for (const sort of ['clipped', 'posted'] as const) {
      for (const direction of ['desc', 'asc'] as const) {
        const all = model(() => true, sort, direction);
        expect(await firstIds(db, sort, direction, 20), `${sort} ${direction}`).toEqual(all.slice(0, 20));
        // More than the library holds: everything, undated posts last.
        expect(await firstIds(db, sort, direction, 1000), `${sort} ${direction}, all`).toEqual(all);
      }
    }
  });

  it('sorts by clipped and by posted, both ways; posts with no posted time come last', async () => {
    expect(await search('', {}, { direction: 'asc' })).toEqual(model(() => true, 'clipped', 'asc'));
    const postedDesc = await search('', {}, { sort: 'posted' });
    expect(postedDesc).toEqual(model(() => true, 'posted', 'desc'));
    expect(postedDesc.slice(0, 3)).toEqual(['1004', '1003', '1002']);
    expect(postedDesc.slice(-2)).toEqual(['1005', '1010']);
    const postedAsc = await search('', {}, { sort: 'posted', direction: 'asc' });
    expect(postedAsc).toEqual(model(() => true, 'posted', 'asc'));
    expect(postedAsc.slice(-4)).toEqual(['1003', '1004', '1005', '1010']);
  });

  it('the total stays the size of the library whatever is searched', async () => {
    const { query } = parseSearch('gritting verdict:do ');
    expect(await runSearch(db, query, { kind: 'example' }, { sort: 'posted', themes: THEMES })).toEqual({ ids: ['1001'], total: KEPT });
  });
});

describe('firstMatches: a search asked before the whole order is read', () => {
  const first = (text: string, limit: number, scan: number, options: Partial<SearchOptions> = {}, filters: LibraryFilters = {}) =>
    firstMatches(db, parseSearch(text).query, filters, { sort: 'clipped', themes: THEMES, ...options }, limit, scan);

  it('gives the start of the whole answer, in every order, from the order index\'s first entries', async () => {
    const cases: Array<[string, LibraryFilters]> = [['update', {}], ['re', {}], ['update -photo', {}], ['from:NorthShireCC', {}], ['', { verdict: 'do' }], ['verdict:undecided', {}], ['theme:tone', {}]];
    for (const [text, filters] of cases) {
      for (const sort of ['clipped', 'posted'] as const) {
        for (const direction of ['desc', 'asc'] as const) {
          const whole = (await runSearch(db, parseSearch(text).query, filters, { sort, direction, themes: THEMES })).ids;
          const got = await first(text, 5, 150, { sort, direction }, filters);
          const what = `${text} ${JSON.stringify(filters)} ${sort} ${direction}`;
          expect(whole.length, what).toBeGreaterThan(5);
          expect(got, what).not.toBeNull();
          expect(got!.complete, what).toBe(false);
          // At least the five asked for, and every one in its place in the whole answer.
          expect(got!.ids.length, what).toBeGreaterThanOrEqual(5);
          expect(got!.ids, what).toEqual(whole.slice(0, got!.ids.length));
        }
      }
    }
  });

  it('is the whole answer when it read the whole library', async () => {
    const whole = (await runSearch(db, parseSearch('gritting').query, {}, { sort: 'clipped', themes: THEMES })).ids;
    expect(await first('gritting', 30, 1000)).toEqual({ ids: whole, complete: true });
    // A search nothing matches, answered whole.
    expect(await first('zebra', 30, 1000)).toEqual({ ids: [], complete: true });
  });

  it('gives nothing when the entries it read hold fewer matches than asked for, so the page waits for the whole answer', async () => {
    // "gritting": three clippings among the newest dozen; 'library' matches the generated posts, all clipped before them.
    expect(await first('gritting', 30, 150)).toBeNull();
    expect(await first('libraries', 3, 12)).toBeNull();
  });

  it('leaves has:note, has:media and the agreement orders to the whole search', async () => {
    expect(await first('has:note', 1, 1000)).toBeNull();
    expect(await first('has:media', 1, 1000)).toBeNull();
    expect(await first('update', 1, 1000, { sort: 'agreed' })).toBeNull();
  });

  it('orderRead says when a cache holds the order read, so the page knows a search will not wait for it', async () => {
    const cache = new SearchCache(db);
    expect(orderRead(cache, 'clipped', 'desc')).toBe(false);
    const running = runSearch(db, parseSearch('update').query, {}, { sort: 'clipped', themes: THEMES, cache });
    expect(orderRead(cache, 'clipped', 'desc')).toBe(false);
    await running;
    expect(orderRead(cache, 'clipped', 'desc')).toBe(true);
    expect(orderRead(cache, 'clipped', 'asc')).toBe(false);
    expect(orderRead(cache, 'posted', 'desc')).toBe(false);
    cache.dispose();
  });
});

describe('runSearch: words', () => {
  it('finds a whole word, never in a removed clipping', async () => {
    expect(await search('gritting ')).toEqual(['1008', '1001']);
    expect(await search('gritting ', {}, { sort: 'posted', direction: 'asc' })).toEqual(['1001', '1008']);
  });

  it('finds the word being typed by its beginning', async () => {
    expect(await search('gri')).toEqual(['1008', '1004', '1001']);
    expect(await search('grit')).toEqual(['1008', '1004', '1001']);
    // 1001's lesson speaks of gritters.
    expect(await search('gritte')).toEqual(['1004', '1001']);
    expect(await search('gri', {}, { sort: 'posted' })).toEqual(['1004', '1008', '1001']);
  });

  it(`leaves out a word being typed until it has ${MIN_PREFIX_LENGTH} letters`, async () => {
    expect(await search('snow g')).toEqual(await search('snow '));
    expect(await search('snow ')).toEqual(['1012', '1009', '1008']);
    expect(await search('snow gr')).toEqual(['1008']);
  });

  it('every word must be there; accents and case do not matter', async () => {
    expect(await search('cafe ')).toEqual(['1005', '1002']);
    expect(await search('CAFÉ ')).toEqual(['1005', '1002']);
    expect(await search('caf')).toEqual(['1005', '1002']);
    expect(await search('cafe park ')).toEqual(['1002']);
    expect(await search('cafe unicorn ')).toEqual([]);
  });

  it('a quoted phrase needs all its words, not side by side', async () => {
    expect(await search('"bank holiday"')).toEqual(['1003', '1002']);
    expect(await search('"holiday bank"')).toEqual(['1003', '1002']);
  });

  it('a minus leaves out posts with the word, or with every word of a phrase', async () => {
    expect(await search('cafe -park ')).toEqual(['1005']);
    expect(await search('snow -councillor -parents')).toEqual(['1008']);
    expect(await search('bank -"park holiday"')).toEqual(['1003']);
    expect(await search('-snow', {}, {})).toEqual(model((f) => !wordsOf(f).includes('snow')));
  });

  it('finds the words of lessons, notes, author names and handles', async () => {
    expect(await search('crews ')).toEqual(['1004']);
    expect(await search('highw')).toEqual(['1008']);
    expect(await search('devon ')).toEqual(['1008', '1004', '1001']);
    expect(await search('recycling north ')).toEqual(model((f) => wordsOf(f).includes('recycling') && wordsOf(f).includes('north')));
  });
});

describe('runSearch: operators', () => {
  it('from: finds an author by handle, with or without @, any case; several mean any of them', async () => {
    expect(await search('from:devoncc ')).toEqual(['1008', '1004', '1001']);
    expect(await search('from:@DevonCC gritting ')).toEqual(['1008', '1001']);
    expect(await search('from:DevonCC from:parksteam ')).toEqual(['1008', '1004', '1002', '1001']);
    expect(await search('from:westcitynews ')).toEqual(model((f) => f.handle === 'WestCityNews'));
  });

  it('from: being typed finds handles by their beginning', async () => {
    expect(await search('from:dev')).toEqual(['1008', '1004', '1001']);
    expect(await search('from:parksteam from:Dev')).toEqual(['1008', '1004', '1002', '1001']);
    expect(await search('from:de ')).toEqual([]);
  });

  it('verdict:, kind:, author: and permission: are the owner’s judgement', async () => {
    expect(await search('verdict:do ')).toEqual(model((f) => f.verdict === 'do'));
    expect(await search("verdict:don't ")).toEqual(model((f) => f.verdict === 'dont'));
    expect(await search('verdict:undecided ')).toEqual(model((f) => f.verdict === 'undecided'));
    expect(await search('verdict:do verdict:dont ')).toEqual(model((f) => f.verdict !== 'undecided'));
    expect(await search('kind:tip ')).toEqual(model((f) => f.kind === 'tip'));
    expect(await search('kind:example ', {}, { sort: 'posted' })).toEqual(model((f) => f.kind === 'example', 'posted'));
    expect(await search('author:publicbody ')).toEqual(model((f) => f.authorType === 'publicBody'));
    expect(await search('author:business ')).toEqual(model((f) => f.authorType === 'businessOrCharity'));
    expect(await search('author:notset ')).toEqual(model((f) => f.authorType === 'notSet'));
    expect(await search('permission:granted ')).toEqual(model((f) => f.permission === 'granted'));
    expect(await search('permission:notasked ')).toEqual(model((f) => f.permission === 'notAsked'));
  });

  it('a contributor’s verdict is not the owner’s', async () => {
    // editor-1 says don't on 1009, where the owner says do.
    expect(await search('snow verdict:dont ')).toEqual(['1008']);
  });

  it('theme: finds themes by id or name, in any case, and only the owner’s', async () => {
    expect(await search('theme:tone ')).toEqual(model((f) => f.themes.includes('tone')));
    expect(await search('theme:"TONE OF VOICE"')).toEqual(model((f) => f.themes.includes('tone')));
    expect(await search('theme:"tone of')).toEqual(model((f) => f.themes.includes('tone')));
    // "weather" is in two themes' names: either will do.
    expect(await search('theme:weather ')).toEqual(model((f) => f.themes.includes('emergencies') || f.themes.includes('own-1')));
    expect(await search('theme:warnings ')).toEqual(['1007']);
    // editor-1 tagged 1009 legal; the owner did not.
    expect(await search('theme:legal ')).toEqual(model((f) => f.themes.includes('legal')));
    expect(await search('theme:legal ')).not.toContain('1009');
    expect(await search('theme:tone theme:warnings ')).toEqual(model((f) => f.themes.includes('tone') || f.themes.includes('own-1')));
  });

  it('a theme: no theme matches finds nothing, and unknownThemes says which', async () => {
    expect(await search('theme:unicorns ')).toEqual([]);
    expect(unknownThemes(parseSearch('theme:unicorns theme:tone ').query, THEMES)).toEqual(['unicorns']);
    expect(matchThemes('pre-election', [{ id: 'preElection', name: 'Pre-election period' }])).toEqual(['preElection']);
  });

  it('since: and until: take whole days in this time zone; no posted time never matches', async () => {
    expect(await search('since:2026-01-31 ')).toEqual(['1004', '1003', '1002']);
    expect(await search('since:2026-02-01 ')).toEqual(['1004', '1003']);
    expect(await search('bank until:2026-01-31 ')).toEqual(['1002']);
    expect(await search('bank until:31/1/2026 ')).toEqual(['1002']);
    expect(await search('bank until:1/2/2026 ')).toEqual(['1003', '1002']);
    expect(await search('since:2026-01-10 until:2026-01-11 ')).toEqual(['1008', '1001']);
    expect(await search('since:2025-06-01 until:2025-06-30 ', {}, { sort: 'posted', direction: 'asc' })).toEqual(
      model((f) => f.postedAt >= local(2025, 6, 1, 0) && f.postedAt < local(2025, 7, 1, 0), 'posted', 'asc'),
    );
    expect(await search('until:2030-01-01 ')).toEqual(model((f) => f.postedAt > 0));
  });

  it('has:lesson, has:note and has:media', async () => {
    expect(await search('has:lesson ')).toEqual(model((f) => f.lesson !== ''));
    expect(await search('has:note ')).toEqual(model((f) => f.note !== ''));
    expect(await search('has:media ', {}, { sort: 'posted' })).toEqual(model((f) => f.media, 'posted'));
    expect(await search('has:media has:note ')).toEqual(model((f) => f.media && f.note !== ''));
    expect(await search('bank has:media')).toEqual(['1003']);
  });

  it('is:disagreement finds posts where one contributor says do and another don’t', async () => {
    expect(await search('is:disagreement ')).toEqual(['1012', '1009']);
  });

  it('operators and words together must all hold', async () => {
    expect(await search('from:devoncc verdict:do gri')).toEqual(['1004', '1001']);
    // Once a space follows it, "gri" is a whole word, which no post has.
    expect(await search('gri from:devoncc verdict:do ')).toEqual([]);
    expect(await search('from:devoncc verdict:do kind:tip has:lesson theme:tone since:2026-02-01 gri')).toEqual(['1004']);
    expect(await search('update verdict:dont has:lesson -south')).toEqual(
      model((f) => wordsOf(f).includes('update') && f.verdict === 'dont' && f.lesson !== '' && !wordsOf(f).includes('south')),
    );
  });
});

describe('runSearch: the filter controls', () => {
  it('each filter alone', async () => {
    expect(await search('', { verdict: 'dont' })).toEqual(model((f) => f.verdict === 'dont'));
    expect(await search('', { kind: 'tip' })).toEqual(model((f) => f.kind === 'tip'));
    expect(await search('', { themeId: 'legal' })).toEqual(model((f) => f.themes.includes('legal')));
    expect(await search('', { authorType: 'council' })).toEqual(model((f) => f.authorType === 'council'));
    expect(await search('', { permission: 'refused' })).toEqual(model((f) => f.permission === 'refused'));
    expect(await search('', { hasLesson: true })).toEqual(model((f) => f.lesson !== ''));
    expect(await search('', { disagreement: true })).toEqual(['1012', '1009']);
    expect(await search('', { postedFrom: '2026-01-31' })).toEqual(['1004', '1003', '1002']);
    expect(await search('bank', { postedTo: '2026-01-31' })).toEqual(['1002']);
  });

  it('filters left empty ask for nothing', async () => {
    expect(await search('', { verdict: null, kind: null, themeId: '', postedFrom: '', postedTo: null, hasLesson: false })).toEqual(model(() => true));
  });

  it('filters and the search box must both hold', async () => {
    expect(await search('from:devoncc ', { verdict: 'do' })).toEqual(['1004', '1001']);
    expect(await search('verdict:do ', { verdict: 'dont' })).toEqual([]);
    expect(await search('theme:tone ', { themeId: 'emergencies' })).toEqual(model((f) => f.themes.includes('tone') && f.themes.includes('emergencies')));
    expect(await search('since:2026-01-01 ', { postedTo: '2026-01-10' })).toEqual(['1012', '1011', '1001']);
    expect(await search('since:2026-01-11 ', { postedFrom: '2026-01-06' })).toEqual(['1009', '1008', '1007', '1004', '1003', '1002']);
    const wanted = model((f) => f.kind === 'example' && f.authorType === 'councillor' && f.permission === 'granted', 'posted', 'asc');
    expect(wanted.length).toBeGreaterThan(2);
    expect(await search('update', { kind: 'example', authorType: 'councillor', permission: 'granted' }, { sort: 'posted', direction: 'asc' })).toEqual(wanted);
  });
});

describe('runSearch: what a keystroke costs', () => {
  it('reads index keys and the word table\u2019s records only, never a clipping or an annotation, unless has:note or has:media asks', async () => {
    await search('gri from:devoncc verdict:do kind:tip has:lesson theme:tone since:2026-01-01 author:council permission:notneeded is:disagreement -snow', { themeId: 'tone' });
    expect(calls.length).toBeGreaterThan(0);
    // The words: one range of the word table each, the word's records in every block.
    expect(calls.filter((c) => c.startsWith('wordPosts '))).toEqual(['wordPosts :id records ["gri",null]', 'wordPosts :id records ["snow",null]']);
    expect(calls.filter((c) => !c.includes(' keys') && !c.startsWith('wordPosts :id records '))).toEqual([]);
  });

  it('with a cache, typing one more letter looks up only the word being typed', async () => {
    const cache = new SearchCache(db);
    try {
      const first = await search('snow from:devoncc verdict:dont gr', {}, { cache });
      calls = [];
      const second = await search('snow from:devoncc verdict:dont gri', {}, { cache });
      expect(calls).toEqual(['wordPosts :id records ["gri",null]']);
      expect(first).toEqual(['1008']);
      expect(second).toEqual(['1008']);
      calls = [];
      // Back a letter: nothing to read at all.
      expect(await search('snow from:devoncc verdict:dont gr', {}, { cache })).toEqual(['1008']);
      expect(calls).toEqual([]);
    } finally {
      cache.dispose();
    }
  });

  it('with a cache, has:note reads each annotation once', async () => {
    const cache = new SearchCache(db);
    try {
      expect(await search('has:note', {}, { cache })).toEqual(model((f) => f.note !== ''));
      calls = [];
      expect(await search('has:note ', {}, { cache })).toEqual(model((f) => f.note !== ''));
      expect(calls).toEqual([]);
    } finally {
      cache.dispose();
    }
  });
});

describe('SearchCache', () => {
  let small: ClipperDB;
  beforeEach(async () => {
    small = new ClipperDB(`search-small-${Math.random()}`);
    await build(small, story);
  });
  afterEach(async () => {
    await small.delete();
  });

  it('empties itself when the library changes, and says so, so a new search sees the change', async () => {
    const cache = new SearchCache(small);
    let changes = 0;
    cache.onChange(() => changes++);
    try {
      const run = async (text: string) => (await runSearch(small, parseSearch(text).query, {}, { sort: 'clipped', themes: THEMES, cache })).ids;
      expect(await run('gritting ')).toEqual(['1008', '1001']);
      await removeClipping(small, '1008');
      await vi.waitFor(() => expect(changes).toBeGreaterThan(0));
      expect(await run('gritting ')).toEqual(['1001']);
      await updateAnnotation(small, '1001', { lesson: 'Name the roads' });
      await vi.waitFor(() => expect(changes).toBeGreaterThan(1));
      expect(await run('roads ')).toEqual(['1001']);
      expect((await runSearch(small, parseSearch('').query, {}, { sort: 'clipped', themes: THEMES, cache })).total).toBe(10);
    } finally {
      cache.dispose();
    }
  });

  it('keeps the order by clipped time through changes that leave it, and reads it again for those that do not', async () => {
    const reads: string[] = [];
    const watched = new ClipperDB(`search-watched-${Math.random()}`);
    watched.use({
      stack: 'dbcore',
      name: 'order-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return { ...table, query: (req) => (reads.push(`${name} ${req.query.index.name}`), table.query(req)) };
        },
      }),
    });
    await build(watched, story);
    const cache = new SearchCache(watched);
    let changes = 0;
    cache.onChange(() => changes++);
    const run = async (direction: 'desc' | 'asc', withCache = true) =>
      (await runSearch(watched, parseSearch('').query, {}, { sort: 'clipped', direction, themes: THEMES, cache: withCache ? cache : undefined })).ids;
    const changed = async (write: () => Promise<unknown>) => {
      const seen = changes;
      await write();
      await vi.waitFor(() => expect(changes).toBeGreaterThan(seen));
    };
    const orderReads = () => reads.filter((r) => r === 'clippings [removed+clippedAt]').length;
    try {
      const first = await run('desc');
      await run('asc');
      expect(orderReads()).toBeGreaterThan(0);

      // An annotation, and a clipping written again as it was (as a teammate's verdict writes its vote summary).
      reads.length = 0;
      await changed(() => updateAnnotation(watched, '1003', { verdict: 'do', lesson: 'Say when' }));
      await changed(async () => watched.clippings.put((await watched.clippings.get('1005'))!));
      expect(await run('desc')).toEqual(first);
      expect(await run('asc')).toEqual([...first].reverse());
      expect(orderReads()).toBe(0);

      // Removed, restored, added, moved in time or deleted: the order is read again and is right.
      const ops: Array<[string, () => Promise<unknown>]> = [
        ['removed', () => removeClipping(watched, '1004', 5)],
        ['restored', () => restoreClipping(watched, '1004', 6)],
        ['added', () => saveClipping(watched, makeSnapshot({ postId: '1099' }), 1_000_000)],
        ['moved', async () => watched.clippings.put({ ...(await watched.clippings.get('1002'))!, clippedAt: 1 })],
        ['deleted', () => watched.clippings.delete('1006')],
      ];
      for (const [what, write] of ops) {
        reads.length = 0;
        await changed(write);
        expect(await run('desc'), what).toEqual(await run('desc', false));
        expect(await run('asc'), what).toEqual(await run('asc', false));
        expect(orderReads(), what).toBeGreaterThan(0);
      }
    } finally {
      cache.dispose();
      await watched.delete();
    }
  });

  it('keeps its order right through a long run of random changes (ties in clipped time among them)', async () => {
    const cache = new SearchCache(small);
    let changes = 0;
    cache.onChange(() => changes++);
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const run = async (direction: 'desc' | 'asc', withCache = true) =>
      (await runSearch(small, parseSearch('').query, {}, { sort: 'clipped', direction, themes: THEMES, cache: withCache ? cache : undefined })).ids;
    try {
      let next = 2000;
      for (let step = 0; step < 40; step++) {
        await run('desc');
        await run('asc');
        const ids = (await small.clippings.toCollection().primaryKeys()) as string[];
        const id = ids[random(ids.length)]!;
        const seen = changes;
        switch (random(6)) {
          case 0:
            await small.clippings.put((await small.clippings.get(id))!);
            break;
          case 1:
            await small.clippings.put({ ...(await small.clippings.get(id))!, clippedAt: 1000 * random(4) });
            break;
          case 2:
            await removeClipping(small, id, step);
            break;
          case 3:
            await restoreClipping(small, id, step);
            break;
          case 4:
            await saveClipping(small, makeSnapshot({ postId: String(next++) }), 1000 * random(4));
            break;
          default:
            await updateAnnotation(small, id, { verdict: random(2) ? 'do' : 'dont' });
        }
        await vi.waitFor(() => expect(changes).toBeGreaterThan(seen));
        expect(await run('desc'), `step ${step}`).toEqual(await run('desc', false));
        expect(await run('asc'), `step ${step}`).toEqual(await run('asc', false));
      }
    } finally {
      cache.dispose();
    }
  });

  it('is not emptied by another database', async () => {
    const cache = new SearchCache(small);
    let changes = 0;
    cache.onChange(() => changes++);
    const other = new ClipperDB(`search-other-${Math.random()}`);
    try {
      await saveClipping(other, makeSnapshot(), 1);
      await saveClipping(small, makeSnapshot({ postId: '1013' }), 2);
      await vi.waitFor(() => expect(changes).toBe(1));
    } finally {
      cache.dispose();
      await other.delete();
    }
  });
});
