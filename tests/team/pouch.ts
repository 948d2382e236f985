// A Node PouchDB for the team tests (pouchdb-core and plugins from pouchdb-server's dependencies), typed only as far as the tests use it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Doc {
  _id: string;
  _rev?: string;
  _revisions?: { start: number; ids: string[] };
  [field: string]: unknown;
}
export interface WriteResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  status?: number;
  name?: string;
  error?: boolean | string;
}
export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
}
export interface Db {
  put(doc: Doc, options?: object): Promise<WriteResult>;
  get(id: string): Promise<Doc>;
  bulkDocs(docs: Doc[], options?: object): Promise<WriteResult[]>;
  installValidationMethods(): void;
  replicate: {
    to(target: Db): Promise<ReplicationResult>;
    from(source: Db, options?: { live?: boolean; retry?: boolean }): Replication;
  };
  allDocs(): Promise<{ rows: Array<{ id: string }> }>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}
/** A replication: a promise of its result, and events while it runs (a live one until cancelled). */
export interface Replication extends Promise<ReplicationResult> {
  on(event: 'paused' | 'active' | 'error' | 'complete', listener: (info?: unknown) => void): Replication;
  cancel(): void;
}
export type PouchConstructor = new (name: string, options?: object) => Db;

interface Pluggable {
  plugin(plugin: unknown): Pluggable;
}

/**
 * Memory and http adapters, replication, and pouchdb-validation's `installValidationMethods` (which does
 * nothing until called on a database).
 */
export const PouchDB = (require('pouchdb-core') as Pluggable)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'))
  .plugin(require('pouchdb-validation')) as unknown as PouchConstructor;
