import Dexie, { type Table } from 'dexie';
import { installIndexFields } from './index-fields';
import type { ClippingRecord } from '@/utils/domain/records';

/**
 * The clippings' index field (schema version 12). Each index entry costs the browser's IndexedDB
 * work on every write, and most clippings of a library (every one an import brings without a
 * teammate's verdict) were judged by nobody: their vote summary (utils/domain/agreement.ts
 * `votesOf`: judged 0, agree 'none', doLead 0, contest 0) was indexed four times over for nothing.
 *
 * A clipping somebody judged (`judged` > 0) is stored with `voteKeys`, its summary as four keys
 * `[summary, removed, value]` (`['judged', 0, 3]`, `['agree', 0, 'do']`, `['doLead', 0, 2]`,
 * `['contest', 0, 1]`), indexed by the multi-entry index `*voteKeys`: one index whose entries of
 * one summary and one `removed` lie together, by value then by post id, as a `[removed+value]`
 * index's would. One nobody judged has no `voteKeys` and no entry. Queries answer the clippings
 * nobody judged as the complement (utils/store/search.ts): `votes:` with 0 in its range takes away
 * the judged ones outside it, and the agreement orders merge them in with the judged clippings of
 * value 0, by post id, where one read of the whole index placed them.
 *
 * The record keeps `judged`, `agree`, `doLead` and `contest` as written. The index field is
 * computed here alone: a middleware adds it to every clipping written (`add`, `put`, `bulkPut`,
 * `modify`, `update`), whoever writes it, and a reading hook takes it off every clipping read, so
 * the rest of the code (pages, the export, bundles, the team's documents) sees `ClippingRecord`
 * exactly as written.
 */

/** A vote summary kept in the index. */
export type VoteSummary = 'judged' | 'agree' | 'doLead' | 'contest';
/** One key of `*voteKeys`: a summary, the clipping's `removed`, and the summary's value. */
export type VoteKey = [VoteSummary, 0 | 1, number | string];

/** The index field a clipping is stored with; never seen outside the store. */
export interface ClippingIndexFields {
  voteKeys?: VoteKey[];
}

export const CLIPPING_INDEX_FIELDS = ['voteKeys'] as const;

/** The index field of a clipping: its vote summary when somebody judged it, else none. */
export function clippingIndexFieldsOf(c: Pick<ClippingRecord, 'removed' | 'judged' | 'agree' | 'doLead' | 'contest'>): ClippingIndexFields {
  if (!(typeof c.judged === 'number' && c.judged > 0)) return {};
  const removed = c.removed === 1 ? 1 : 0;
  return { voteKeys: [['judged', removed, c.judged], ['agree', removed, c.agree!], ['doLead', removed, c.doLead!], ['contest', removed, c.contest!]] };
}

/** The clipping as stored: with its index field (a stale one replaced); the argument itself when it needs none and has none. */
export function withClippingIndexFields<T extends ClippingRecord>(c: T): T & ClippingIndexFields {
  const fields = clippingIndexFieldsOf(c);
  const plain = withoutClippingIndexFields(c);
  if (fields.voteKeys === undefined) return plain;
  return Object.assign(plain === c ? { ...c } : plain, fields);
}

/** The clipping without its index field: the argument itself when it has none, else a copy. */
export function withoutClippingIndexFields<T extends object>(c: T): T {
  if (!c || !('voteKeys' in c)) return c;
  const { voteKeys: _v, ...rest } = c as T & ClippingIndexFields;
  return rest as T;
}

/**
 * The judged clippings whose `summary` lies between `lower` and `upper` (bounds included unless
 * said), with `removed` as given, read from `*voteKeys`: by value, then by post id.
 */
export function votesBetween(
  clippings: Pick<Table<ClippingRecord, string>, 'where'>,
  summary: VoteSummary,
  removed: 0 | 1,
  lower: number | string | typeof Dexie.minKey,
  upper: number | string | typeof Dexie.maxKey,
  includeLower = true,
  includeUpper = true,
) {
  return clippings.where('voteKeys').between([summary, removed, lower], [summary, removed, upper], includeLower, includeUpper);
}

/** Installs the writer and the reader of the clippings' index fields on a database (utils/store/index-fields.ts). */
export function installClippingIndex(db: Dexie): void {
  installIndexFields<ClippingRecord>(db, 'clippings', 'ClippingIndex', withClippingIndexFields, withoutClippingIndexFields);
}

type Clippings = Pick<Table<ClippingRecord, string>, 'where' | 'toCollection'>;

/**
 * Every clipping's id, removed ones left out, in no particular order: the primary keys of
 * `[removed+clippedAt]` with `removed` 0 (every clipping has a clipped time).
 */
export async function savedIds(clippings: Clippings): Promise<string[]> {
  return (await clippings.where('[removed+clippedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey], true, true).primaryKeys()) as string[];
}

/** How many clippings the library holds, removed ones left out, counted from `[removed+clippedAt]`. */
export function countSaved(clippings: Clippings): Promise<number> {
  return clippings.where('[removed+clippedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey], true, true).count();
}

/** The removed clippings' ids, from `[removed+clippedAt]` with `removed` 1. */
export async function removedIds(clippings: Clippings): Promise<string[]> {
  return (await clippings.where('[removed+clippedAt]').between([1, Dexie.minKey], [1, Dexie.maxKey], true, true).primaryKeys()) as string[];
}

/**
 * Every clipping's id, removed ones left out, in post id order (IndexedDB's order of the primary
 * keys): the table's primary keys, read in order, less the removed ones.
 */
export async function savedIdsInPostOrder(clippings: Clippings): Promise<string[]> {
  const [all, removed] = await Promise.all([clippings.toCollection().primaryKeys() as Promise<string[]>, removedIds(clippings)]);
  if (removed.length === 0) return all;
  const gone = new Set(removed);
  return all.filter((id) => !gone.has(id));
}
