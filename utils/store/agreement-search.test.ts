import { describe, expect, it } from 'vitest';
import { BEA, freshDbsPerTest, postId } from '@/tests/unit/bundles';
import { makeSnapshot } from '@/tests/unit/snapshots';
import type { Bundle } from '@/utils/bundle/schema';
import { contributorBundle } from '@/tests/unit/team-bundle';
import { parseSearch } from '@/utils/search/parse';
import { applyMerge } from './merge';
import { updateAnnotation } from './annotations';
import { changeMany } from './bulk';
import { runSearch, type LibraryFilters, type SearchOptions } from './search';
import type { ClipperDB } from './db';

const db = freshDbsPerTest();
const COUNT = 30;

/** A bundle of posts 1 to COUNT from one contributor, with a verdict for each. */
function bundleFrom(name: string, verdict: (i: number) => 'do' | 'dont' | 'undecided'): Bundle {
  return contributorBundle({ name, organisation: `${name} Council` }, COUNT, (i) => makeSnapshot({ postId: postId(i), text: `Post ${i} #lgadigital` }), verdict);
}

/** Ann says don't of every third post, Bea of every even one, Cal never judges every fifth and says do otherwise. */
async function threeContributors(): Promise<ClipperDB> {
  const d = db();
  await applyMerge(d, bundleFrom('Ann', (i) => (i % 3 === 0 ? 'dont' : 'do')), BEA);
  await applyMerge(d, bundleFrom('Bea', (i) => (i % 2 === 0 ? 'dont' : 'do')), { name: 'Someone Else', organisation: '' });
  await applyMerge(d, bundleFrom('Cal', (i) => (i % 5 === 0 ? 'undecided' : 'do')), BEA);
  return d;
}

const options: SearchOptions = { sort: 'clipped', themes: [], ownerName: 'Owen Owner' };
const count = async (d: ClipperDB, text: string, filters: LibraryFilters = {}, more: Partial<SearchOptions> = {}) => (await runSearch(d, parseSearch(text).query, filters, { ...options, ...more })).ids;
const posts = (pred: (i: number) => boolean) => Array.from({ length: COUNT }, (_, n) => n + 1).filter(pred);
const idsOf = (nums: number[]) => nums.map(postId).sort();

describe('who agrees: by:, agree:, votes: and the agreement sorts', () => {
  it('finds what a contributor judged, what everyone agrees on, and how many judged', async () => {
    const d = await threeContributors();
    expect((await count(d, 'by:ann')).length).toBe(COUNT);
    expect((await count(d, 'by:"Cal"')).sort()).toEqual(idsOf(posts((i) => i % 5 !== 0)));
    expect(await count(d, 'by:nobody')).toEqual([]);
    expect((await count(d, 'agree:do')).sort()).toEqual(idsOf(posts((i) => i % 2 === 1 && i % 3 !== 0)));
    expect((await count(d, 'agree:dont')).sort()).toEqual(idsOf(posts((i) => i % 30 === 0)));
    expect((await count(d, 'votes:>=3')).sort()).toEqual(idsOf(posts((i) => i % 5 !== 0)));
    expect((await count(d, 'votes:2')).sort()).toEqual(idsOf(posts((i) => i % 5 === 0)));
    expect(await count(d, 'votes:>3')).toEqual([]);
    // The filters do the same.
    expect((await count(d, '', { by: 'Cal', agree: 'do', minVotes: 3 })).sort()).toEqual(idsOf(posts((i) => i % 2 === 1 && i % 3 !== 0 && i % 5 !== 0)));
  });

  it('keeps the counts right as verdicts change: one at a time, many at once, and the owner\u2019s own by their name', async () => {
    const d = await threeContributors();
    await updateAnnotation(d, postId(1), { verdict: 'dont' });
    expect(await count(d, 'agree:do')).not.toContain(postId(1));
    expect(await count(d, 'votes:4')).toEqual([postId(1)]);
    expect(await count(d, 'by:owen')).toEqual([postId(1)]);
    await changeMany(d, [postId(2), postId(4)], { kind: 'verdict', verdict: 'dont' });
    expect((await count(d, 'by:owen')).sort()).toEqual(idsOf([1, 2, 4]));
    await updateAnnotation(d, postId(1), { verdict: 'undecided' });
    expect(await count(d, 'agree:do')).toContain(postId(1));
  });

  it('orders by most agreed do and by most contested', async () => {
    const d = await threeContributors();
    const agreed = await count(d, '', {}, { sort: 'agreed' });
    // Three do (odd, not a multiple of 3 or 5) first; then fewer, with don'ts last.
    expect(agreed.slice(0, 3).every((id) => [1, 7, 11, 13, 17, 19, 23, 29].map(postId).includes(id))).toBe(true);
    expect(agreed.at(-1)).toBe(postId(30));
    const contested = await count(d, '', {}, { sort: 'contested' });
    // Contested: both do and don't said. Post 6: Ann don't, Bea don't, Cal do (1 against 2).
    expect(contested.indexOf(postId(6))).toBeLessThan(contested.indexOf(postId(1)));
  });
});
