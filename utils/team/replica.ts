/**
 * The parts of PouchDB's API the team library uses, typed here (PouchDB ships no types): the local
 * replica in the extension's own IndexedDB and the team's database on the server are both `Replica`s.
 */

export interface PouchDocMeta {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
}

export interface BulkResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: string | boolean;
  status?: number;
  reason?: string;
}

export interface ChangesResult {
  results: Array<{ id: string; seq: number | string; deleted?: boolean; doc?: Record<string, unknown> & PouchDocMeta }>;
  last_seq: number | string;
}

export interface ReplicationInfo {
  direction?: 'push' | 'pull';
  /**
   * A batch written: `docs` the batch's documents written; `docs_written` and `docs_read` the replication's
   * totals so far (not the batch's); `last_seq` the source's sequence it reached; `pending` what is left
   * (CouchDB 2 and later).
   */
  change?: { docs?: unknown[]; docs_written: number; docs_read: number; last_seq?: number | string; pending?: number; errors?: unknown[] };
  docs_written?: number;
  pending?: number;
  errors?: unknown[];
}

export interface Emitter<T> extends PromiseLike<T> {
  on(event: 'change', fn: (info: ReplicationInfo) => void): this;
  on(event: 'paused' | 'error' | 'denied' | 'complete', fn: (err?: unknown) => void): this;
  on(event: 'active', fn: () => void): this;
  cancel(): void;
}

/**
 * A live two-way sync: its own events, and each direction's replication. The pull's own `paused`
 * (without an error) means it has caught up with the server; the sync's `paused` only means that
 * neither direction is writing a batch at that moment, which happens between batches of a first sync.
 */
export interface SyncEmitter extends Emitter<unknown> {
  pull: Emitter<unknown>;
  push: Emitter<unknown>;
}

/** Where a replication keeps its place (PouchDB's checkpoint): both sides by default. */
export type Checkpoint = 'source' | 'target' | false;

export interface ReplicateOptions {
  live?: boolean;
  retry?: boolean;
  batch_size?: number;
  back_off_function?: (delay: number) => number;
  checkpoint?: Checkpoint;
  /** Options for a sync's pull alone. */
  pull?: { checkpoint?: Checkpoint };
}

export interface Replica {
  name: string;
  get(id: string, options?: { rev?: string; conflicts?: boolean }): Promise<Record<string, unknown> & PouchDocMeta>;
  allDocs(options: { keys: string[]; include_docs: true; conflicts?: boolean }): Promise<{ rows: Array<{ key: string; doc?: (Record<string, unknown> & PouchDocMeta) | null; error?: string; value?: { rev: string; deleted?: boolean } }> }>;
  bulkDocs(docs: Array<Record<string, unknown>>): Promise<BulkResult[]>;
  put(doc: Record<string, unknown>): Promise<BulkResult>;
  changes(options: { since: number | string; include_docs: true; conflicts?: boolean; limit: number }): Promise<ChangesResult>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
  sync(remote: Replica, options?: ReplicateOptions): SyncEmitter;
  replicate: {
    to(remote: Replica, options?: ReplicateOptions): Emitter<unknown>;
    from(remote: Replica, options?: ReplicateOptions): Emitter<unknown>;
  };
}

export interface PouchConstructor {
  new (name: string, options?: { fetch?: (url: string | URL, init?: RequestInit) => Promise<Response>; skip_setup?: boolean; auto_compaction?: boolean }): Replica;
}
