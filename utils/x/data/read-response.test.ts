import { describe, expect, it } from 'vitest';
import { readTaggedPosts, type XPostData } from './read-response';
import { mayCarryTags } from './prefilter';
import { MAX_ITEMS, MAX_TEXT } from './limits';
import { addTag, everyTweet, isRepost, requireGraphQLFixtures, responseCopy, responseNames, responseText } from './fixtures.testkit';

const haveFixtures = requireGraphQLFixtures();
const TAG = 'lgadigital';

// --- expectations read simply from the JSON --------------------------------------------------

/** A quoted post's Tweet object, through X's visibility wrapper. */
function quotedOf(tweet: any): any {
  const r = tweet.quoted_status_result?.result;
  return r?.legacy ? r : r?.tweet?.legacy ? r.tweet : undefined;
}

function hashtagsOf(tweet: any): string[] {
  return [
    ...(tweet.legacy.entities?.hashtags ?? []).map((h: any) => h.text),
    ...(tweet.note_tweet?.note_tweet_results?.result?.entity_set?.hashtags ?? []).map((h: any) => h.text),
  ];
}

const carriesTag = (tweet: any, tags: string[]) => hashtagsOf(tweet).some((h) => tags.includes(h.toLowerCase()));

/** The binding value of a card, by key, as the JSON has it. */
function binding(tweet: any, key: string): any {
  return tweet.card.legacy.binding_values.find((b: any) => b.key === key)?.value;
}

/** What differs between a record and the Tweet object it was read from (empty when they agree). */
function differences(record: XPostData, tweet: any): string[] {
  const out: string[] = [];
  const check = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${what}: got ${JSON.stringify(got)?.slice(0, 200)}, want ${JSON.stringify(want)?.slice(0, 200)}`);
  };
  const legacy = tweet.legacy;
  const note = tweet.note_tweet?.note_tweet_results?.result;
  check('text', record.text, note ? note.text : legacy.full_text);
  check('long', record.long, Boolean(note));
  const entities = note ? note.entity_set : legacy.entities;
  check('hashtags', record.entities.hashtags, (entities?.hashtags ?? []).map((h: any) => h.text));
  check('mentions', record.entities.mentions, (entities?.user_mentions ?? []).map((m: any) => m.screen_name));
  check(
    'urls',
    record.entities.urls.map((u) => [u.url, u.expandedUrl]),
    (entities?.urls ?? []).map((u: any) => [u.url, u.expanded_url.startsWith('https://') ? u.expanded_url : undefined]),
  );
  check('counts', record.counts, {
    replies: legacy.reply_count,
    reposts: legacy.retweet_count,
    likes: legacy.favorite_count,
    quotes: legacy.quote_count,
    bookmarks: legacy.bookmark_count,
    ...(tweet.views?.count !== undefined ? { views: Number(tweet.views.count) } : {}),
  });
  const media = legacy.extended_entities?.media ?? [];
  check('media types', record.media.map((m) => m.type), media.map((m: any) => (m.type === 'animated_gif' ? 'gif' : m.type)));
  check('media urls', record.media.map((m) => m.url), media.map((m: any) => m.media_url_https));
  check('alt text', record.media.map((m) => m.alt), media.map((m: any) => m.ext_alt_text ?? undefined));
  check(
    'video variants',
    record.media.map((m) => m.variants?.map((v) => [v.contentType, v.bitrate, v.url])),
    media.map((m: any) => m.video_info?.variants.map((v: any) => [v.content_type, v.bitrate, v.url])),
  );
  check('posters', record.media.map((m) => m.poster), media.map((m: any) => (m.video_info ? m.media_url_https : undefined)));
  if (tweet.card?.legacy) {
    check('card name', record.card?.name, tweet.card.legacy.name);
    check('card url', record.card?.url, tweet.card.legacy.url);
    check('card title', record.card?.title, binding(tweet, 'title')?.string_value);
    check('card description', record.card?.description, binding(tweet, 'description')?.string_value);
    check('card domain', record.card?.domain, (binding(tweet, 'domain') ?? binding(tweet, 'vanity_url'))?.string_value);
    const link = [...(legacy.entities?.urls ?? []), ...(note?.entity_set?.urls ?? [])].find((u: any) => u.url === binding(tweet, 'card_url')?.string_value);
    check('card destination', record.card?.destination, link?.expanded_url.startsWith('https://') ? link.expanded_url : undefined);
    const images = tweet.card.legacy.binding_values.filter((b: any) => b.value.image_value).map((b: any) => b.value.image_value.url);
    if (images.length > 0 && !images.includes(record.card?.imageUrl)) out.push(`card image ${record.card?.imageUrl} is not one of the card's`);
  } else check('card', record.card, undefined);
  const control = tweet.edit_control;
  const info = control?.edit_control_initial ?? control;
  check('edit ids', record.edits?.ids, info?.edit_tweet_ids);
  check('initial id', record.edits?.initialId, control?.initial_tweet_id ?? info?.edit_tweet_ids?.[0]);
  check('editable until', record.edits?.editableUntil, info ? new Date(Number(info.editable_until_msecs)).toISOString() : undefined);
  check('edits remaining', record.edits?.remaining, info ? Number(info.edits_remaining) : undefined);
  check('reply to', [record.replyToId, record.replyToHandle], [legacy.in_reply_to_status_id_str, legacy.in_reply_to_screen_name]);
  check('conversation', record.conversationId, legacy.conversation_id_str);
  check('created', record.createdAt, new Date(legacy.created_at).toISOString());
  check('lang', record.lang, legacy.lang);
  const user = tweet.core.user_results.result;
  check('author', [record.author?.id, record.author?.name, record.author?.handle, record.author?.blueVerified], [user.rest_id, user.core.name, user.core.screen_name, user.is_blue_verified]);
  check('verified type', record.author?.verifiedType, user.verification?.verified_type);
  const label = user.affiliates_highlighted_label?.label;
  check('label', record.author?.label, label ? { text: label.description, url: label.url?.url } : undefined);
  check('quoted id', record.quotedId, quotedOf(tweet)?.rest_id ?? legacy.quoted_status_id_str);
  return out;
}

/** The record agrees with one of the times the post appears in the response (a post may appear twice). */
function expectAgrees(record: XPostData | undefined, occurrences: any[], label: string): void {
  expect(record, label).toBeDefined();
  const diffs = occurrences.map((t) => differences(record!, t));
  const best = diffs.reduce((a, b) => (b.length < a.length ? b : a));
  expect(best, label).toEqual([]);
}

function byId(tweets: any[]): Map<string, any[]> {
  const map = new Map<string, any[]>();
  for (const t of tweets) map.set(t.rest_id, [...(map.get(t.rest_id) ?? []), t]);
  return map;
}

// --- the real responses ------------------------------------------------------------------------

describe.skipIf(!haveFixtures)('readTaggedPosts on X’s real responses', () => {
  const names = haveFixtures ? responseNames() : [];

  it('untagged responses give nothing', () => {
    for (const name of names) expect(readTaggedPosts(responseCopy(name), [TAG]).size, name).toBe(0);
  });

  it('every long post, tagged, is read with its whole note text', () => {
    let longPosts = 0;
    for (const name of names) {
      const json = responseCopy(name);
      const notes = everyTweet(json).filter((t) => t.note_tweet && !isRepost(t));
      for (const t of notes) addTag(t, TAG);
      const read = readTaggedPosts(json, [TAG]);
      const expected = byId(notes);
      if (name === 'twscrape__raw_list_timeline.json') expect(expected.size).toBe(28);
      for (const [id, occurrences] of expected) {
        const record = read.get(id);
        const note: string = occurrences[0].note_tweet.note_tweet_results.result.text;
        expect(record?.text, `${name} ${id}`).toBe(note);
        expect(record?.long).toBe(true);
        expect(record!.text.length).toBeGreaterThan(occurrences[0].legacy.full_text.length);
        expectAgrees(record, occurrences, `${name} ${id}`);
        longPosts++;
      }
    }
    expect(longPosts).toBeGreaterThanOrEqual(40);
  });

  it('the long search result: 1,013 characters, where the timeline text is cut', () => {
    const json = responseCopy('twscrape__raw_search.json');
    const original = everyTweet(responseCopy('twscrape__raw_search.json')).find((t) => t.note_tweet?.note_tweet_results.result.text.length === 1013);
    expect(original).toBeDefined();
    const tweet = everyTweet(json).find((t) => t.rest_id === original.rest_id);
    // Tagged by a hashtag entity alone, so the text stays as X sent it.
    tweet.note_tweet.note_tweet_results.result.entity_set.hashtags.push({ indices: [0, 0], text: 'LGAdigital' });
    const record = readTaggedPosts(json, ['#lgadigital']).get(original.rest_id);
    expect(record?.text).toBe(original.note_tweet.note_tweet_results.result.text);
    expect(record?.text.length).toBe(1013);
    expect(original.legacy.full_text.length).toBeLessThan(1013);
  });

  it('every post tagged: quote counts, cards, video variants, alt text, authors and the rest match the JSON', () => {
    const seen = { cards: 0, videos: 0, alt: 0, government: 0, business: 0, labels: 0, replies: 0, edited: new Set<string>() };
    for (const name of names) {
      const json = responseCopy(name);
      const tweets = everyTweet(json);
      for (const t of tweets) addTag(t, TAG);
      const read = readTaggedPosts(json, [TAG], { maxPosts: 1_000 });
      const shown = byId(tweets.filter((t) => !isRepost(t)));
      for (const [id, occurrences] of shown) {
        const record = read.get(id);
        expectAgrees(record, occurrences, `${name} ${id}`);
        if (record!.card) seen.cards++;
        if (record!.media.some((m) => m.variants?.length)) seen.videos++;
        if (record!.media.some((m) => m.alt)) seen.alt++;
        if (record!.author?.verifiedType === 'Government') seen.government++;
        if (record!.author?.verifiedType === 'Business') seen.business++;
        if (record!.author?.label) seen.labels++;
        if (record!.replyToId) seen.replies++;
        if (record!.edits && record!.edits.ids.length > 1) seen.edited.add(id);
      }
      // Reposts are kept as the post they show, never under the repost's own id.
      for (const t of tweets.filter(isRepost)) expect(read.has(t.rest_id), `${name} repost ${t.rest_id}`).toBe(shown.has(t.rest_id));
    }
    expect(seen.cards).toBeGreaterThan(20);
    expect(seen.videos).toBeGreaterThan(10);
    expect(seen.alt).toBeGreaterThanOrEqual(1);
    expect(seen.government).toBeGreaterThanOrEqual(1);
    expect(seen.business).toBeGreaterThanOrEqual(1);
    expect(seen.labels).toBeGreaterThanOrEqual(1);
    expect(seen.replies).toBeGreaterThanOrEqual(1);
    expect(seen.edited.size).toBe(4);
  });

  it('the four edited posts carry every version’s id and the first one’s', () => {
    const edited = names.flatMap((name) =>
      everyTweet(responseCopy(name))
        .filter((t) => (t.edit_control?.edit_control_initial ?? t.edit_control)?.edit_tweet_ids?.length > 1)
        .map((t) => [name, t] as const),
    );
    expect(new Set(edited.map(([, t]) => t.rest_id)).size).toBe(4);
    for (const [name, tweet] of edited) {
      const json = responseCopy(name);
      const copy = everyTweet(json).find((t) => t.rest_id === tweet.rest_id);
      addTag(copy, TAG);
      const record = readTaggedPosts(json, [TAG]).get(tweet.rest_id);
      const info = tweet.edit_control.edit_control_initial ?? tweet.edit_control;
      expect(record?.edits?.ids).toEqual(info.edit_tweet_ids);
      expect(record?.edits?.initialId).toBe(tweet.edit_control.initial_tweet_id ?? info.edit_tweet_ids[0]);
      expect(record?.edits?.ids).toContain(record?.edits?.initialId);
    }
  });

  it('a tag only in the quoted post counts (the list post quoting #Berlin)', () => {
    const json = responseCopy('twscrape__raw_list_timeline.json');
    const outer = everyTweet(json).find((t) => t.rest_id === '2085431037140570220');
    const quoted = quotedOf(outer);
    expect(hashtagsOf(outer)).not.toContain('Berlin');
    expect(hashtagsOf(quoted)).toContain('Berlin');
    const read = readTaggedPosts(json, ['berlin']);
    const record = read.get('2085431037140570220');
    expect(record?.taggedIn).toBe('quoted');
    expect(record?.quotedId).toBe(quoted.rest_id);
    expect(read.get(quoted.rest_id)?.taggedIn).toBe('own');
    expect(read.get(quoted.rest_id)?.entities.hashtags).toContain('Berlin');
  });

  it('with the responses’ own hashtags, exactly the posts that carry them (or quote one that does) are kept', () => {
    for (const name of names) {
      const json = responseCopy(name);
      const tweets = everyTweet(json);
      const tags = [...new Set(tweets.flatMap(hashtagsOf).map((h) => h.toLowerCase()))];
      const read = readTaggedPosts(json, tags, { maxPosts: 1_000 });
      const expected = new Set<string>();
      for (const t of tweets.filter((x) => !isRepost(x))) {
        const q = quotedOf(t);
        if (carriesTag(t, tags) || (q && carriesTag(q, tags))) expected.add(t.rest_id);
      }
      expect([...read.keys()].sort(), name).toEqual([...expected].sort());
      for (const [id, record] of read) {
        const t = tweets.find((x) => x.rest_id === id);
        expect(record.taggedIn, `${name} ${id}`).toBe(carriesTag(t, tags) ? 'own' : 'quoted');
      }
    }
  });

  it('keeps only https addresses', () => {
    const json = responseCopy('twscrape__raw_list_timeline.json');
    const tweets = everyTweet(json).filter((t) => !isRepost(t) && t.legacy.entities.urls?.some((u: any) => u.expanded_url.startsWith('http://')));
    expect(tweets.length).toBeGreaterThan(0);
    for (const t of tweets) addTag(t, TAG);
    const read = readTaggedPosts(json, [TAG]);
    for (const t of tweets) {
      const record = read.get(t.rest_id)!;
      for (const link of record.entities.urls) expect(link.expandedUrl ?? 'https://').toMatch(/^https:\/\//);
      expect(record.entities.urls.length).toBe(t.legacy.entities.urls.length);
    }
  });

  it('prints what parsing and reading the largest response costs (a figure, not a check)', () => {
    const json = responseCopy('twscrape__raw_list_timeline.json');
    for (const t of everyTweet(json).filter((x) => x.note_tweet)) addTag(t, TAG);
    // X sends compact JSON; the saved file is indented, so both are measured.
    for (const [form, text] of [['compact', JSON.stringify(json)], ['indented as saved', JSON.stringify(json, null, 2)]] as const) {
      const runs = 5;
      let kept = 0;
      const start = performance.now();
      for (let i = 0; i < runs; i++) {
        if (mayCarryTags(text, [TAG])) kept = readTaggedPosts(JSON.parse(text), [TAG]).size;
      }
      const ms = (performance.now() - start) / runs;
      const parsed = JSON.parse(text);
      const walkStart = performance.now();
      const read = readTaggedPosts(parsed, [TAG]);
      const walkMs = performance.now() - walkStart;
      const sizes = [...read.values()].map((r) => JSON.stringify(r).length).sort((a, b) => a - b);
      console.info(
        `test + parse + read, ${form}: ${(text.length / 1024 / 1024).toFixed(2)} MiB, ${kept} posts kept, ${ms.toFixed(1)} ms (read alone ${walkMs.toFixed(2)} ms); ` +
          `records ${sizes[0]} to ${sizes[sizes.length - 1]} B as JSON (median ${sizes[sizes.length >> 1]} B)`,
      );
    }
    expect(responseText('twscrape__raw_list_timeline.json').length).toBeGreaterThan(3_000_000);
  });
});

// --- shapes the fixtures lack, and odd input ---------------------------------------------------

/** A minimal Tweet in X's GraphQL shape. */
function tweet(id: string, extra: Record<string, unknown> = {}, legacy: Record<string, unknown> = {}): any {
  return {
    __typename: 'Tweet',
    rest_id: id,
    core: { user_results: { result: { __typename: 'User', rest_id: '99', core: { name: 'Cyngor', screen_name: 'cyngor' }, is_blue_verified: false } } },
    legacy: {
      full_text: 'Diolch #lgadigital',
      created_at: 'Tue Jun 10 09:30:00 +0100 2014',
      entities: { hashtags: [{ text: 'lgadigital', indices: [7, 18] }], urls: [], user_mentions: [] },
      favorite_count: 1,
      ...legacy,
    },
    ...extra,
  };
}

/** A SearchTimeline-shaped response around some tweet results. */
function timeline(...results: unknown[]): any {
  return {
    data: {
      search_by_raw_query: {
        search_timeline: {
          timeline: {
            instructions: [
              { type: 'TimelineAddEntries', entries: results.map((result, i) => ({ entryId: `tweet-${i}`, content: { itemContent: { tweet_results: { result } } } })) },
            ],
          },
        },
      },
    },
  };
}

describe('readTaggedPosts on shapes the saved responses lack', () => {
  it('a Community Note, a poll, a visibility wrapper, a pinned entry and a module added later', () => {
    const pivot = {
      title: 'Readers added context they thought people might want to know',
      shorttitle: 'Readers added context',
      subtitle: { text: 'The council did not say this.', entities: [] },
      note: { rest_id: '1680000000000000001' },
      destinationUrl: 'https://x.com/i/birdwatch/n/1680000000000000001',
    };
    const choices = [
      { key: 'choice1_label', value: { type: 'STRING', string_value: 'Ie' } },
      { key: 'choice1_count', value: { type: 'STRING', string_value: '12' } },
      { key: 'choice2_label', value: { type: 'STRING', string_value: 'Na' } },
      { key: 'choice2_count', value: { type: 'STRING', string_value: '3' } },
      { key: 'counts_are_final', value: { type: 'BOOLEAN', boolean_value: true } },
      { key: 'end_datetime_utc', value: { type: 'STRING', string_value: '2014-06-11T09:30:00Z' } },
    ];
    const json = timeline(
      tweet('1', { birdwatch_pivot: pivot }),
      { __typename: 'TweetWithVisibilityResults', tweet: tweet('2', { card: { legacy: { name: 'poll2choice_text_only', url: 'https://t.co/poll', binding_values: choices } } }) },
      { __typename: 'TweetTombstone', tombstone: {} },
    );
    json.data.search_by_raw_query.search_timeline.timeline.instructions.push(
      { type: 'TimelinePinEntry', entry: { content: { itemContent: { tweet_results: { result: tweet('3') } } } } },
      { type: 'TimelineAddToModule', moduleItems: [{ entryId: 'm', item: { itemContent: { tweet_results: { result: tweet('4') } } } }] },
    );
    const read = readTaggedPosts(json, [TAG]);
    expect([...read.keys()]).toEqual(['1', '2', '3', '4']);
    expect(read.get('1')?.communityNote).toEqual({ id: pivot.note.rest_id, title: pivot.title, subtitle: pivot.subtitle.text, url: pivot.destinationUrl });
    expect(read.get('2')?.card?.poll).toEqual({
      choices: [
        { label: 'Ie', count: 12 },
        { label: 'Na', count: 3 },
      ],
      endsAt: new Date('2014-06-11T09:30:00Z').toISOString(),
      final: true,
    });
    expect(read.get('1')?.createdAt).toBe(new Date('2014-06-10T08:30:00Z').toISOString());
  });

  it('a single post (TweetResultByRestId), a user timeline in timeline_v2, the home timeline', () => {
    expect([...readTaggedPosts({ data: { tweetResult: { result: tweet('7') } } }, [TAG]).keys()]).toEqual(['7']);
    const user = { data: { user: { result: { __typename: 'User', timeline_v2: { timeline: timeline(tweet('8')).data.search_by_raw_query.search_timeline.timeline } } } } };
    expect([...readTaggedPosts(user, [TAG]).keys()]).toEqual(['8']);
    const home = { data: { home: { home_timeline_urt: timeline(tweet('9')).data.search_by_raw_query.search_timeline.timeline } } };
    expect([...readTaggedPosts(home, [TAG]).keys()]).toEqual(['9']);
  });

  it('bounds every string and list, and drops addresses that are not https', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ text: i === 0 ? 'lgadigital' : `tag${i}` }));
    const long = tweet('5', {
      note_tweet: { note_tweet_results: { result: { text: 'ȝ'.repeat(100_000), entity_set: { hashtags: many } } } },
      core: { user_results: { result: { core: { name: 'n'.repeat(5_000), screen_name: 'x' }, affiliates_highlighted_label: { label: { description: 'Cyngor', url: { url: 'javascript:alert(1)' } } } } } },
      card: { legacy: { name: 'summary', url: `https://t.co/${'a'.repeat(5_000)}`, binding_values: [{ key: 'thumbnail_image', value: { image_value: { url: 'http://insecure.example/x.jpg' } } }] } },
    }, { extended_entities: { media: [{ type: 'photo', media_url_https: 'data:image/png;base64,AAAA' }] } });
    const record = readTaggedPosts(timeline(long), [TAG]).get('5')!;
    expect(record.text.length).toBe(MAX_TEXT);
    expect(record.entities.hashtags.length).toBe(MAX_ITEMS);
    expect(record.author?.name?.length).toBe(1_000);
    expect(record.author?.label).toEqual({ text: 'Cyngor' });
    expect(record.card).toEqual({ name: 'summary' });
    expect(record.media).toEqual([{ type: 'photo' }]);
  });

  it('the newest sight of a post wins; reading stops at the number of posts asked for', () => {
    const json = timeline(tweet('1'), tweet('2'), tweet('1', {}, { favorite_count: 9 }), tweet('3'));
    const all = readTaggedPosts(json, [TAG], { maxPosts: 3 });
    expect([...all.keys()]).toEqual(['1', '2', '3']);
    expect(all.get('1')?.counts.likes).toBe(9);
    const two = readTaggedPosts(json, [TAG], { maxPosts: 2 });
    expect([...two.keys()]).toEqual(['1', '2']);
    expect(readTaggedPosts(json, [TAG], { maxEntries: 1 }).size).toBe(1);
  });

  it('malformed and hostile input never throws', () => {
    const deep: any = {};
    let node = deep;
    for (let i = 0; i < 10_000; i++) node = node.a = { instructions: [{ entries: [{ content: { items: [] } }] }] };
    const nested: any = { data: { a: deep } };
    const thousands = timeline(...Array.from({ length: 10_000 }, (_, i) => tweet(String(i + 1))));
    const hostile = timeline(tweet('1'));
    Object.defineProperty(hostile.data.search_by_raw_query.search_timeline.timeline.instructions[0].entries[0].content.itemContent.tweet_results.result, 'card', {
      enumerable: true,
      get() {
        throw new Error('hostile');
      },
    });
    const odd: unknown[] = [
      null, undefined, 0, 'x', [], [null], {}, { data: null }, { data: [] }, { data: { instructions: 'x' } },
      { data: { instructions: [null, 1, 'x', { entries: 'x' }, { entries: [null, { content: 'x' }, { content: { itemContent: 5, items: {} } }] }] } },
      timeline('x', 5, null, { legacy: 'x', rest_id: 5 }, tweet('abc'), tweet('1', {}, { entities: 'x' }), tweet('2', { core: 7, edit_control: [], card: 'x', views: { count: 'many' } }, { full_text: 7, created_at: 'yesterday' })),
      timeline(tweet('1', {}, { full_text: 'x'.repeat(10_000_000) })),
      nested, thousands, hostile,
    ];
    for (const input of odd) expect(() => readTaggedPosts(input, [TAG])).not.toThrow();
    expect(() => readTaggedPosts(timeline(tweet('1')), null as unknown as string[])).not.toThrow();
    expect(readTaggedPosts(timeline(tweet('1')), [])).toEqual(new Map());
    expect(readTaggedPosts(thousands, [TAG]).size).toBe(200);
    const wrong = readTaggedPosts(odd[11], [TAG]);
    // Post 1's entities are not an object, so it carries no tag; post 2 is read as far as it goes.
    expect([...wrong.keys()]).toEqual(['2']);
    expect(wrong.get('2')).toMatchObject({ text: '', counts: { likes: 1 } });
    expect(wrong.get('2')?.createdAt).toBeUndefined();
    expect(readTaggedPosts(odd[12], [TAG]).get('1')?.text.length).toBe(MAX_TEXT);
  });
});
