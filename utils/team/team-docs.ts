import * as v from 'valibot';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleAnnotationSchema, BundleCaptureSchema, BundleTextVersionSchema, BundleThemeSchema, BUNDLE_LIMITS, type Bundle, type BundleAnnotation, type BundleClipping, type BundleTheme } from '@/utils/bundle/schema';
import { validateBundle } from '@/utils/bundle/import';
import { MAX_CAPTURES, type AnnotationRecord, type ClippingRecord } from '@/utils/domain/records';
import { MAX_VERSIONS } from '@/utils/domain/text-versions';
import { PostIdSchema, PostSnapshotSchema } from '@/utils/snapshot';
import { ANNOTATION_PREFIX, CLIPPING_PREFIX, USER_NAME, annotationDocId, clippingDocId } from './names';

/**
 * The team library's documents (CouchDB), and how they map to the library's records and to a
 * bundle, so that what arrives from the team is merged by the bundle merge's own rules
 * (utils/store/merge.ts) and checked by the bundle's own schemas. Pure: no browser, no database.
 *
 * - `clipping:<postId>`: the post as clipped (snapshot, captures, earlier texts) and the user name of
 *   whoever first sent it. Shared: anyone in the team may write it; two writes merge by the bundle rules.
 * - `annotation:<user>:<postId>`: one contributor's verdict, lesson, note and themes. Only its owner
 *   may write it (the server's validation function refuses anyone else).
 */


/** Largest document accepted from the team, as JSON (a long post with every capture is under 100 kB). */
export const MAX_DOC_BYTES = 1_000_000;

/** A team user name: it is part of document ids, so it is kept to a safe set. */
export const UserNameSchema = v.pipe(v.string(), v.regex(USER_NAME, 'a user name is 1 to 64 letters, digits or ._@-'));

export { annotationDocId, clippingDocId };

const isoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const rev = v.optional(v.pipe(v.string(), v.maxLength(200)));

export const ClippingDocSchema = v.object({
  _id: v.pipe(v.string(), v.maxLength(200)),
  _rev: rev,
  type: v.literal('clipping'),
  postId: PostIdSchema,
  /** The team user who first sent it. */
  contributor: UserNameSchema,
  snapshot: PostSnapshotSchema,
  clippedAt: isoTime,
  captures: v.optional(v.pipe(v.array(BundleCaptureSchema), v.maxLength(MAX_CAPTURES))),
  versions: v.optional(v.pipe(v.array(BundleTextVersionSchema), v.maxLength(MAX_VERSIONS))),
});

export const AnnotationDocSchema = v.object({
  _id: v.pipe(v.string(), v.maxLength(200)),
  _rev: rev,
  type: v.literal('annotation'),
  owner: UserNameSchema,
  postId: PostIdSchema,
  annotation: BundleAnnotationSchema,
  /** The owner's own themes that the annotation uses, with their names (built-in themes need none). */
  themes: v.pipe(v.array(BundleThemeSchema), v.maxLength(BUNDLE_LIMITS.themesPerAnnotation)),
});

export type ClippingDoc = v.InferOutput<typeof ClippingDocSchema>;
export type AnnotationDoc = v.InferOutput<typeof AnnotationDocSchema>;
export type TeamDoc = ClippingDoc | AnnotationDoc;

export type DocCheck = { ok: true; doc: TeamDoc } | { ok: false; id: string; reason: 'too-large' | 'invalid' | 'wrong-id' | 'unknown-kind' };

/**
 * Checks one document from the team before anything local changes: its size, its shape against the
 * bundle's schemas, and that its id agrees with what it says (post, owner). Design documents and
 * deletions are not the library's and are reported as `unknown-kind`.
 */
export function checkTeamDoc(raw: unknown): DocCheck {
  const id = raw && typeof raw === 'object' && typeof (raw as { _id?: unknown })._id === 'string' ? ((raw as { _id: string })._id.slice(0, 200)) : '';
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return { ok: false, id, reason: 'invalid' };
  }
  if (size > MAX_DOC_BYTES) return { ok: false, id, reason: 'too-large' };
  if (id.startsWith(CLIPPING_PREFIX)) {
    const r = v.safeParse(ClippingDocSchema, raw);
    if (!r.success) return { ok: false, id, reason: 'invalid' };
    const doc = r.output;
    if (doc._id !== clippingDocId(doc.postId) || doc.snapshot.postId !== doc.postId) return { ok: false, id, reason: 'wrong-id' };
    return { ok: true, doc };
  }
  if (id.startsWith(ANNOTATION_PREFIX)) {
    const r = v.safeParse(AnnotationDocSchema, raw);
    if (!r.success) return { ok: false, id, reason: 'invalid' };
    const doc = r.output;
    if (doc._id !== annotationDocId(doc.owner, doc.postId)) return { ok: false, id, reason: 'wrong-id' };
    const themeIds = new Set(doc.themes.map((t) => t.id));
    if (doc.themes.length !== themeIds.size) return { ok: false, id, reason: 'invalid' };
    return { ok: true, doc };
  }
  return { ok: false, id, reason: 'unknown-kind' };
}

/** A clipping's document, as this library holds the post. `contributor`: who first sent it. */
export function clippingDocOf(record: ClippingRecord, contributor: string): Omit<ClippingDoc, '_rev'> {
  return {
    _id: clippingDocId(record.postId),
    type: 'clipping',
    postId: record.postId,
    contributor,
    snapshot: record.snapshot,
    clippedAt: new Date(record.clippedAt).toISOString(),
    captures: record.captures,
    ...(record.versions && record.versions.length > 0 ? { versions: record.versions } : {}),
  };
}

/** True when an annotation says nothing yet (undecided, no kind, themes, lesson or note, not picked). */
export function isBlankAnnotation(a: AnnotationRecord): boolean {
  return a.verdict === 'undecided' && a.kind === null && a.themes.length === 0 && a.lesson === '' && a.note === '' && a.authorType === 'notSet' && a.permission === 'notAsked' && !a.forGuide;
}

/**
 * The owner's annotation as their team document. `themes`: the library's themes by id (built-in ones
 * without a name); the user's own themes that it uses travel with it by name.
 */
export function annotationDocOf(
  record: AnnotationRecord,
  user: string,
  contributor: { name: string; organisation: string },
  themes: ReadonlyMap<string, { name: string | null; builtIn: 0 | 1 }>,
): Omit<AnnotationDoc, '_rev'> {
  const own: BundleTheme[] = [];
  for (const id of record.themes) {
    const t = themes.get(id);
    if (t && !t.builtIn && t.name) own.push({ id, name: t.name });
  }
  const annotation: BundleAnnotation = {
    contributor: { name: contributor.name.trim() || user, organisation: contributor.organisation.trim() },
    verdict: record.verdict,
    kind: record.kind,
    themes: record.themes.filter((id) => themes.has(id)),
    lesson: record.lesson,
    note: record.note,
    authorType: record.authorType,
    permission: record.permission,
    ...(record.forGuide ? { forGuide: true } : {}),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
  return { _id: annotationDocId(user, record.postId), type: 'annotation', owner: user, postId: record.postId, annotation, themes: own };
}

/** The same document content, revisions aside. */
export function sameDoc(a: object, b: object): boolean {
  const strip = ({ _rev: _r, _conflicts: _c, _revisions: _v, ...rest }: Record<string, unknown>) => rest;
  return stableJson(strip(a as Record<string, unknown>)) === stableJson(strip(b as Record<string, unknown>));
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

export interface TeamBundle {
  bundle: Bundle;
  /** The annotations in it that are the user's own (from another of their browsers). */
  own: Set<BundleAnnotation>;
}

/**
 * A bundle of checked team documents, for the bundle merge: each clipping with the annotations of it
 * given (the user's own marked as such). `clippings` must hold the clipping of every annotation's post
 * (from the same batch, the local replica or the library); annotations of posts without one are left out
 * and their ids returned in `waiting`.
 */
export function teamBundle(clippings: ReadonlyMap<string, ClippingDoc>, annotations: readonly AnnotationDoc[], user: string, now: Date): TeamBundle & { waiting: string[] } {
  const byPost = new Map<string, AnnotationDoc[]>();
  const waiting: string[] = [];
  for (const a of annotations) {
    if (!clippings.has(a.postId)) {
      waiting.push(a._id);
      continue;
    }
    let list = byPost.get(a.postId);
    if (!list) byPost.set(a.postId, (list = []));
    list.push(a);
  }
  const themes = new Map<string, BundleTheme>();
  const own = new Set<BundleAnnotation>();
  const out: BundleClipping[] = [];
  for (const [postId, c] of clippings) {
    const list = byPost.get(postId) ?? [];
    // One annotation per contributor as the bundle's rules want: a person's newest.
    const byPerson = new Map<string, AnnotationDoc>();
    for (const a of list) {
      const before = byPerson.get(a.owner);
      if (!before || Date.parse(a.annotation.updatedAt) > Date.parse(before.annotation.updatedAt)) byPerson.set(a.owner, a);
    }
    const anns: BundleAnnotation[] = [];
    const seenNames = new Set<string>();
    for (const a of byPerson.values()) {
      for (const t of a.themes) if (!themes.has(t.id)) themes.set(t.id, t);
      // Two members with the same display name stay two contributors: the user name tells them apart.
      const nameKey = `${a.annotation.contributor.name.trim().toLowerCase()}\u0000${a.annotation.contributor.organisation.trim().toLowerCase()}`;
      const contributor = seenNames.has(nameKey) ? { ...a.annotation.contributor, name: `${a.annotation.contributor.name} (${a.owner})` } : a.annotation.contributor;
      seenNames.add(nameKey);
      const annotation: BundleAnnotation = { ...a.annotation, contributor };
      if (a.owner === user) own.add(annotation);
      anns.push(annotation);
    }
    out.push({
      postId,
      snapshot: c.snapshot,
      clippedAt: c.clippedAt,
      ...(c.captures ? { captures: c.captures } : {}),
      ...(c.versions ? { versions: c.versions } : {}),
      annotations: anns,
    });
  }
  // Theme ids used without a name (built-in themes) are listed by id, as a bundle lists its themes.
  for (const c of out) for (const a of c.annotations) for (const id of a.themes) if (!themes.has(id)) themes.set(id, { id, name: id });
  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    contributor: { name: user, organisation: '' },
    themes: [...themes.values()],
    clippings: out,
  };
  return { bundle, own, waiting };
}

/** The bundle's own checks (ids that agree, nothing twice) on a team bundle; the reason when refused. */
export function checkTeamBundle(bundle: Bundle): string | null {
  const r = validateBundle(bundle);
  return r.ok ? null : r.problem.code === 'invalid-fields' ? `invalid: ${r.problem.fields.join(', ')}` : r.problem.code;
}
