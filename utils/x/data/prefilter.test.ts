import { describe, expect, it } from 'vitest';
import { mayCarryTags } from './prefilter';
import { readTaggedPosts } from './read-response';
import { addTag, everyTweet, requireGraphQLFixtures, responseCopy, responseNames, responseText } from './fixtures.testkit';

const haveFixtures = requireGraphQLFixtures();

describe.skipIf(!haveFixtures)('mayCarryTags on X’s real responses', () => {
  const names = haveFixtures ? responseNames() : [];

  it('says no to every response, none of which carries #lgadigital', () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) expect(mayCarryTags(responseText(name), ['lgadigital']), name).toBe(false);
  });

  it('says yes for every hashtag any post in a response carries, in any letter case', () => {
    let checked = 0;
    for (const name of names) {
      const text = responseText(name);
      const hashtags = new Set<string>();
      for (const tweet of everyTweet(JSON.parse(text))) {
        for (const h of tweet.legacy.entities?.hashtags ?? []) hashtags.add(h.text);
        for (const h of tweet.note_tweet?.note_tweet_results?.result?.entity_set?.hashtags ?? []) hashtags.add(h.text);
      }
      for (const tag of hashtags) {
        checked++;
        expect(mayCarryTags(text, [tag]), `${name} ${tag}`).toBe(true);
        expect(mayCarryTags(text, [`#${tag.toUpperCase()}`]), `${name} ${tag}`).toBe(true);
        expect(mayCarryTags(text, ['lgadigital', tag.toLowerCase()]), `${name} ${tag}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('says yes to a response derived with #lgadigital on one post, however the tag is written', () => {
    for (const name of names) {
      const json = responseCopy(name);
      const tweets = everyTweet(json);
      addTag(tweets[Math.floor(tweets.length / 2)], 'LGADigital');
      const text = JSON.stringify(json);
      for (const tag of ['lgadigital', '#lgadigital', 'LGADIGITAL', ' #LgaDigital ']) expect(mayCarryTags(text, [tag]), `${name} ${tag}`).toBe(true);
      expect(mayCarryTags(text, ['lgadigital2015']), name).toBe(false);
    }
  });

  it('a tag with a non-ASCII letter matches written raw or \\u-escaped, in either case', () => {
    const name = 'twscrape__raw_search.json';
    const json = responseCopy(name);
    addTag(everyTweet(json)[0], 'YnysMôn');
    const raw = JSON.stringify(json);
    expect(raw).toContain('YnysMôn');
    const forms = {
      raw,
      escaped: raw.split('ô').join('\\u00f4'),
      escapedUpperHex: raw.split('ô').join('\\u00F4'),
      capitalEscaped: raw.split('ô').join('\\u00d4'),
      capitalRaw: raw.split('ô').join('Ô'),
    };
    expect(forms.escaped).not.toContain('ô');
    for (const [form, text] of Object.entries(forms)) {
      expect(mayCarryTags(text, ['ynysmôn']), form).toBe(true);
      expect(mayCarryTags(text, ['#YNYSMÔN']), form).toBe(true);
      expect(mayCarryTags(text, ['ynysmon']), form).toBe(false);
    }
    // The reader, after JSON.parse, finds the post in the escaped response as in the raw one.
    expect(readTaggedPosts(JSON.parse(forms.escaped), ['ynysmôn']).size).toBe(1);
    expect(readTaggedPosts(JSON.parse(forms.capitalEscaped), ['YnysMôn']).size).toBe(1);
  });

  it('prints what a test of each response costs (a figure, not a check)', () => {
    for (const name of names) {
      const text = responseText(name);
      mayCarryTags(text, ['lgadigital']);
      const runs = 20;
      const start = performance.now();
      for (let i = 0; i < runs; i++) mayCarryTags(text, ['lgadigital', 'ynysmôn']);
      const ms = (performance.now() - start) / runs;
      console.info(`mayCarryTags: ${name} (${(text.length / 1024 / 1024).toFixed(2)} MiB): ${ms.toFixed(3)} ms`);
    }
  });
});

describe('mayCarryTags on odd input', () => {
  it('says no without tags or without a string, and never throws', () => {
    expect(mayCarryTags('#lgadigital', [])).toBe(false);
    expect(mayCarryTags('#lgadigital', ['', '  ', '#'])).toBe(false);
    for (const odd of [null, undefined, 42, {}, ['#lgadigital'], new String('#lgadigital')]) expect(mayCarryTags(odd, ['lgadigital'])).toBe(false);
    expect(mayCarryTags('#lgadigital', null as unknown as string[])).toBe(false);
    expect(mayCarryTags('#lgadigital', [42, 'lgadigital'] as unknown as string[])).toBe(true);
  });

  it('reads characters that mean something to a regular expression as themselves', () => {
    expect(mayCarryTags('"text":"a.b"', ['a.b'])).toBe(true);
    expect(mayCarryTags('"text":"axb"', ['a.b'])).toBe(false);
    expect(mayCarryTags('"text":"x"', ['(.*)'])).toBe(false);
  });

  it('copes with a huge string', () => {
    const huge = 'x'.repeat(20_000_000);
    expect(mayCarryTags(huge, ['lgadigital'])).toBe(false);
    expect(mayCarryTags(`${huge}#LGAdigital`, ['lgadigital'])).toBe(true);
  });
});
