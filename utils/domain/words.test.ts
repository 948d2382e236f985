import { describe, expect, it } from 'vitest';
import { agreeWord, indexWords, judgedWord, judgeWord, MAX_JUDGED, searchWords, tokenise, VOTE_WORD, voteWords } from './words';
import { makeSnapshot } from '@/tests/unit/snapshots';

const say = (contributorId: string, verdict: 'do' | 'dont' | 'undecided') => ({ contributorId, verdict, lesson: '', note: '' });

describe('vote words', () => {
  it('say how a post\u2019s verdicts stand: agreement, count and who, none when nobody judged it', () => {
    expect(voteWords([])).toEqual([]);
    expect(voteWords([say('me', 'undecided'), say('c:ann', 'undecided')])).toEqual([]);
    expect(voteWords([say('me', 'do')])).toEqual([agreeWord('do'), judgedWord(1), judgeWord('me')]);
    expect(voteWords([say('c:bea', 'dont'), say('me', 'undecided'), say('c:ann', 'dont')])).toEqual([agreeWord('dont'), judgedWord(2), judgeWord('c:ann'), judgeWord('c:bea')]);
    expect(voteWords([say('me', 'do'), say('c:ann', 'dont')])).toEqual([agreeWord('mixed'), judgedWord(2), judgeWord('c:ann'), judgeWord('me')]);
  });

  it('come out the same whatever the annotations\u2019 order (a record\u2019s words are compared as they are)', () => {
    const people = ['me', 'c:ann', 'c:bea', 'c:cal', 'c:dee'];
    const annotations = people.map((p, i) => say(p, i % 3 === 0 ? 'dont' : i % 3 === 1 ? 'do' : 'undecided'));
    const words = voteWords(annotations);
    expect(voteWords([...annotations].reverse())).toEqual(words);
    expect(voteWords([annotations[2]!, annotations[0]!, annotations[4]!, annotations[1]!, annotations[3]!])).toEqual(words);
  });

  it('sort by count as the counts do, so that a range of counts is a range of words', () => {
    const counts = [1, 2, 9, 10, 11, 99, 100, 1234, MAX_JUDGED];
    const words = counts.map(judgedWord);
    expect([...words].sort()).toEqual(words);
    expect(judgedWord(MAX_JUDGED + 5)).toBe(judgedWord(MAX_JUDGED));
  });

  it('can never be met by a word typed: tokenise keeps no U+0001', () => {
    expect(tokenise(`${VOTE_WORD}agree:do`)).toEqual(['agree', 'do']);
    expect(tokenise(`x${VOTE_WORD}by:me`)).toEqual(['x', 'by', 'me']);
    for (const w of voteWords([say('me', 'do'), say('c:ann', 'dont')])) expect(w.startsWith(VOTE_WORD)).toBe(true);
  });

  it('follow a clipping\u2019s search words, which they leave as they were', () => {
    const snapshot = makeSnapshot({ postId: '1', text: 'Gritting tonight #lgadigital' });
    const annotations = [{ ...say('me', 'do'), lesson: 'Say when' }];
    expect(indexWords(snapshot, annotations)).toEqual([...searchWords(snapshot, annotations), ...voteWords(annotations)]);
    expect(indexWords(snapshot, [say('me', 'undecided')])).toEqual(searchWords(snapshot, []));
  });
});
