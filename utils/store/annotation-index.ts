import type Dexie from 'dexie';
import { installIndexFields } from './index-fields';
import { OWNER } from '@/utils/domain/contributors';
import type { AnnotationRecord } from '@/utils/domain/records';
import type { AuthorType, Kind, Permission } from '@/utils/domain/vocabulary';

/**
 * The annotations' index fields (schema version 11). Each index entry costs the browser's IndexedDB
 * work on every write, so an annotation is indexed only under what some query reads:
 *
 * - `decided`: the verdict when it is `do` or `dont`, for every contributor (`verdict:` with the
 *   owner, `by:` and `is:disagreement` with anyone), indexed `[contributorId+decided]`. An
 *   undecided annotation has none: `verdict:undecided` is answered as every clipping but those the
 *   owner decided.
 * - `ownerKeys`: on the owner's annotation only, its values that are not the default, as `kind:tip`,
 *   `authorType:council`, `permission:granted` and `lesson` (a lesson written), indexed `*ownerKeys`.
 *   A default (`author:notSet`, `permission:notAsked`) is answered as every clipping but those with
 *   another value. Other contributors' kinds, author types, permissions and lessons are read by no
 *   query, so they are not indexed.
 *
 * `themes` (every contributor's: `mergeThemes` retags them all) and `forGuide` stay indexed as the
 * record holds them. The index fields are computed here alone: a middleware adds them to every
 * annotation written (`add`, `put`, `bulkPut`, `modify`, `update`), whoever writes it, and a reading
 * hook takes them off every annotation read, so the rest of the code (pages, the export, bundles,
 * the team's documents) sees `AnnotationRecord` exactly as written.
 */

/** The index fields an annotation is stored with; never seen outside the store. */
export interface AnnotationIndexFields {
  decided?: 'do' | 'dont';
  ownerKeys?: string[];
}

export const ANNOTATION_INDEX_FIELDS = ['decided', 'ownerKeys'] as const;

/** The fields of the owner's annotation indexed in `ownerKeys` when not their default. */
export const OWNER_DEFAULTS = { authorType: 'notSet', permission: 'notAsked' } as const satisfies { authorType: AuthorType; permission: Permission };

/** The `ownerKeys` value of one of the owner's values. */
export function ownerKey(field: 'kind', value: Kind): string;
export function ownerKey(field: 'authorType', value: AuthorType): string;
export function ownerKey(field: 'permission', value: Permission): string;
export function ownerKey(field: 'lesson'): string;
export function ownerKey(field: 'kind' | 'authorType' | 'permission' | 'lesson', value?: string): string {
  return field === 'lesson' ? 'lesson' : `${field}:${value}`;
}

/** The index fields of an annotation (absent ones left out). */
export function indexFieldsOf(a: Pick<AnnotationRecord, 'contributorId' | 'verdict' | 'kind' | 'authorType' | 'permission' | 'hasLesson'>): AnnotationIndexFields {
  const out: AnnotationIndexFields = {};
  if (a.verdict === 'do' || a.verdict === 'dont') out.decided = a.verdict;
  if (a.contributorId === OWNER) {
    const keys: string[] = [];
    if (a.kind) keys.push(ownerKey('kind', a.kind));
    if (a.authorType !== OWNER_DEFAULTS.authorType) keys.push(ownerKey('authorType', a.authorType));
    if (a.permission !== OWNER_DEFAULTS.permission) keys.push(ownerKey('permission', a.permission));
    if (a.hasLesson === 1) keys.push(ownerKey('lesson'));
    if (keys.length > 0) out.ownerKeys = keys;
  }
  return out;
}

/** The annotation as stored: a copy with its index fields (any stale ones replaced); the argument is left as it was. */
export function withIndexFields<T extends AnnotationRecord>(a: T): T & AnnotationIndexFields {
  const out = withoutIndexFields(a) as T & AnnotationIndexFields;
  return Object.assign(out === a ? { ...a } : out, indexFieldsOf(a));
}

/** The annotation without index fields: the argument itself when it has none, else a copy. */
export function withoutIndexFields<T extends object>(a: T): T {
  if (!a || !ANNOTATION_INDEX_FIELDS.some((f) => f in a)) return a;
  const { decided: _v, ownerKeys: _o, ...rest } = a as T & AnnotationIndexFields;
  return rest as T;
}

/** Installs the writer and the reader of the annotations' index fields on a database (utils/store/index-fields.ts). */
export function installAnnotationIndex(db: Dexie): void {
  installIndexFields<AnnotationRecord>(db, 'annotations', 'AnnotationIndex', withIndexFields, withoutIndexFields);
}
