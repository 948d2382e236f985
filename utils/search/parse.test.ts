import { describe, expect, it } from 'vitest';
import { emptyQuery, isEmptyQuery, parseDay, parseSearch, type SearchQuery } from './parse';

/** The query for `text`, checked to have no problems. */
function q(text: string): SearchQuery {
  const { query, problems } = parseSearch(text);
  expect(problems).toEqual([]);
  return query;
}
const withOnly = (partial: Partial<SearchQuery>): SearchQuery => ({ ...emptyQuery(), ...partial });

describe('parseSearch: words', () => {
  it('an empty or blank box asks for nothing', () => {
    expect(q('')).toEqual(emptyQuery());
    expect(q('   ')).toEqual(emptyQuery());
    expect(isEmptyQuery(q(' '))).toBe(true);
    expect(isEmptyQuery(q('gritting'))).toBe(false);
  });

  it('the last word, while typed, is a beginning; a space after it makes it whole', () => {
    expect(q('gri')).toEqual(withOnly({ prefix: 'gri' }));
    expect(q('gritting ')).toEqual(withOnly({ words: ['gritting'] }));
    expect(q('winter grit')).toEqual(withOnly({ words: ['winter'], prefix: 'grit' }));
  });

  it('folds case and accents, and splits on punctuation as the store does', () => {
    expect(q('Café #LGAdigital @ExampleCncl ')).toEqual(withOnly({ words: ['cafe', 'lgadigital', 'examplecncl'] }));
    expect(q('e-mail')).toEqual(withOnly({ words: ['e'], prefix: 'mail' }));
    expect(q('!!! ')).toEqual(emptyQuery());
  });

  it('a quoted phrase asks for all its words; a closed phrase is complete, an open one is being typed', () => {
    expect(q('"bank holiday"')).toEqual(withOnly({ words: ['bank', 'holiday'] }));
    expect(q('bins “bank holiday” ')).toEqual(withOnly({ words: ['bins', 'bank', 'holiday'] }));
    expect(q('"bank hol')).toEqual(withOnly({ words: ['bank'], prefix: 'hol' }));
    expect(q('"bank hol ')).toEqual(withOnly({ words: ['bank', 'hol'] }));
  });

  it('a minus leaves out a word or a phrase', () => {
    expect(q('gritting -snow')).toEqual(withOnly({ words: ['gritting'], exclude: [['snow']] }));
    expect(q('-"bank holiday" bins ')).toEqual(withOnly({ words: ['bins'], exclude: [['bank', 'holiday']] }));
    expect(q('-Snow -snow -')).toEqual(withOnly({ exclude: [['snow']] }));
  });

  it('an operator it does not know is searched as words', () => {
    expect(q('foo:bar ')).toEqual(withOnly({ words: ['foo', 'bar'] }));
    expect(q('https://x.com/lga')).toEqual(withOnly({ words: ['https', 'x', 'com'], prefix: 'lga' }));
    expect(q('foo:"bar baz" ')).toEqual(withOnly({ words: ['foo', 'bar', 'baz'] }));
  });
});

describe('parseSearch: operators', () => {
  it('from: takes a handle with or without @, in any case', () => {
    expect(q('from:ExampleCncl from:@DevonCC ')).toEqual(withOnly({ from: ['examplecncl', 'devoncc'] }));
    expect(q('FROM:devoncc gritting ')).toEqual(withOnly({ from: ['devoncc'], words: ['gritting'] }));
  });

  it('a from: handle being typed is a beginning', () => {
    expect(q('gritting from:Dev')).toEqual(withOnly({ words: ['gritting'], fromPrefix: 'dev' }));
    expect(q('from:')).toEqual(emptyQuery());
    expect(q('from:@')).toEqual(emptyQuery());
  });

  it('verdict:, kind:, author: and permission: take their values, the same operator twice meaning either', () => {
    expect(q("verdict:do verdict:don't kind:tip ")).toEqual(withOnly({ verdicts: ['do', 'dont'], kinds: ['tip'] }));
    expect(q('verdict:DONT verdict:don’t verdict:undecided kind:examples ')).toEqual(withOnly({ verdicts: ['dont', 'undecided'], kinds: ['example'] }));
    expect(q('author:publicbody author:business author:notset author:Council ')).toEqual(withOnly({ authorTypes: ['publicBody', 'businessOrCharity', 'notSet', 'council'] }));
    expect(q('author:public-body author:"not set" ')).toEqual(withOnly({ authorTypes: ['publicBody', 'notSet'] }));
    expect(q('permission:granted permission:notasked permission:notneeded permission:refused permission:asked ')).toEqual(
      withOnly({ permissions: ['granted', 'notAsked', 'notNeeded', 'refused', 'asked'] }),
    );
  });

  it('an operator value being typed means every value it begins', () => {
    expect(q('verdict:d')).toEqual(withOnly({ verdicts: ['do', 'dont'] }));
    expect(q('verdict:do')).toEqual(withOnly({ verdicts: ['do'] }));
    expect(q('author:coun')).toEqual(withOnly({ authorTypes: ['council', 'councillor'] }));
    expect(q('has:le')).toEqual(withOnly({ hasLesson: true }));
  });

  it('theme: keeps the text as typed, quoted or not', () => {
    expect(q('theme:"Tone  of voice" theme:legal ')).toEqual(withOnly({ themes: ['Tone of voice', 'legal'] }));
    expect(q('theme:“tone of')).toEqual(withOnly({ themes: ['tone of'] }));
    expect(q('theme:tone gritting')).toEqual(withOnly({ themes: ['tone'], prefix: 'gritting' }));
  });

  it('has: and is: must all hold', () => {
    expect(q('has:lesson has:note has:media is:disagreement ')).toEqual(withOnly({ hasLesson: true, hasNote: true, hasMedia: true, disagreement: true }));
  });

  it('since: and until: take ISO or UK (day/month/year) dates; a later one replaces an earlier', () => {
    expect(q('since:2026-01-01 until:2026-02-01 ')).toEqual(withOnly({ since: '2026-01-01', until: '2026-02-01' }));
    expect(q('since:9/10/2014 until:31.12.2014 ')).toEqual(withOnly({ since: '2014-10-09', until: '2014-12-31' }));
    expect(q('since:2026-1-5 since:2026-01-07 ')).toEqual(withOnly({ since: '2026-01-07' }));
  });

  it('operators and words together', () => {
    expect(q('gritting from:devoncc verdict:do -snow "bank holiday" since:2026-01-01 has:lesson theme:tone win')).toEqual(
      withOnly({
        words: ['gritting', 'bank', 'holiday'],
        prefix: 'win',
        exclude: [['snow']],
        from: ['devoncc'],
        verdicts: ['do'],
        since: '2026-01-01',
        hasLesson: true,
        themes: ['tone'],
      }),
    );
  });
});

describe('parseSearch: problems', () => {
  it('says what a date should look like, and keeps the rest of the query', () => {
    const { query, problems } = parseSearch('gritting since:yesterday until:2026-02-30 from:devoncc ');
    expect(problems).toEqual(['since: needs a date like 2026-01-31 or 31/1/2026', 'until: needs a date like 2026-01-31 or 31/1/2026']);
    expect(query).toEqual(withOnly({ words: ['gritting'], from: ['devoncc'] }));
  });

  it('an incomplete date is not a problem while it is being typed, but is once left', () => {
    expect(parseSearch('since:2026-0')).toEqual({ query: emptyQuery(), problems: [] });
    expect(parseSearch('since:2026-0 ').problems).toEqual(['since: needs a date like 2026-01-31 or 31/1/2026']);
    expect(parseSearch('since:2026-01-31')).toEqual({ query: withOnly({ since: '2026-01-31' }), problems: [] });
  });

  it('says which values an operator takes', () => {
    expect(parseSearch('verdict:maybe kind:rule author:mp permission:yes has:photo is:reply ').problems).toEqual([
      'verdict: can be do, dont or undecided',
      'kind: can be tip or example',
      'author: can be council, councillor, officer, publicbody, media, business, public or notset',
      'permission: can be granted, refused, asked, notasked or notneeded',
      'has: can be lesson, note or media',
      'is: can be disagreement',
    ]);
    // A value that nothing begins with is a problem even while typed.
    expect(parseSearch('verdict:x').problems).toEqual(['verdict: can be do, dont or undecided']);
  });

  it('an operator left without a value, or with a bad handle, says so', () => {
    expect(parseSearch('from: gritting').problems).toEqual(['from: needs a handle like from:ExampleCncl']);
    expect(parseSearch('from:not-a-handle ').problems).toEqual(['from: needs a handle like from:ExampleCncl']);
    expect(parseSearch('theme:"" ').problems).toEqual(['theme: needs a theme’s name like theme:tone or theme:"tone of voice"']);
  });

  it('a minus before an operator is not supported, and the operator is ignored', () => {
    const { query, problems } = parseSearch('-from:devoncc gritting ');
    expect(problems).toEqual(['Only words can be left out with a minus, not from:']);
    expect(query).toEqual(withOnly({ words: ['gritting'] }));
  });

  it('since: after until: can match nothing, and says so', () => {
    const { query, problems } = parseSearch('since:2026-03-01 until:1/2/2026 ');
    expect(problems).toEqual(['since:2026-03-01 is after until:2026-02-01, so nothing can match']);
    expect(query).toEqual(withOnly({ since: '2026-03-01', until: '2026-02-01' }));
  });

  it('the same problem twice is said once', () => {
    expect(parseSearch('since:x since:y ').problems).toEqual(['since: needs a date like 2026-01-31 or 31/1/2026']);
  });
});

describe('parseDay', () => {
  it('accepts real days only', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('29/2/2024')).toBe('2024-02-29');
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('0/1/2026')).toBeNull();
    expect(parseDay('1/2/26')).toBeNull();
    expect(parseDay('2026-01-01T10:00')).toBeNull();
  });
});

describe('parseSearch: who agrees', () => {
  it('reads by:, agree: and votes:', () => {
    expect(parseSearch('by:Ann by:"Bea Officer" ').query).toEqual(withOnly({ by: ['Ann', 'Bea Officer'] }));
    expect(parseSearch('agree:do agree:dont ').query).toEqual(withOnly({ agree: ['do', 'dont'] }));
    expect(parseSearch("agree:don't ").query).toEqual(withOnly({ agree: ['dont'] }));
    expect(parseSearch('votes:>=3 ').query).toEqual(withOnly({ votes: { min: 3, max: 100_000 } }));
    expect(parseSearch('votes:>2 ').query.votes).toEqual({ min: 3, max: 100_000 });
    expect(parseSearch('votes:<=2 ').query.votes).toEqual({ min: 0, max: 2 });
    expect(parseSearch('votes:<2 ').query.votes).toEqual({ min: 0, max: 1 });
    expect(parseSearch('votes:4 ').query.votes).toEqual({ min: 4, max: 4 });
    expect(isEmptyQuery(parseSearch('votes:4').query)).toBe(false);
  });

  it('says what to change, but not while a value is still being typed', () => {
    expect(parseSearch('agree:maybe ').problems).toEqual(['agree: can be do or dont']);
    expect(parseSearch('votes:many ').problems).toEqual(['votes: needs a number of contributors like votes:>=3']);
    expect(parseSearch('votes:>=').problems).toEqual([]);
    expect(parseSearch('agree:d').query.agree).toEqual(['do', 'dont']);
    expect(parseSearch('by: ').problems).toEqual(['by: needs a contributor’s name like by:Ann or by:"Ann Example"']);
  });
});
