import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type Middleware, type Table } from 'dexie';
import type { ClippingRecord } from '@/utils/domain/records';
import type { Votes } from '@/utils/domain/agreement';

/**
 * The clippings' index fields (schema version 12). Each index entry costs the browser's IndexedDB
 * work on every write, and most clippings of a library (every one an import brings without a
 * teammate's verdict) were judged by nobody: their vote summary (utils/domain/agreement.ts
 * `votesOf`: judged 0, agree 'none', doLead 0, contest 0) was indexed four times over for nothing.
 *
 * A clipping somebody judged (`judged` > 0) is stored with its summary copied into four index
 * fields, `voteJudged`, `voteAgree`, `voteLead` and `voteContest`, indexed `[removed+voteJudged]`,
 * `[removed+voteAgree]`, `[removed+voteLead]` and `[removed+voteContest]`; one nobody judged has none
 * and no entry in those indexes. Queries answer the clippings nobody judged as the complement
 * (utils/store/search.ts): `votes:` with 0 in its range takes away the judged ones outside it, and
 * the agreement orders merge them in with the judged clippings of value 0, by post id, where one
 * read of the whole index placed them.
 *
 * The record keeps `judged`, `agree`, `doLead` and `contest` as written. The index fields are
 * computed here alone: a middleware adds them to every clipping written (`add`, `put`, `bulkPut`,
 * `modify`, `update`), whoever writes it, and a reading hook takes them off every clipping read, so
 * the rest of the code (pages, the export, bundles, the team's documents) sees `ClippingRecord`
 * exactly as written.
 */

/** The index fields a clipping is stored with; never seen outside the store. */
export interface ClippingIndexFields {
  voteJudged?: number;
  voteAgree?: Votes['agree'];
  voteLead?: number;
  voteContest?: number;
}

export const CLIPPING_INDEX_FIELDS = ['voteJudged', 'voteAgree', 'voteLead', 'voteContest'] as const;

/** The index each vote query reads, with `removed` first as every clipping index has it. */
export const VOTE_INDEX = {
  judged: '[removed+voteJudged]',
  agree: '[removed+voteAgree]',
  doLead: '[removed+voteLead]',
  contest: '[removed+voteContest]',
} as const;

/** The index fields of a clipping: its vote summary when somebody judged it, else none. */
export function clippingIndexFieldsOf(c: Pick<ClippingRecord, 'judged' | 'agree' | 'doLead' | 'contest'>): ClippingIndexFields {
  if (!(typeof c.judged === 'number' && c.judged > 0)) return {};
  return { voteJudged: c.judged, voteAgree: c.agree, voteLead: c.doLead, voteContest: c.contest };
}

/** The clipping as stored: with its index fields (stale ones replaced); the argument itself when it needs none and has none. */
export function withClippingIndexFields<T extends ClippingRecord>(c: T): T & ClippingIndexFields {
  const fields = clippingIndexFieldsOf(c);
  const plain = withoutClippingIndexFields(c);
  if (fields.voteJudged === undefined) return plain;
  return Object.assign(plain === c ? { ...c } : plain, fields);
}

/** The clipping without index fields: the argument itself when it has none, else a copy. */
export function withoutClippingIndexFields<T extends object>(c: T): T {
  if (!c || !CLIPPING_INDEX_FIELDS.some((f) => f in c)) return c;
  const { voteJudged: _j, voteAgree: _a, voteLead: _l, voteContest: _c, ...rest } = c as T & ClippingIndexFields;
  return rest as T;
}

function clippingsTable(down: DBCoreTable): DBCoreTable {
  return {
    ...down,
    mutate(req: DBCoreMutateRequest) {
      if (req.type === 'add' || req.type === 'put') return down.mutate({ ...req, values: req.values.map((v) => withClippingIndexFields(v as ClippingRecord)) } as DBCoreMutateRequest);
      return down.mutate(req);
    },
  };
}

/** Adds the index fields to every clipping written (the outermost middleware, so Dexie's own see them too). */
export const clippingIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ClippingIndex',
  create(down) {
    return {
      ...down,
      table(name) {
        const table = down.table(name);
        return name === 'clippings' ? clippingsTable(table) : table;
      },
    };
  },
};

/** Installs the writer and the reader of the clippings' index fields on a database. */
export function installClippingIndex(db: Dexie): void {
  db.use(clippingIndexMiddleware);
  db.table('clippings').hook('reading', (c: ClippingRecord) => withoutClippingIndexFields(c));
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
