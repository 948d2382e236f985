import { describe, expect, it } from 'vitest';
import { clip, councilPost, freshDbsPerTest, postId } from '@/tests/unit/bundles';
import { OWNER } from './db';
import { changeMany, setRemoved } from './bulk';
import { savedPostIds } from './clippings';
import { countClippings } from './counts';

const db = freshDbsPerTest();
const ids = (n: number) => Array.from({ length: n }, (_, i) => postId(i + 1));

describe('changes to many clippings at once', () => {
  it('sets a verdict, adds and removes a theme, sets author type and permission on every one given, and no other', async () => {
    const d = db();
    for (let i = 1; i <= 6; i++) await clip(d, councilPost(i), i === 2 ? { verdict: 'do', themes: ['tone'] } : {});
    const chosen = ids(5);
    expect(await changeMany(d, chosen, { kind: 'verdict', verdict: 'do' })).toBe(4); // one was do already
    expect(await changeMany(d, chosen, { kind: 'addTheme', themeId: 'tone' })).toBe(4);
    expect(await changeMany(d, [postId(1), postId(2)], { kind: 'removeTheme', themeId: 'tone' })).toBe(2);
    await changeMany(d, chosen, { kind: 'authorType', authorType: 'council' });
    await changeMany(d, chosen, { kind: 'permission', permission: 'granted' });
    // Every owner's annotation, undecided ones too (which no index lists: utils/store/annotation-index.ts).
    const owner = await d.annotations.filter((a) => a.contributorId === OWNER).sortBy('postId');
    expect(owner.map((a) => [a.verdict, a.themes.join(), a.authorType, a.permission])).toEqual([
      ['do', '', 'council', 'granted'],
      ['do', '', 'council', 'granted'],
      ['do', 'tone', 'council', 'granted'],
      ['do', 'tone', 'council', 'granted'],
      ['do', 'tone', 'council', 'granted'],
      ['undecided', '', 'notSet', 'notAsked'],
    ]);
  });

  it('changes none when the transaction fails part way', async () => {
    const d = db();
    for (let i = 1; i <= 3; i++) await clip(d, councilPost(i));
    const put = d.annotations.bulkPut.bind(d.annotations);
    d.annotations.bulkPut = (() => Promise.reject(new Error('disk full'))) as unknown as typeof put;
    await expect(changeMany(d, ids(3), { kind: 'verdict', verdict: 'dont' })).rejects.toThrow('disk full');
    d.annotations.bulkPut = put;
    expect(await d.annotations.where('[contributorId+decided]').equals([OWNER, 'dont']).count()).toBe(0);
  });

  it('removes many and restores them, telling X tabs through the outbox', async () => {
    const d = db();
    for (let i = 1; i <= 4; i++) await clip(d, councilPost(i));
    await d.outbox.clear();
    expect(await setRemoved(d, ids(3), true)).toEqual(ids(3));
    expect(await savedPostIds(d, ids(4))).toEqual([postId(4)]);
    expect(await countClippings(d)).toBe(1);
    expect(await setRemoved(d, ids(2), true)).toEqual([]); // already removed: the count stays
    expect(await countClippings(d)).toBe(1);
    expect((await d.outbox.toArray()).flatMap((o) => o.changes)).toEqual(ids(3).map((p) => ({ postId: p, saved: false })));
    expect(await setRemoved(d, ids(3), false)).toEqual(ids(3));
    expect(await savedPostIds(d, ids(4))).toEqual(ids(4));
    expect(await countClippings(d)).toBe(4);
  });
});
