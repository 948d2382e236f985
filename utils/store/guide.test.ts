import { describe, expect, it } from 'vitest';
import { clip, councilPost, freshDbsPerTest, postId, residentPost } from '@/tests/unit/bundles';
import { OWNER } from './db';
import { updateAnnotation } from './annotations';
import { removeClipping } from './clippings';
import { readGuide, saveGuideOrder, saveGuideText } from './guide';

const db = freshDbsPerTest();

describe('the guide in the store', () => {
  it('reads the owner\u2019s picks by theme and verdict, in the editor\u2019s order, with every contributor\u2019s annotation and the theme\u2019s text', async () => {
    const d = db();
    await clip(d, councilPost(1), { verdict: 'do', themes: ['tone'], lesson: 'Plain words' }, 1_000);
    await clip(d, councilPost(2), { verdict: 'do', themes: ['tone'] }, 2_000);
    await clip(d, residentPost(3), { verdict: 'dont', themes: ['tone'] }, 3_000);
    await clip(d, councilPost(4), { verdict: 'do', themes: ['tone'] }, 4_000); // not picked
    for (const i of [1, 2, 3]) await updateAnnotation(d, postId(i), { forGuide: true });
    await updateAnnotation(d, postId(1), { verdict: 'dont', lesson: 'Too long' }, 'c:someone');

    let guide = await readGuide(d, ['tone']);
    expect(guide.themes).toEqual([{ themeId: 'tone', do: [postId(2), postId(1)], dont: [postId(3)], undecided: [] }]);
    expect(guide.examples.get(postId(1))!.annotations.map((a) => [a.contributorId, a.lesson])).toEqual([
      [OWNER, 'Plain words'],
      ['c:someone', 'Too long'],
    ]);

    await saveGuideOrder(d, 'tone', 'do', [postId(1), postId(2)]);
    await saveGuideText(d, 'tone', 'Write as you would speak.');
    guide = await readGuide(d, ['tone']);
    expect(guide.themes[0]!.do).toEqual([postId(1), postId(2)]);
    expect(guide.texts.get('tone')).toBe('Write as you would speak.');

    // Unpicking or removing takes an example out of the guide; the text stays.
    await updateAnnotation(d, postId(1), { forGuide: false });
    await removeClipping(d, postId(3));
    guide = await readGuide(d, ['tone']);
    expect(guide.themes[0]).toEqual({ themeId: 'tone', do: [postId(2)], dont: [], undecided: [] });
    expect(guide.texts.get('tone')).toBe('Write as you would speak.');
    expect((await d.annotations.get([postId(1), OWNER]))!.forGuide).toBeUndefined();
  });
});
