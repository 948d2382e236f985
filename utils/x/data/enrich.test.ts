import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { PostSnapshotSchema, upgradeSnapshot, type PostSnapshot } from '@/utils/snapshot';
import { enrichSnapshot, originalPhotoUrl } from './enrich';
import { readTaggedPosts, type XPostData } from './read-response';
import { readAnswer } from './channel';
import { XPostDataSchema } from './schema';
import { addTag, everyTweet, isRepost, requireGraphQLFixtures, responseCopy, responseNames } from './fixtures.testkit';

const haveFixtures = requireGraphQLFixtures();
const TAG = 'lgadigital';

/**
 * What X's page would give for a Tweet object, as the DOM reader writes it: the timeline's text (cut at
 * display_text_range, so a long post is cut and "Show more" shown), photos without alt text, videos
 * with no files, no quote count, no card beyond its title.
 */
function domSnapshotOf(tweet: any): PostSnapshot {
  const legacy = tweet.legacy;
  const user = tweet.core.user_results.result;
  const handle = user.core?.screen_name ?? user.legacy?.screen_name;
  const long = Boolean(tweet.note_tweet?.note_tweet_results?.result);
  const range = legacy.display_text_range ?? [0, legacy.full_text.length];
  const media = (legacy.extended_entities?.media ?? []).map((m: any): PostSnapshot['media'][number] =>
    m.type === 'photo' ? { type: 'photo', url: originalPhotoUrl(m.media_url_https) } : m.type === 'video' ? { type: 'video' } : { type: 'gif' },
  );
  return {
    schema: 1,
    postId: tweet.rest_id,
    permalink: `https://x.com/${handle}/status/${tweet.rest_id}`,
    author: { name: 'As shown', handle, verified: Boolean(user.is_blue_verified) },
    text: [...legacy.full_text].slice(range[0], range[1]).join(''),
    entities: { links: [], mentions: [], hashtags: [TAG] },
    media,
    counts: { replies: legacy.reply_count, reposts: legacy.retweet_count, likes: legacy.favorite_count },
    truncated: long,
    capturedAt: '2026-12-05T10:00:00.000Z',
    pageUrl: 'https://x.com/home',
    extensionVersion: '0.1.0',
  };
}

/** Every response's own (not reposted) tweets, each tagged, with the record the reader keeps for it. */
function taggedTweets(): Array<{ name: string; tweet: any; record: XPostData }> {
  const out: Array<{ name: string; tweet: any; record: XPostData }> = [];
  for (const name of responseNames()) {
    const json = responseCopy(name);
    const tweets = everyTweet(json).filter((t) => !isRepost(t));
    for (const t of tweets) addTag(t, TAG);
    const records = readTaggedPosts(json, [TAG], { maxPosts: 10_000 });
    for (const t of tweets) {
      const record = records.get(t.rest_id);
      if (record && record.taggedIn === 'own') out.push({ name, tweet: t, record });
    }
  }
  return out;
}

describe.runIf(haveFixtures)("enrichSnapshot on X's real GraphQL responses", () => {
  const all = haveFixtures ? taggedTweets() : [];

  it('has tweets of every kind to check', () => {
    expect(all.filter((t) => t.tweet.note_tweet).length).toBeGreaterThan(20);
    expect(all.filter((t) => t.tweet.card).length).toBeGreaterThan(0);
    expect(all.filter((t) => t.tweet.legacy.extended_entities?.media?.some((m: any) => m.video_info)).length).toBeGreaterThan(0);
    expect(all.filter((t) => t.tweet.legacy.extended_entities?.media?.some((m: any) => m.ext_alt_text)).length).toBeGreaterThan(0);
  });

  it('gives every long post (note_tweet) its whole text, links as shown, not truncated', () => {
    const long = all.filter((t) => t.tweet.note_tweet);
    for (const { tweet, record } of long) {
      const note = tweet.note_tweet.note_tweet_results.result;
      const dom = domSnapshotOf(tweet);
      const enriched = enrichSnapshot(dom, record);
      let want: string = note.text;
      for (const u of note.entity_set?.urls ?? []) want = want.split(u.url).join(u.display_url);
      expect(enriched.text, tweet.rest_id).toBe(want);
      expect(enriched.text.length).toBeGreaterThan(dom.text.length);
      expect(enriched.truncated).toBe(false);
      expect(enriched.entities.hashtags).toEqual((note.entity_set?.hashtags ?? []).map((h: any) => h.text));
      expect(enriched.sources).toMatchObject({ text: 'x-data', entities: 'x-data' });
    }
  });

  it('adds the quote count and keeps the counts the page read', () => {
    for (const { tweet, record } of all) {
      const dom = domSnapshotOf(tweet);
      dom.counts.likes = 7; // what the page read wins, even against X's data
      const enriched = enrichSnapshot(dom, record);
      expect(enriched.counts.quotes, tweet.rest_id).toBe(tweet.legacy.quote_count);
      expect(enriched.counts.likes).toBe(7);
      expect(enriched.sources?.counts).toMatchObject({ quotes: 'x-data', likes: 'dom' });
    }
  });

  it('takes the card, its destination and poll as the JSON has them', () => {
    const carded = all.filter((t) => t.tweet.card?.legacy);
    for (const { tweet, record } of carded) {
      const enriched = enrichSnapshot(domSnapshotOf(tweet), record);
      const values = new Map<string, any>((tweet.card.legacy.binding_values ?? []).map((b: any) => [b.key, b.value]));
      const cardUrl: string | undefined = values.get('card_url')?.string_value ?? tweet.card.legacy.url;
      if (cardUrl?.startsWith('https://')) {
        expect(enriched.card, tweet.rest_id).toBeDefined();
        expect(enriched.card?.name).toBe(tweet.card.legacy.name);
        const title = values.get('title')?.string_value;
        if (title) expect(enriched.card?.title).toBe(title);
        const description = values.get('description')?.string_value;
        if (description) expect(enriched.card?.description).toBe(description);
        const entity = [...(tweet.legacy.entities?.urls ?? []), ...(tweet.note_tweet?.note_tweet_results?.result?.entity_set?.urls ?? [])].find((u: any) => u.url === cardUrl);
        if (entity?.expanded_url?.startsWith('https://')) expect(enriched.card?.destination).toBe(entity.expanded_url);
      }
      if (/poll\dchoice/.test(tweet.card.legacy.name)) expect(enriched.poll?.choices.map((c) => c.label)).toEqual([1, 2, 3, 4].flatMap((n) => values.get(`choice${n}_label`)?.string_value ?? []));
    }
  });

  it("gives videos and GIFs X's files and poster, and alt text where ext_alt_text exists", () => {
    let videos = 0;
    let alts = 0;
    for (const { tweet, record } of all) {
      const media = tweet.legacy.extended_entities?.media ?? [];
      if (media.length === 0) continue;
      const enriched = enrichSnapshot(domSnapshotOf(tweet), record);
      media.forEach((m: any, i: number) => {
        const got = enriched.media[i] as any;
        if (m.ext_alt_text) {
          alts++;
          expect(got.altText, tweet.rest_id).toBe(m.ext_alt_text.slice(0, 1_000));
          expect(got.sources.altText).toBe('x-data');
        } else expect(got.altText).toBeUndefined();
        if (m.video_info) {
          videos++;
          expect(got.posterUrl).toBe(m.media_url_https);
          const want = (m.video_info.variants ?? []).filter((x: any) => x.url.startsWith('https://'));
          expect(got.variants.map((x: any) => [x.contentType, x.bitrate, x.url])).toEqual(want.map((x: any) => [x.content_type, x.bitrate, x.url]));
          expect(got.sources).toMatchObject({ posterUrl: 'x-data', variants: 'x-data' });
        }
      });
    }
    expect(videos).toBeGreaterThan(0);
    expect(alts).toBeGreaterThan(0);
  });

  it('records edits, the thread and verification, and every enriched snapshot is a valid version 2 snapshot', () => {
    for (const { tweet, record } of all) {
      const enriched = enrichSnapshot(domSnapshotOf(tweet), record);
      const parsed = v.safeParse(PostSnapshotSchema, enriched);
      expect(parsed.success ? [] : parsed.issues.map((i) => `${i.path?.map((p) => p.key).join('.')}: ${i.message}`), tweet.rest_id).toEqual([]);
      expect(enriched.schema).toBe(2);
      const legacy = tweet.legacy;
      if (legacy.in_reply_to_status_id_str) expect(enriched.replyTo?.postId).toBe(legacy.in_reply_to_status_id_str);
      if (legacy.conversation_id_str) expect(enriched.conversationId).toBe(legacy.conversation_id_str);
      const ids = tweet.edit_control?.edit_tweet_ids ?? tweet.edit_control?.edit_control_initial?.edit_tweet_ids;
      if (ids?.length) expect(enriched.edits?.ids).toEqual(ids);
      const type = tweet.core.user_results.result.verification?.verified_type ?? tweet.core.user_results.result.legacy?.verified_type;
      if (type) expect(enriched.author.verifiedType).toBe(type);
      // The record as it crosses the channel, and the background's check of it, lose nothing.
      expect(readAnswer(JSON.stringify({ id: record.id, post: record }), record.id)).toEqual(JSON.parse(JSON.stringify(record)));
      expect(v.safeParse(XPostDataSchema, record).success).toBe(true);
    }
    const types = new Set(all.map((t) => enrichSnapshot(domSnapshotOf(t.tweet), t.record).author.verifiedType).filter(Boolean));
    expect([...types].sort()).toEqual(expect.arrayContaining(['Business', 'Government']));
  });
});

describe('enrichSnapshot without a record of the post', () => {
  const dom: PostSnapshot = {
    schema: 1,
    postId: '1846200000000000001',
    permalink: 'https://x.com/ExampleBoroCncl/status/1846200000000000001',
    author: { name: 'Example Borough Council', handle: 'ExampleBoroCncl', verified: true },
    text: 'Bins on Tuesday this week #lgadigital',
    entities: { links: [], mentions: [], hashtags: ['lgadigital'] },
    media: [],
    counts: { likes: 4 },
    truncated: false,
    capturedAt: '2026-12-05T10:00:00.000Z',
    pageUrl: 'https://x.com/home',
    extensionVersion: '0.1.0',
  };

  it('stores the page snapshot alone, as version 2 with no sources', () => {
    expect(enrichSnapshot(dom, undefined)).toEqual({ ...dom, schema: 2 });
    expect(upgradeSnapshot(dom)).toEqual({ ...dom, schema: 2 });
  });

  it('ignores a record of another post', () => {
    const other = { id: '1846200000000000002', text: 'x', long: true, entities: { hashtags: [], mentions: [], urls: [] }, counts: { quotes: 3 }, media: [], taggedIn: 'own' } as XPostData;
    expect(enrichSnapshot(dom, other)).toEqual({ ...dom, schema: 2 });
  });
});
