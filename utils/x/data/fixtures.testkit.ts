import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GRAPHQL_DIR, graphqlAvailable, graphqlNames, requireReal } from '@/tests/fixtures/x/real.mjs';

/**
 * X's real GraphQL responses for the X data reader's tests, read in place from ../shared/fixtures/x/graphql
 * (found by tests/fixtures/x/real.mjs). Under CI=true they are required: their absence fails the run.
 * Elsewhere a clone without them skips these suites, saying why.
 */
export function requireGraphQLFixtures(available?: boolean): boolean {
  return available === undefined ? graphqlAvailable() : requireReal("The X data reader's tests", available, GRAPHQL_DIR);
}

/** Every saved response's file name. */
export const responseNames = (): string[] => graphqlNames();

/** A saved response's text, exactly as X sent it. */
export function responseText(name: string): string {
  return readFileSync(resolve(GRAPHQL_DIR, name), 'utf8');
}

/** A fresh parsed copy of a saved response, free to edit. */
export function responseCopy(name: string): any {
  return JSON.parse(responseText(name));
}

/**
 * Every Tweet object anywhere in a response, found by a plain walk into every key (what the reader
 * must not do, so tests can check it independently): objects typed "Tweet" with a rest_id and legacy.
 */
export function everyTweet(json: unknown): any[] {
  const found: any[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const o = node as any;
    if (o.__typename === 'Tweet' && typeof o.rest_id === 'string' && o.legacy) found.push(o);
    for (const key of Object.keys(o)) walk(o[key]);
  };
  walk(json);
  return found;
}

/** Whether a Tweet object is a repost (X shows the original in its place). */
export const isRepost = (tweet: any): boolean => Boolean(tweet.legacy?.retweeted_status_result);

/**
 * Tags a Tweet object in place as X would: a hashtag entity in legacy.entities (and in its note's
 * entities when it has one) and "#<tag>" at the end of its text (and its note's).
 */
export function addTag(tweet: any, tag: string): void {
  const legacy = tweet.legacy;
  const at = legacy.full_text.length + 1;
  legacy.full_text = `${legacy.full_text} #${tag}`;
  legacy.entities ??= {};
  legacy.entities.hashtags = [...(legacy.entities.hashtags ?? []), { indices: [at, at + tag.length + 1], text: tag }];
  const note = tweet.note_tweet?.note_tweet_results?.result;
  if (note) {
    const noteAt = note.text.length + 1;
    note.text = `${note.text} #${tag}`;
    note.entity_set ??= {};
    note.entity_set.hashtags = [...(note.entity_set.hashtags ?? []), { indices: [noteAt, noteAt + tag.length + 1], text: tag }];
  }
}
