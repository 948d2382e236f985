import { describe, expect, it } from 'vitest';
import { arrangeGuide, guideWarnings, moveTo, NO_THEME, type PickedExample } from './guide';

const ex = (postId: string, verdict: PickedExample['verdict'], themes: string[], clippedAt: number): PickedExample => ({ postId, verdict, themes, clippedAt });

describe('arrangeGuide', () => {
  const picked = [ex('1', 'do', ['tone'], 10), ex('2', 'dont', ['tone', 'access'], 20), ex('3', 'do', ['tone'], 30), ex('4', 'undecided', ['access'], 40), ex('5', 'do', [], 50), ex('6', 'dont', ['deleted-theme'], 60)];

  it('lists every theme in order with its picked do and don\u2019t examples, newest clip first until the editor orders them', () => {
    const guide = arrangeGuide(['tone', 'access', 'crisis'], picked, new Map());
    expect(guide).toEqual([
      { themeId: 'tone', do: ['3', '1'], dont: ['2'], undecided: [] },
      { themeId: 'access', do: [], dont: ['2'], undecided: ['4'] },
      { themeId: 'crisis', do: [], dont: [], undecided: [] },
      { themeId: null, do: ['5'], dont: ['6'], undecided: [] },
    ]);
  });

  it('follows the editor\u2019s order, drops ids no longer picked there, and puts new picks after', () => {
    const orders = new Map([
      ['tone', { do: ['1', 'gone', '3'], dont: [] }],
      [NO_THEME, { do: [], dont: ['6'] }],
    ]);
    const more = [...picked, ex('7', 'do', ['tone'], 70)];
    const guide = arrangeGuide(['tone'], more, orders);
    expect(guide[0]).toEqual({ themeId: 'tone', do: ['1', '3', '7'], dont: ['2'], undecided: [] });
    expect(guide[1]).toMatchObject({ themeId: null, dont: ['6'] });
  });

  it('has no group without a theme when every pick has one', () => {
    expect(arrangeGuide(['tone'], [ex('1', 'do', ['tone'], 1)], new Map()).map((t) => t.themeId)).toEqual(['tone']);
  });
});

describe('moveTo', () => {
  it('moves an example up, down, to either end, and no further', () => {
    expect(moveTo(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'c', 'b']);
    expect(moveTo(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveTo(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveTo(['a', 'b', 'c'], 'b', 99)).toEqual(['a', 'c', 'b']);
    expect(moveTo(['a', 'b'], 'x', 0)).toEqual(['a', 'b']);
  });
});

describe('guideWarnings', () => {
  it('warns of a member of the public, an author not yet typed, and a permission not granted', () => {
    expect(guideWarnings('public', 'granted')).toEqual(['memberOfPublic']);
    expect(guideWarnings('notSet', 'notAsked')).toEqual(['authorTypeNotSet', 'permissionNotGranted']);
    expect(guideWarnings('council', 'refused')).toEqual(['permissionNotGranted']);
    expect(guideWarnings('council', 'asked')).toEqual(['permissionNotGranted']);
    expect(guideWarnings('council', 'granted')).toEqual([]);
    expect(guideWarnings('council', 'notNeeded')).toEqual([]);
  });
});
