import { describe, expect, it, vi } from 'vitest';
import { ANN, BEA, CAL, allTexts, clip, councilPost, freshDbsPerTest, postId, residentPost } from '@/tests/unit/bundles';
import { blankOwnerAnnotation } from '@/utils/domain/records';
import { summariseContributors } from '@/utils/domain/team-summary';
import { readBundleBytes } from '@/utils/bundle/import';
import type { Bundle } from '@/utils/bundle/schema';
import { contributorIdOf } from '@/utils/bundle/identity';
import { emptyQuery, parseSearch } from '@/utils/search/parse';
import { annotationsOf, everyVerdict, ownerAnnotationOf, updateAnnotation } from './annotations';
import { changeMany } from './bulk';
import { saveClipping } from './clippings';
import { OWNER, type ClipperDB } from './db';
import { exportLibrary } from './export-source';
import { readGuide } from './guide';
import { applyMerge, planMerge } from './merge';
import { runSearch, type LibraryFilters, type SearchSort } from './search';
import { addTheme } from './themes';

/**
 * A clipping may have no annotation by the owner stored (a bundle's post merged into the library):
 * absent means the owner's blank annotation. Every reader answers the same for a library whose
 * imported clippings have none stored and for the same library with the blank ones stored.
 */

const db = freshDbsPerTest();
const NOW = new Date('2026-11-21T09:00:00Z');

async function exported(library: ClipperDB, contributor = ANN, anonymise = false): Promise<Uint8Array> {
  return (await exportLibrary(library, { scope: { kind: 'all' }, anonymise, includeImages: false, contributor, now: NOW })).bytes;
}

async function bundleOf(library: ClipperDB, contributor = ANN): Promise<Bundle> {
  const read = readBundleBytes(await exported(library, contributor));
  if (!read.ok) throw new Error(read.problem.code);
  return read.bundle;
}

async function ownerRecords(library: ClipperDB): Promise<string[]> {
  return (await library.annotations.toArray()).filter((a) => a.contributorId === OWNER).map((a) => a.postId);
}

/** Ann's library: four posts she judged in different ways, clipped at different times. */
async function annLibrary(): Promise<{ ann: ClipperDB; theme: string }> {
  const ann = db();
  const theme = await addTheme(ann, 'Gritting and snow');
  await clip(ann, councilPost(1, { postedAt: '2026-01-05T10:00:00.000Z' }), { verdict: 'do', kind: 'example', lesson: 'Lead with the change', themes: ['tone', theme], authorType: 'council', permission: 'granted' }, 1_000);
  await clip(ann, residentPost(2, { postedAt: '2026-01-03T10:00:00.000Z' }), { verdict: 'dont', note: 'Be kind', authorType: 'public' }, 2_000);
  await clip(ann, councilPost(3, { postedAt: '2026-01-04T10:00:00.000Z' }), { kind: 'tip' }, 3_000);
  await clip(ann, councilPost(4, { postedAt: '2026-01-01T10:00:00.000Z' }), {}, 4_000);
  return { ann, theme };
}

/**
 * Bea's library: two posts of her own (one judged, one blank) and Ann's four imported. `stored`: the
 * owner's blank annotation of each imported post stored as a record (as a library imported before
 * kept them), dated as the absent one reads.
 */
async function beaLibrary(bundle: Bundle, stored: boolean): Promise<ClipperDB> {
  const bea = db();
  await clip(bea, councilPost(5, { postedAt: '2026-01-02T10:00:00.000Z' }), { verdict: 'do', lesson: 'Mine', note: 'my note', authorType: 'officer', permission: 'asked', forGuide: true }, 500);
  await clip(bea, councilPost(6, { postedAt: '2026-01-06T10:00:00.000Z' }), {}, 600);
  await applyMerge(bea, bundle, BEA);
  if (stored) {
    const clippings = await bea.clippings.toArray();
    const have = new Set(await ownerRecords(bea));
    await bea.annotations.bulkPut(clippings.filter((c) => !have.has(c.postId)).map((c) => blankOwnerAnnotation(c)));
  }
  return bea;
}

async function pair() {
  const { ann, theme } = await annLibrary();
  const bundle = await bundleOf(ann);
  return { ann, theme, bundle, absent: await beaLibrary(bundle, false), stored: await beaLibrary(bundle, true) };
}

const themesOf = async (library: ClipperDB) => (await library.themes.toArray()).map((t) => ({ id: t.id, name: t.name ?? t.id }));

describe('an import writes no blank annotation by the owner', () => {
  it('adds no owner annotation for a new post, and the same votes and search words', async () => {
    const { ann, bundle } = await annLibrary().then(async (l) => ({ ...l, bundle: await bundleOf(l.ann) }));
    const bea = db();
    const plan = await planMerge(bea, bundle, BEA);
    expect(plan).toMatchObject({ newClippings: 4, annotationsToAdd: 4 });
    const result = await applyMerge(bea, bundle, BEA);
    expect(result).toMatchObject({ newClippings: 4, annotationsAdded: 4 });
    expect(await ownerRecords(bea)).toEqual([]);
    expect(await bea.annotations.count()).toBe(4);
    // Words and votes as Ann's library has them (her annotations are Bea's contributor's here).
    for (let i = 1; i <= 4; i++) {
      const [theirs, mine] = [await ann.clippings.get(postId(i)), await bea.clippings.get(postId(i))];
      expect(mine!.words).toEqual(theirs!.words);
      expect({ judged: mine!.judged, agree: mine!.agree, doLead: mine!.doLead, contest: mine!.contest }).toEqual({ judged: theirs!.judged, agree: theirs!.agree, doLead: theirs!.doLead, contest: theirs!.contest });
      expect(await ownerAnnotationOf(bea, postId(i))).toEqual(blankOwnerAnnotation(mine!));
    }
    // The same bundle again adds nothing.
    const before = await Promise.all([bea.clippings.toArray(), bea.annotations.toArray()]);
    expect((await planMerge(bea, bundle, BEA)).nothingToDo).toBe(true);
    expect(await applyMerge(bea, bundle, BEA)).toMatchObject({ newClippings: 0, updatedClippings: 0, annotationsAdded: 0, annotationsUpdated: 0 });
    expect(await Promise.all([bea.clippings.toArray(), bea.annotations.toArray()])).toEqual(before);
  });

  it('finds the posts already here whether the library holds few or many in their range', async () => {
    const ann = db();
    for (const i of [1, 12, 13]) await clip(ann, councilPost(i), { verdict: 'do' }, 10 + i);
    const bundle = await bundleOf(ann);
    // Few: one key read lists the two posts of the range here, and only they are read.
    const few = db();
    for (const i of [1, 12]) await clip(few, councilPost(i), {}, 100 + i);
    const fewReads = vi.spyOn(few.clippings, 'bulkGet');
    expect(await planMerge(few, bundle, BEA)).toMatchObject({ newClippings: 1, existingClippings: 2, annotationsToAdd: 3 });
    expect(fewReads.mock.calls.map(([ids]) => [...ids].sort())).toEqual([[postId(1), postId(12)]]);
    // Many: twelve posts here in the range of the bundle's three, so each of the three is read.
    const many = db();
    for (let i = 1; i <= 12; i++) await clip(many, councilPost(i), {}, 100 + i);
    const manyReads = vi.spyOn(many.clippings, 'bulkGet');
    expect(await planMerge(many, bundle, BEA)).toMatchObject({ newClippings: 1, existingClippings: 2, annotationsToAdd: 3 });
    expect(manyReads.mock.calls.map(([ids]) => [...ids].sort())).toEqual([[postId(1), postId(12), postId(13)]]);
    await applyMerge(many, bundle, BEA);
    expect((await many.annotations.get([postId(12), contributorIdOf(ANN)]))!.verdict).toBe('do');
    expect(await many.clippings.count()).toBe(13);
    expect(await ownerRecords(many)).toHaveLength(12);
  });

  it('a clip of a post already imported keeps it, and writes no blank for it', async () => {
    const { bundle, absent } = await pair();
    expect(await saveClipping(absent, councilPost(3, { counts: { replies: 1, reposts: 2, likes: 700, views: 9000 } }), 9_000)).toEqual({ addedToLibrary: false });
    expect((await absent.clippings.get(postId(3)))!.captures).toHaveLength(2);
    expect(await ownerRecords(absent)).toEqual([postId(5), postId(6)]);
    expect((await ownerAnnotationOf(absent, postId(3)))!.verdict).toBe('undecided');
    expect(await planMerge(absent, bundle, BEA)).toMatchObject({ newClippings: 0, annotationsToAdd: 0, annotationsToUpdate: 0 });
  });

  it('an edit of an imported clipping creates the owner\u2019s annotation, one at a time or many at once', async () => {
    const { absent } = await pair();
    await updateAnnotation(absent, postId(1), { verdict: 'dont' }, OWNER, 10_000);
    expect(await absent.annotations.get([postId(1), OWNER])).toMatchObject({ verdict: 'dont', lesson: '', updatedAt: 10_000 });
    // Ann said do, the owner don't.
    expect((await absent.clippings.get(postId(1)))!.agree).toBe('mixed');
    expect(await changeMany(absent, [postId(2), postId(3), postId(4)], { kind: 'verdict', verdict: 'do' }, 11_000)).toBe(3);
    expect((await ownerRecords(absent)).sort()).toEqual([postId(1), postId(2), postId(3), postId(4), postId(5), postId(6)]);
    expect((await absent.clippings.get(postId(2)))!.agree).toBe('mixed');
    expect((await absent.clippings.get(postId(3)))!.agree).toBe('do');
    // Undecided already: nothing to write, as with a stored blank.
    expect(await changeMany(absent, [postId(6)], { kind: 'verdict', verdict: 'undecided' }, 12_000)).toBe(0);
  });

  it('the team library\u2019s own annotation replaces an absent one when newer than the clip, as it would a stored blank', async () => {
    const { ann } = await annLibrary();
    const bundle = await bundleOf(ann);
    const bea = db();
    await applyMerge(bea, bundle, BEA);
    const clippedAt = (await bea.clippings.get(postId(4)))!.clippedAt;
    const mine = (updatedAt: number, verdict: 'do' | 'dont' | 'undecided') => {
      const c = bundle.clippings.find((x) => x.postId === postId(4))!;
      const own = { ...c.annotations[0]!, contributor: { name: 'someone', organisation: '' }, verdict, updatedAt: new Date(updatedAt).toISOString() };
      return { bundle: { ...bundle, clippings: [{ ...c, annotations: [own] }] }, own: new Set([own]) };
    };
    const older = mine(clippedAt - 1, 'dont');
    expect(await applyMerge(bea, older.bundle, BEA, { own: older.own })).toMatchObject({ annotationsAdded: 0, annotationsUpdated: 0 });
    expect(await bea.annotations.get([postId(4), OWNER])).toBeUndefined();
    const newer = mine(clippedAt + 1, 'dont');
    expect(await applyMerge(bea, newer.bundle, BEA, { own: newer.own })).toMatchObject({ annotationsAdded: 1, annotationsUpdated: 0 });
    expect((await bea.annotations.get([postId(4), OWNER]))!.verdict).toBe('dont');
    expect((await bea.clippings.get(postId(4)))!.judged).toBe(1);
  });
});

describe('absent and stored blank annotations read alike', () => {
  it('searches, filters and sorts', async () => {
    const { absent, stored, theme } = await pair();
    expect(await ownerRecords(absent)).toEqual([postId(5), postId(6)]);
    expect((await ownerRecords(stored)).length).toBe(6);
    const queries = ['verdict:undecided', 'verdict:do', 'verdict:undecided verdict:dont', 'author:notset', 'author:notset author:officer', 'author:public', 'permission:notasked', 'permission:asked', 'permission:notasked permission:granted', 'has:lesson', 'has:note', 'kind:tip', 'theme:tone', 'is:disagreement', 'by:Bea', 'by:Ann', 'agree:do', 'votes:>=1', 'lead', 'lead verdict:undecided'];
    const filters: LibraryFilters[] = [{ verdict: 'undecided' }, { verdict: 'do' }, { authorType: 'notSet' }, { authorType: 'officer' }, { permission: 'notAsked' }, { permission: 'asked' }, { hasLesson: true }, { themeId: theme }, { themeId: 'tone' }, { minVotes: 1 }];
    const sorts: SearchSort[] = ['clipped', 'posted', 'agreed', 'contested'];
    const answers = async (library: ClipperDB) => {
      const themes = await themesOf(library);
      const out: Record<string, string[]> = {};
      const options = { sort: 'clipped' as const, themes, ownerName: BEA.name };
      for (const q of queries) out[q] = (await runSearch(library, parseSearch(`${q} `).query, {}, options)).ids;
      for (const f of filters) out[JSON.stringify(f)] = (await runSearch(library, emptyQuery(), f, options)).ids;
      for (const sort of sorts) for (const direction of ['asc', 'desc'] as const) out[`${sort}-${direction}`] = (await runSearch(library, emptyQuery(), {}, { ...options, sort, direction })).ids;
      return out;
    };
    const [a, s] = [await answers(absent), await answers(stored)];
    expect(a).toEqual(s);
    // Not empty answers: the undecided include the imported posts, and the defaults leave out the owner's own values.
    expect([...a['verdict:undecided']!].sort()).toEqual([postId(1), postId(2), postId(3), postId(4), postId(6)]);
    expect([...a['author:notset']!].sort()).toEqual([postId(1), postId(2), postId(3), postId(4), postId(6)]);
    expect([...a['permission:notasked']!].sort()).toEqual([postId(1), postId(2), postId(3), postId(4), postId(6)]);
    expect(a['has:lesson']).toEqual([postId(5)]);
    expect(a['has:note']).toEqual([postId(5)]);
    expect(a[JSON.stringify({ hasLesson: true })]).toEqual([postId(5)]);
    expect(a['by:Ann']!.length).toBe(2);
  });

  it('the readers of one clipping\u2019s annotations, the guide and the contributors\u2019 summary', async () => {
    const { absent, stored } = await pair();
    for (let i = 1; i <= 6; i++) {
      expect(await ownerAnnotationOf(absent, postId(i))).toEqual(await ownerAnnotationOf(stored, postId(i)));
      expect(await annotationsOf(absent, postId(i))).toEqual(await annotationsOf(stored, postId(i)));
    }
    expect(await ownerAnnotationOf(absent, postId(99))).toBeUndefined();
    const guide = async (library: ClipperDB) => {
      const g = await readGuide(library, ['tone']);
      return { themes: g.themes, examples: [...g.examples.entries()] };
    };
    expect(await guide(absent)).toEqual(await guide(stored));
    expect((await guide(absent)).examples.map(([id]) => id)).toEqual([postId(5)]);
    const verdicts = await everyVerdict(absent);
    const all = (await stored.annotations.toArray()).map(({ postId, contributorId, verdict }) => ({ postId, contributorId, verdict }));
    expect(verdicts).toEqual(all);
    expect(await everyVerdict(stored)).toEqual(all);
    expect(summariseContributors(verdicts)).toEqual(summariseContributors(all));
    expect(summariseContributors(verdicts).find((s) => s.contributorId === OWNER)).toMatchObject({ sent: 6, judged: 1 });
  });

  it('exports: bundle.json, the CSV, the HTML and the Word draft, anonymised or not', async () => {
    const { absent, stored } = await pair();
    for (const anonymise of [false, true]) {
      const [a, s] = [allTexts(await exported(absent, BEA, anonymise)), allTexts(await exported(stored, BEA, anonymise))];
      expect(Object.keys(a).sort()).toEqual(Object.keys(s).sort());
      // The Word document's properties hold the time it was written; its zip differs with them.
      const timed = ['guide-draft.docx', 'guide-draft.docx/docProps/core.xml'];
      for (const name of Object.keys(s)) if (!timed.includes(name)) expect(a[name], name).toEqual(s[name]);
      expect(a['guide-draft.docx/word/document.xml']).toContain('Mine');
    }
    // Every clipping carries the owner's annotation, the blank one dated its clip time.
    const read = readBundleBytes(await exported(absent, BEA));
    if (!read.ok) throw new Error(read.problem.code);
    for (const c of read.bundle.clippings) expect(c.annotations[0]!.contributor).toEqual(BEA);
    const three = read.bundle.clippings.find((c) => c.postId === postId(3))!;
    expect(three.annotations[0]).toMatchObject({ verdict: 'undecided', lesson: '', updatedAt: three.clippedAt });
    expect(three.annotations).toHaveLength(2);
  });

  it('the export of an imported library, imported elsewhere, gives what a library with the blanks stored gives', async () => {
    const { absent, stored } = await pair();
    const [fromAbsent, fromStored] = [await bundleOf(absent, BEA), await bundleOf(stored, BEA)];
    const [one, two] = [db(), db()];
    expect(await applyMerge(one, fromAbsent, CAL)).toEqual(await applyMerge(two, fromStored, CAL));
    const dump = async (d: ClipperDB) => Promise.all([d.clippings.toArray(), d.annotations.toArray(), d.contributors.toArray()]);
    const [x, y] = [await dump(one), await dump(two)];
    expect(x[1]).toEqual(y[1]);
    expect(x[2]).toEqual(y[2]);
    expect(x[0].map((c) => ({ ...c, updatedAt: 0 }))).toEqual(y[0].map((c) => ({ ...c, updatedAt: 0 })));
    // Bea's blank verdicts arrive as hers, undecided, on all six posts; Ann's as Ann's.
    const beaId = contributorIdOf(BEA);
    expect(x[1].filter((a) => a.contributorId === beaId).map((a) => a.verdict).sort()).toEqual(['do', 'undecided', 'undecided', 'undecided', 'undecided', 'undecided']);
    expect(x[1].filter((a) => a.contributorId === contributorIdOf(ANN))).toHaveLength(4);
    // The same bundle again adds nothing; an older export (Bea's blank) never replaces her later verdict.
    expect((await planMerge(one, fromAbsent, CAL)).nothingToDo).toBe(true);
    await updateAnnotation(absent, postId(3), { verdict: 'dont' }, OWNER, Date.parse('2026-11-22T09:00:00Z'));
    const later = await bundleOf(absent, BEA);
    expect(await applyMerge(one, later, CAL)).toMatchObject({ annotationsUpdated: 1 });
    expect(await applyMerge(one, fromAbsent, CAL)).toMatchObject({ annotationsAdded: 0, annotationsUpdated: 0 });
    expect((await one.annotations.get([postId(3), beaId]))!.verdict).toBe('dont');
  });
});
