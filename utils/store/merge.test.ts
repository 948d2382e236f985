import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ANN, BEA, CAL, DEV, clip, councilPost, freshDbsPerTest, postId, residentPost } from '@/tests/unit/bundles';
import { exportLibrary } from './export-source';
import { contributorIdOf } from '@/utils/bundle/identity';
import { readBundleBytes } from '@/utils/bundle/import';
import type { Bundle } from '@/utils/bundle/schema';
import { emptyQuery, parseSearch } from '@/utils/search/parse';
import { runSearch } from '@/utils/store/search';
import { addTheme } from './themes';
import { agreementOf } from '@/utils/domain/agreement';
import { annotationsOf, ownerAnnotationOf, updateAnnotation } from './annotations';
import { OWNER, type ClipperDB } from './db';
import { GROUPS_IN_FLIGHT, MergeStopped, WRITE_GROUP, applyMerge, planMerge } from './merge';
import { failNextWrite, wrapTable } from '@/tests/unit/dbcore';
import { largestStep, seenBetweenTasks } from '@/tests/unit/tasks';
import { countClippings } from './counts';
import { SLICE_STEPS } from './slices';
import * as words from '@/utils/domain/words';

// Counted, not changed: how far a merge's own work has gone (one call for each new post).
let wordCalls = 0;
vi.mock('@/utils/domain/words', async (actual) => {
  const real = await actual<typeof words>();
  return {
    ...real,
    searchWords: (...args: Parameters<typeof real.searchWords>) => {
      wordCalls++;
      return real.searchWords(...args);
    },
  };
});
import { postsWithWord } from './word-index';

const db = freshDbsPerTest();

async function bundleOf(library: ClipperDB, contributor: { name: string; organisation: string }, anonymise = false, now = new Date('2026-11-21T09:00:00Z')): Promise<Bundle> {
  const { bytes } = await exportLibrary(library, { scope: { kind: 'all' }, anonymise, includeImages: false, contributor, now });
  const read = readBundleBytes(bytes);
  if (!read.ok) throw new Error(read.problem.code);
  return read.bundle;
}

async function dump(d: ClipperDB) {
  const [clippings, annotations, themes, contributors, meta, wordPosts] = await Promise.all([d.clippings.toArray(), d.annotations.toArray(), d.themes.toArray(), d.contributors.toArray(), d.meta.toArray(), d.wordPosts.toArray()]);
  return { clippings, annotations, themes, contributors, meta, wordPosts };
}

describe('merging a bundle', () => {
  let ann: ClipperDB;
  let customTheme: string;
  beforeEach(async () => {
    ann = db();
    customTheme = await addTheme(ann, 'Gritting and snow');
    await clip(ann, councilPost(1), { verdict: 'do', kind: 'example', lesson: 'Lead with the change for residents', note: 'Ask comms team', themes: ['tone', customTheme], authorType: 'council', permission: 'granted' });
    await clip(ann, residentPost(2), { verdict: 'dont', lesson: 'Never ignore a complaint', authorType: 'public' });
  });

  it('round trip: export, then import into an empty library, keeps snapshots, annotations and themes', async () => {
    const bundle = await bundleOf(ann, ANN);
    const bea = db();
    await bea.open();
    const plan = await planMerge(bea, bundle, BEA);
    expect(plan).toMatchObject({ newClippings: 2, existingClippings: 0, annotationsToAdd: 2, annotationsToUpdate: 0, nothingToDo: false });
    expect(plan.contributors).toEqual([{ id: contributorIdOf(ANN), name: ANN.name, organisation: ANN.organisation, annotations: 2, isOwner: false }]);
    const result = await applyMerge(bea, bundle, BEA);
    expect(result).toEqual({ newClippings: 2, updatedClippings: 0, annotationsAdded: 2, annotationsUpdated: 0, contributors: [ANN.name] });

    const annId = contributorIdOf(ANN);
    for (const id of [postId(1), postId(2)]) {
      const [mine, theirs] = [await ann.clippings.get(id), await bea.clippings.get(id)];
      expect(theirs!.snapshot).toEqual(mine!.snapshot);
      expect(theirs!.captures).toEqual(mine!.captures);
      expect(theirs!.clippedAt).toBe(mine!.clippedAt);
      expect(theirs!.removed).toBe(0);
      const original = (await ann.annotations.get([id, OWNER]))!;
      const imported = (await bea.annotations.get([id, annId]))!;
      expect({ ...imported, contributorId: OWNER }).toEqual(original);
      // The new library's owner has an undecided annotation of their own.
      expect(await ownerAnnotationOf(bea, id)).toMatchObject({ verdict: 'undecided', lesson: '' });
      // Read as the blank one: no record of it is written.
      expect(await bea.annotations.get([id, OWNER])).toBeUndefined();
    }
    expect(await bea.themes.get(customTheme)).toMatchObject({ name: 'Gritting and snow', builtIn: 0 });
    expect((await bea.themes.toArray()).length).toBe((await ann.themes.toArray()).length);
    expect(await bea.contributors.get(annId)).toEqual({ id: annId, ...ANN });
    // The imported lesson is searchable.
    expect([...(await postsWithWord(bea, 'residents'))]).toEqual([postId(1)]);
  });

  it('importing the same bundle twice adds and changes nothing', async () => {
    const bundle = await bundleOf(ann, ANN);
    const bea = db();
    await applyMerge(bea, bundle, BEA);
    const before = await dump(bea);
    const plan = await planMerge(bea, bundle, BEA);
    expect(plan).toMatchObject({ newClippings: 0, existingClippings: 2, annotationsToAdd: 0, annotationsToUpdate: 0, nothingToDo: true });
    expect(await applyMerge(bea, bundle, BEA)).toEqual({ newClippings: 0, updatedClippings: 0, annotationsAdded: 0, annotationsUpdated: 0, contributors: [] });
    expect(await dump(bea)).toEqual(before);
    expect(await countClippings(bea)).toBe(2);
  });

  it('the owner\u2019s own bundle coming back changes nothing; in a new library it restores their annotations', async () => {
    const bundle = await bundleOf(ann, ANN);
    const before = await dump(ann);
    const plan = await planMerge(ann, bundle, { name: ' ann  EXAMPLE', organisation: 'example borough council' });
    expect(plan.nothingToDo).toBe(true);
    expect(plan.contributors).toEqual([expect.objectContaining({ id: OWNER, isOwner: true, annotations: 2 })]);
    await applyMerge(ann, bundle, ANN);
    expect(await dump(ann)).toEqual(before);

    const laptop = db();
    // The plan for the new library counts the theme of the owner's own that it lacks.
    expect(await planMerge(laptop, bundle, ANN)).toMatchObject({ newClippings: 2, annotationsToAdd: 2, themesToAdd: 1 });
    await applyMerge(laptop, bundle, ANN);
    expect(await laptop.annotations.get([postId(1), OWNER])).toMatchObject({ verdict: 'do', lesson: 'Lead with the change for residents' });
    expect(await laptop.annotations.where('contributorId').notEqual(OWNER).count()).toBe(0);
  });

  it('merges three contributors\u2019 bundles: each verdict under its contributor, the owner\u2019s untouched', async () => {
    const cal = db();
    const dev = db();
    await clip(cal, councilPost(1), { verdict: 'dont', lesson: 'Too informal for a council', authorType: 'council' });
    await clip(cal, councilPost(3), { verdict: 'do', lesson: 'Good use of alt text' });
    await clip(dev, councilPost(1), { verdict: 'do', note: 'Agree with Ann' });
    await clip(dev, councilPost(4), { verdict: 'undecided' });
    // The editor's own library already has post 1, judged.
    const bea = db();
    await clip(bea, councilPost(1), { verdict: 'undecided', lesson: 'My own view', themes: ['legal'] });
    const mine = (await bea.annotations.get([postId(1), OWNER]))!;

    const bundles = [await bundleOf(ann, ANN), await bundleOf(cal, CAL), await bundleOf(dev, DEV)];
    const plans = [];
    for (const b of bundles) {
      plans.push(await planMerge(bea, b, BEA));
      await applyMerge(bea, b, BEA);
    }
    expect(plans.map((p) => [p.newClippings, p.existingClippings, p.annotationsToAdd])).toEqual([
      [1, 1, 2],
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect(await bea.clippings.count()).toBe(4);
    expect(await bea.annotations.get([postId(1), OWNER])).toEqual(mine);
    const one = await annotationsOf(bea, postId(1));
    const verdicts = Object.fromEntries(one.map((a) => [a.contributorId, a.verdict]));
    expect(verdicts).toEqual({ [OWNER]: 'undecided', [contributorIdOf(ANN)]: 'do', [contributorIdOf(CAL)]: 'dont', [contributorIdOf(DEV)]: 'do' });
    expect(agreementOf(one)).toEqual({ do: 2, dont: 1, undecided: 1, disagreement: true });
    expect((await bea.contributors.toArray()).map((c) => c.name).sort()).toEqual([ANN.name, CAL.name, DEV.name]);
    // The disagreement filter finds the post all three judged, and only it.
    const themes = (await bea.themes.toArray()).map((t) => ({ id: t.id, name: t.name ?? t.id }));
    const found = await runSearch(bea, { ...emptyQuery(), disagreement: true }, {}, { sort: 'clipped', themes });
    expect(found.ids).toEqual([postId(1)]);
    // Others' lessons are searchable words of the post.
    expect([...(await postsWithWord(bea, 'informal'))]).toEqual([postId(1)]);
    expect([...(await postsWithWord(bea, 'my'))]).toEqual([postId(1)]);
  });

  it('a newer annotation replaces the contributor\u2019s stored one; an older one is ignored', async () => {
    const bea = db();
    const first = await bundleOf(ann, ANN);
    await applyMerge(bea, first, BEA);
    await updateAnnotation(ann, postId(1), { verdict: 'dont', lesson: 'Changed my mind' }, OWNER, Date.parse('2026-11-22T00:00:00Z'));
    const second = await bundleOf(ann, ANN);
    const plan = await planMerge(bea, second, BEA);
    expect(plan).toMatchObject({ annotationsToAdd: 0, annotationsToUpdate: 1, nothingToDo: false });
    expect(await applyMerge(bea, second, BEA)).toMatchObject({ annotationsUpdated: 1, contributors: [ANN.name] });
    expect(await bea.annotations.get([postId(1), contributorIdOf(ANN)])).toMatchObject({ verdict: 'dont', lesson: 'Changed my mind' });
    expect([...(await postsWithWord(bea, 'mind'))]).toEqual([postId(1)]);
    // The older bundle again: nothing changes.
    expect((await planMerge(bea, first, BEA)).nothingToDo).toBe(true);
    await applyMerge(bea, first, BEA);
    expect(await bea.annotations.get([postId(1), contributorIdOf(ANN)])).toMatchObject({ verdict: 'dont' });
  });

  it('a post already here takes the newer capture\u2019s text and counts, keeps the other text as a version and both captures', async () => {
    const bea = db();
    await clip(bea, councilPost(1, { text: 'My capture of the text', capturedAt: '2026-11-01T00:00:00.000Z', counts: { likes: 5 } }));
    const bundle = await bundleOf(ann, ANN);
    const plan = await planMerge(bea, bundle, BEA);
    expect(plan).toMatchObject({ newClippings: 1, existingClippings: 1, clippingsToUpdate: 1 });
    await applyMerge(bea, bundle, BEA);
    const record = (await bea.clippings.get(postId(1)))!;
    // The texts differ, so the post was edited: the newer capture's text is the snapshot's, whichever
    // library it came from (two libraries merging each other's bundles agree), and the other is kept.
    expect(record.snapshot.text).toBe(councilPost(1).text);
    expect(record.versions).toEqual([{ text: 'My capture of the text', capturedAt: '2026-11-01T00:00:00.000Z' }]);
    expect(record.snapshot.counts).toEqual(councilPost(1).counts);
    expect(record.captures.map((c) => c.capturedAt)).toEqual(['2026-11-01T00:00:00.000Z', councilPost(1).capturedAt]);
    // An older capture from elsewhere is kept in the history but does not replace the counts.
    const older = structuredClone(bundle);
    older.clippings[0]!.snapshot.capturedAt = '2026-10-10T00:00:00.000Z';
    older.clippings[0]!.snapshot.counts = { likes: 1 };
    older.clippings[0]!.captures = [{ capturedAt: '2026-10-10T00:00:00.000Z', pageUrl: '', counts: { likes: 1 } }];
    await applyMerge(bea, older, BEA);
    const after = (await bea.clippings.get(postId(1)))!;
    expect(after.snapshot.counts).toEqual(councilPost(1).counts);
    expect(after.captures.map((c) => c.capturedAt)).toEqual(['2026-10-10T00:00:00.000Z', '2026-11-01T00:00:00.000Z', councilPost(1).capturedAt]);
  });

  it('maps unknown theme ids to a theme of the same name, or adds the theme', async () => {
    const bea = db();
    const own = await addTheme(bea, '  gritting AND snow ');
    const bundle = await bundleOf(ann, ANN);
    expect(bundle.themes.find((t) => t.id === customTheme)?.name).toBe('Gritting and snow');
    await applyMerge(bea, bundle, BEA);
    expect(await bea.themes.get(customTheme)).toBeUndefined();
    expect((await bea.annotations.get([postId(1), contributorIdOf(ANN)]))!.themes).toEqual(['tone', own]);

    const empty = db();
    const renamed = structuredClone(bundle);
    renamed.themes.push({ id: 'own-zzz', name: 'Night shifts' });
    renamed.clippings[0]!.annotations[0]!.themes.push('own-zzz');
    const plan = await planMerge(empty, renamed, BEA);
    expect(plan.themesToAdd).toBe(2);
    await applyMerge(empty, renamed, BEA);
    const added = await empty.themes.bulkGet([customTheme, 'own-zzz']);
    expect(added.map((t) => t?.name)).toEqual(['Gritting and snow', 'Night shifts']);
    expect(added[0]!.order).toBeLessThan(added[1]!.order);
  });

  it("files a bundle's theme named as a built-in theme is named in the user's language under the built-in one", async () => {
    // A Welsh editor's bundle names its own theme as the Welsh reader sees the built-in "tone".
    const bundle = await bundleOf(ann, ANN);
    const welsh = structuredClone(bundle);
    welsh.themes.push({ id: 'own-tone', name: 'Naws a llais' });
    welsh.clippings[0]!.annotations[0]!.themes = ['own-tone'];
    const names = { tone: 'Naws a llais' };

    const bea = db();
    const plan = await planMerge(bea, welsh, BEA, { builtInThemeNames: names });
    expect(plan.themesToAdd).toBe(0);
    await applyMerge(bea, welsh, BEA, { builtInThemeNames: names });
    expect(await bea.themes.get('own-tone')).toBeUndefined();
    expect((await bea.annotations.get([postId(1), contributorIdOf(ANN)]))!.themes).toEqual(['tone']);

    // Without the names (a caller that has none), the built-in themes match by id alone: the theme is added.
    const other = db();
    expect((await planMerge(other, welsh, BEA)).themesToAdd).toBe(1);
    await applyMerge(other, welsh, BEA);
    expect(await other.themes.get('own-tone')).toMatchObject({ name: 'Naws a llais' });
  });

  it('an anonymised bundle merges with the member of the public left anonymous', async () => {
    const bea = db();
    const bundle = await bundleOf(ann, ANN, true);
    await applyMerge(bea, bundle, BEA);
    const resident = (await bea.clippings.get(postId(2)))!;
    expect(resident.snapshot.author.name).toBe('A member of the public');
    expect(resident.snapshot.permalink).toBe(`https://x.com/i/status/${postId(2)}`);
    expect(JSON.stringify(await dump(bea))).not.toMatch(/JaneResident23|Jane Resident/);
  });

  it('is all or nothing: a failure part way leaves the library as it was', async () => {
    const bea = db();
    // The merge's first write of annotations fails, whichever way the merge writes them.
    const full = failNextWrite(bea, 'annotations');
    await clip(bea, councilPost(9), { verdict: 'do', lesson: 'Mine' });
    const before = await dump(bea);
    const bundle = await bundleOf(ann, ANN);
    full.arm();
    await expect(applyMerge(bea, bundle, BEA)).rejects.toThrow('QuotaExceededError');
    expect(full.fired()).toBe(true);
    expect(await dump(bea)).toEqual(before);
    // And it works once the store does.
    await applyMerge(bea, bundle, BEA);
    expect(await bea.clippings.count()).toBe(3);
    expect(await countClippings(bea)).toBe(3);
  });
});

describe('merging a bundle with another text of a post (an edit)', () => {
  const id = postId(1);
  async function withText(text: string, capturedAt: string, versions?: Array<{ text: string; capturedAt: string }>): Promise<Bundle> {
    const ann = db();
    await clip(ann, councilPost(1, { text, capturedAt }), { verdict: 'do' });
    const bundle = await bundleOf(ann, ANN);
    if (versions) bundle.clippings[0]!.versions = versions;
    return bundle;
  }

  it('keeps the newer text as the snapshot and the older as an earlier version, and a second import adds nothing', async () => {
    const bea = db();
    await clip(bea, councilPost(1, { text: 'Bins go out on Monday #lgadigital', capturedAt: '2026-11-01T09:00:00.000Z' }), {});
    const bundle = await withText('Bins go out on Tuesday #lgadigital', '2026-11-02T09:00:00.000Z');
    const result = await applyMerge(bea, bundle, BEA);
    expect(result.updatedClippings).toBe(1);
    const record = (await bea.clippings.get(id))!;
    expect(record.snapshot.text).toBe('Bins go out on Tuesday #lgadigital');
    expect(record.versions).toEqual([{ text: 'Bins go out on Monday #lgadigital', capturedAt: '2026-11-01T09:00:00.000Z' }]);
    expect((await runSearch(bea, parseSearch('monday').query, {}, { sort: 'clipped', themes: [] })).ids).toEqual([id]);

    expect(await planMerge(bea, bundle, BEA)).toMatchObject({ nothingToDo: true });
    expect((await applyMerge(bea, bundle, BEA)).updatedClippings).toBe(0);
  });

  it('keeps its own newer text and remembers the bundle\u2019s older one, with the bundle\u2019s earlier versions', async () => {
    const bea = db();
    await clip(bea, councilPost(1, { text: 'Third text #lgadigital', capturedAt: '2026-11-03T09:00:00.000Z' }), {});
    const bundle = await withText('Second text #lgadigital', '2026-11-02T09:00:00.000Z', [{ text: 'First text #lgadigital', capturedAt: '2026-11-01T09:00:00.000Z' }]);
    await applyMerge(bea, bundle, BEA);
    const record = (await bea.clippings.get(id))!;
    expect(record.snapshot.text).toBe('Third text #lgadigital');
    expect(record.versions?.map((v) => v.text)).toEqual(['First text #lgadigital', 'Second text #lgadigital']);
  });

  it('two libraries that merge each other\u2019s bundles agree on the text and its versions', async () => {
    const ann = db();
    const bea = db();
    await clip(ann, councilPost(1, { text: 'Consultation closes Friday #lgadigital', capturedAt: '2026-11-01T09:00:00.000Z' }), {});
    await clip(bea, councilPost(1, { text: 'Consultation closes Monday #lgadigital', capturedAt: '2026-11-04T09:00:00.000Z' }), {});
    const fromAnn = await bundleOf(ann, ANN);
    const fromBea = await bundleOf(bea, BEA);
    await applyMerge(ann, fromBea, ANN);
    await applyMerge(bea, fromAnn, BEA);
    const [a, b] = [(await ann.clippings.get(id))!, (await bea.clippings.get(id))!];
    expect(a.snapshot.text).toBe('Consultation closes Monday #lgadigital');
    expect(b.snapshot.text).toBe(a.snapshot.text);
    expect(b.versions).toEqual(a.versions);
    expect(a.versions).toEqual([{ text: 'Consultation closes Friday #lgadigital', capturedAt: '2026-11-01T09:00:00.000Z' }]);
  });

  it('a bundle carries a post\u2019s earlier versions, masked as its text when anonymised', async () => {
    const ann = db();
    await clip(ann, residentPost(2, { text: 'Follow @JaneResident23 for bin news', capturedAt: '2026-11-01T09:00:00.000Z' }), { authorType: 'public' });
    await clip(ann, residentPost(2, { text: 'Ask the council about the bins', capturedAt: '2026-11-02T09:00:00.000Z' }), { authorType: 'public' });
    const plain = await bundleOf(ann, ANN);
    expect(plain.clippings[0]!.versions).toEqual([{ text: 'Follow @JaneResident23 for bin news', capturedAt: '2026-11-01T09:00:00.000Z' }]);
    const bea = db();
    await applyMerge(bea, plain, BEA);
    expect((await bea.clippings.get(postId(2)))!.versions).toEqual(plain.clippings[0]!.versions);
    const masked = await bundleOf(ann, ANN, true);
    expect(masked.clippings[0]!.versions![0]!.text).not.toContain('JaneResident23');
  });

  it('takes the whole text over a capture cut short at "Show more", with no version', async () => {
    const bea = db();
    await clip(bea, councilPost(1, { text: 'Budget consultation', truncated: true, capturedAt: '2026-11-03T09:00:00.000Z' }), {});
    const bundle = await withText('Budget consultation open until Friday #lgadigital', '2026-11-01T09:00:00.000Z');
    await applyMerge(bea, bundle, BEA);
    const record = (await bea.clippings.get(id))!;
    expect(record.snapshot.text).toBe('Budget consultation open until Friday #lgadigital');
    expect(record.snapshot.truncated).toBe(false);
    expect(record.versions).toBeUndefined();
  });
});

describe('the guide\u2019s picks in bundles (format version 2)', () => {
  it('carries a contributor\u2019s "For the guide" choice, and imports a version 1 bundle as picking nothing', async () => {
    const ann = db();
    await clip(ann, councilPost(1), { verdict: 'do' });
    await clip(ann, councilPost(2), { verdict: 'dont' });
    await updateAnnotation(ann, postId(1), { forGuide: true });
    const bundle = await bundleOf(ann, ANN);
    expect(bundle.version).toBe(2);
    expect(bundle.clippings.find((c) => c.postId === postId(1))!.annotations[0]!.forGuide).toBe(true);
    expect(bundle.clippings.find((c) => c.postId === postId(2))!.annotations[0]!.forGuide).toBeUndefined();

    const bea = db();
    await applyMerge(bea, bundle, BEA);
    expect((await bea.annotations.get([postId(1), contributorIdOf(ANN)]))!.forGuide).toBe(1);
    // The editor's own picks are theirs: a contributor's choice does not pick for them.
    expect((await ownerAnnotationOf(bea, postId(1)))!.forGuide).toBeUndefined();

    // A version 1 bundle, as an older extension wrote it, still imports.
    const v1 = structuredClone(bundle) as Bundle & { version: number };
    v1.version = 1;
    for (const c of v1.clippings) for (const a of c.annotations) delete a.forGuide;
    const read = readBundleBytes(new TextEncoder().encode(JSON.stringify(v1)));
    expect(read.ok).toBe(true);
    const cal = db();
    expect((await applyMerge(cal, (read as { bundle: Bundle }).bundle, CAL)).newClippings).toBe(2);
    expect((await cal.annotations.get([postId(1), contributorIdOf(ANN)]))!.forGuide).toBeUndefined();
  });

  it('moving a library keeps the owner\u2019s picks', async () => {
    const ann = db();
    await clip(ann, councilPost(1), { verdict: 'do' });
    await updateAnnotation(ann, postId(1), { forGuide: true });
    const moved = db();
    await applyMerge(moved, await bundleOf(ann, ANN), ANN);
    expect((await moved.annotations.get([postId(1), OWNER]))!.forGuide).toBe(1);
  });
});

describe('search words after a merge', () => {
  it('keeps the words of the library\u2019s own lessons when a bundle brings only a newer capture of the post', async () => {
    const bea = db();
    await clip(bea, councilPost(1, { capturedAt: '2026-11-01T09:00:00.000Z' }), { lesson: 'Wheelie bins explained well' });
    const ann = db();
    await clip(ann, councilPost(1, { capturedAt: '2026-11-05T09:00:00.000Z', counts: { likes: 99 } }));
    expect((await applyMerge(bea, await bundleOf(ann, ANN), BEA)).updatedClippings).toBe(1);
    expect((await bea.clippings.get(postId(1)))!.snapshot.counts.likes).toBe(99);
    expect((await runSearch(bea, parseSearch('wheelie').query, {}, { sort: 'clipped', themes: [] })).ids).toEqual([postId(1)]);
  });
});

describe('a long import, told and stoppable', () => {
  /** The bundle with its first clipping copied to `n` posts: enough for more than one group of writes. */
  function widened(bundle: Bundle, n: number): Bundle {
    const first = bundle.clippings[0]!;
    const clippings = Array.from({ length: n }, (_, i) => {
      const id = postId(5000 + i);
      return { ...first, postId: id, snapshot: { ...first.snapshot, postId: id } };
    });
    return { ...bundle, clippings };
  }
  /** How many groups of a table's writes (clippings' unless named) the merge has asked for so far (a put of more than one record each). */
  function groupsAsked(d: ClipperDB, tableName = 'clippings'): () => number {
    let asked = 0;
    wrapTable(d, `count-${tableName}-writes`, tableName, (table) => ({
      mutate: (req) => {
        if (req.type === 'put' && req.values.length > 1) asked++;
        return table.mutate(req);
      },
    }));
    return () => asked;
  }
  const total = WRITE_GROUP + 100;
  let bundle: Bundle;
  beforeEach(async () => {
    const ann = db();
    await clip(ann, councilPost(1), { verdict: 'do', lesson: 'Lead with the change for residents' });
    bundle = widened(await bundleOf(ann, ANN), total);
  });

  it('tells how many clippings are written as the groups complete, rising to all of them', async () => {
    // Told in proportion to the records written: the contributors' annotations, written while the clippings
    // are worked out, then the clippings a group of posts at a time.
    const bea = db();
    const told: Array<[number, number]> = [];
    await applyMerge(bea, bundle, BEA, { onProgress: (done, of) => told.push([done, of]) });
    expect(told[0]).toEqual([0, total]);
    expect(told.at(-1)).toEqual([total, total]);
    expect(told.length).toBeGreaterThan(2);
    for (let i = 1; i < told.length; i++) expect(told[i]![0]).toBeGreaterThan(told[i - 1]![0]);
    expect(told.every(([, of]) => of === total)).toBe(true);
    expect(await bea.clippings.count()).toBe(total);
    expect(await countClippings(bea)).toBe(total);
  });

  it('asks for a few groups ahead, not all at once, so the first group is told before the last is asked for', async () => {
    // Every group asked for at once kept the page busy copying them all (no frame, Cancel unheard) and told
    // nothing until then.
    const groups = GROUPS_IN_FLIGHT + 2;
    const many = widened(bundle, groups * WRITE_GROUP);
    const bea = db();
    const asked = groupsAsked(bea);
    const askedWhenTold: number[] = [];
    await applyMerge(bea, many, BEA, { onProgress: (done) => done > 0 && askedWhenTold.push(asked()) });
    expect(askedWhenTold).toHaveLength(groups);
    expect(askedWhenTold[0]).toBeLessThanOrEqual(GROUPS_IN_FLIGHT);
    expect(askedWhenTold.at(-1)).toBe(groups);
    expect(await countClippings(bea)).toBe(groups * WRITE_GROUP);
  }, 60_000);

  it('asks for each group in a task of its own, so the page can draw and hear Cancel between them', async () => {
    // The first groups were asked for in one task: 1.1 to 2.9 s of copying records at 10,000 on a slow
    // machine, with no frame drawn and Cancel unheard.
    const groups = GROUPS_IN_FLIGHT + 2;
    const many = widened(bundle, groups * WRITE_GROUP);
    const bea = db();
    const asked = groupsAsked(bea);
    // What had been asked for, seen from a task that runs between the others (as a frame or a press would).
    const seen = await seenBetweenTasks(asked, () => applyMerge(bea, many, BEA));
    expect(largestStep(seen)).toBe(1);
    expect(asked()).toBe(groups);
    expect(await countClippings(bea)).toBe(groups * WRITE_GROUP);
  }, 60_000);

  it('works out a large merge a slice at a time, so the page can draw and hear Cancel before the writes begin', async () => {
    // At 50,000 posts, the merge's own work before its first write held the page 0.7 to 2.8 s on a slow machine.
    const many = widened(bundle, 3 * SLICE_STEPS + 10);
    const bea = db();
    wordCalls = 0;
    const seen = await seenBetweenTasks(() => wordCalls, () => applyMerge(bea, many, BEA));
    expect(wordCalls).toBe(3 * SLICE_STEPS + 10);
    expect(largestStep(seen)).toBeLessThanOrEqual(SLICE_STEPS);
  }, 60_000);

  it('plans new posts without working out their search words, and the plan still says what the merge does', async () => {
    // The plan is read before anything is written: its work on each new post's words (the most of it) was
    // the import's, done twice, while IndexedDB waited (docs/performance.md).
    const many = widened(bundle, 50);
    const bea = db();
    wordCalls = 0;
    const plan = await planMerge(bea, many, BEA);
    expect(wordCalls).toBe(0);
    const result = await applyMerge(bea, many, BEA);
    expect(wordCalls).toBe(50);
    expect(plan).toMatchObject({ newClippings: result.newClippings, annotationsToAdd: result.annotationsAdded, annotationsToUpdate: result.annotationsUpdated, nothingToDo: false });
  });

  it('writes the contributors\u2019 annotations while it works out the clippings and the word table', async () => {
    // IndexedDB had little to do for the first fifth of an import while the page worked these out (docs/performance.md).
    const bea = db();
    const order: string[] = [];
    for (const name of ['annotations', 'wordPosts', 'clippings']) {
      wrapTable(bea, `order-${name}`, name, (table) => ({
        mutate: (req) => {
          if (req.type === 'put' && !order.includes(name)) order.push(name);
          return table.mutate(req);
        },
      }));
    }
    await applyMerge(bea, bundle, BEA);
    expect(order).toEqual(['annotations', 'wordPosts', 'clippings']);
    expect(await bea.annotations.count()).toBe(total);
    expect(await countClippings(bea)).toBe(total);
  });

  it('asks for each group of those annotations in a task of its own', async () => {
    const groups = GROUPS_IN_FLIGHT + 2;
    const many = widened(bundle, groups * WRITE_GROUP);
    const bea = db();
    const asked = groupsAsked(bea, 'annotations');
    const seen = await seenBetweenTasks(asked, () => applyMerge(bea, many, BEA));
    expect(largestStep(seen)).toBe(1);
    expect(asked()).toBe(groups);
    expect(await bea.annotations.count()).toBe(groups * WRITE_GROUP);
  }, 60_000);

  it('counts clippings with nothing to write as done at once', async () => {
    const bea = db();
    await applyMerge(bea, bundle, BEA);
    const told: Array<[number, number]> = [];
    await applyMerge(bea, bundle, BEA, { onProgress: (done, of) => told.push([done, of]) });
    expect(told).toEqual([[total, total]]);
  });

  it('stopped part way, rejects as stopped and leaves the library as it was', async () => {
    const bea = db();
    await clip(bea, councilPost(9), { verdict: 'do', lesson: 'Mine' });
    const before = await dump(bea);
    const stop = new AbortController();
    const told: number[] = [];
    const merging = applyMerge(bea, bundle, BEA, {
      signal: stop.signal,
      onProgress: (done) => {
        told.push(done);
        if (done === 0) stop.abort(); // the writes are asked for, none has completed
      },
    });
    await expect(merging).rejects.toBeInstanceOf(MergeStopped);
    expect(told).toEqual([0]);
    expect(await dump(bea)).toEqual(before);
    // And the same bundle imports in full afterwards.
    await applyMerge(bea, bundle, BEA);
    expect(await countClippings(bea)).toBe(total + 1);
  });

  it('stopped before it starts, reads and writes nothing', async () => {
    const bea = db();
    const before = await dump(bea);
    const stop = new AbortController();
    stop.abort();
    await expect(applyMerge(bea, bundle, BEA, { signal: stop.signal })).rejects.toBeInstanceOf(MergeStopped);
    expect(await dump(bea)).toEqual(before);
  });

  it('stopped just after it is called, before its transaction has begun, writes nothing', async () => {
    // The library page asks for the import and the Cancel press can come before IndexedDB starts it.
    const bea = db();
    const before = await dump(bea);
    const stop = new AbortController();
    const merging = applyMerge(bea, bundle, BEA, { signal: stop.signal });
    stop.abort();
    await expect(merging).rejects.toBeInstanceOf(MergeStopped);
    expect(await dump(bea)).toEqual(before);
  });

  it('a stop that comes after the import has finished changes nothing: the import stands', async () => {
    const bea = db();
    const stop = new AbortController();
    const result = await applyMerge(bea, bundle, BEA, { signal: stop.signal });
    stop.abort();
    expect(result.newClippings).toBe(total);
    expect(await countClippings(bea)).toBe(total);
  });
});
