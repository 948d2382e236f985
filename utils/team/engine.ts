import { OWNER, type ClipperDB } from '@/utils/store/db';
import { applyMerge } from '@/utils/store/merge';
import { builtInThemeNames } from '@/utils/i18n/theme-names';
import { teamMarks, type TeamMark } from '@/utils/store/team-marks';
import {
  annotationDocId,
  annotationDocOf,
  checkTeamBundle,
  checkTeamDoc,
  clippingDocId,
  clippingDocOf,
  isBlankAnnotation,
  sameDoc,
  teamBundle,
  type AnnotationDoc,
  type ClippingDoc,
  type TeamDoc,
} from './team-docs';
import type { Replica } from './replica';

/**
 * The team library's adapter over the one store: what the owner changes here goes into the local
 * replica (PouchDB, which replicates it to the team's CouchDB), and what arrives in the replica is
 * checked with the bundle's schemas and merged into the library by the bundle merge. The replication
 * itself (checkpoints, retries, revisions) is PouchDB's; nothing here speaks to the server.
 */

export interface TeamIdentity {
  /** The team user name (CouchDB's), in document ids. */
  user: string;
  /** The contributor's name and organisation from options, shown beside their verdicts. */
  name: string;
  organisation: string;
}

/** A document from the team that was refused, and why; nothing local changed for it. */
export interface Refusal {
  id: string;
  reason: string;
}

export interface MirrorResult {
  /** Documents read from the replica. */
  read: number;
  refused: Refusal[];
  newClippings: number;
  annotations: number;
}

const PUSH_BATCH = 200;
/**
 * Documents the mirror reads from the replica and merges a pass, at most. A first sync's merges fall behind
 * its pull and catch up after it; in larger passes they catch up sooner (at 50,000 clippings, 10,000 against
 * 2,000: the first sync 65.7 to 69.1 s against 67.7 to 73.5 s, docs/performance.md). Live changes come a few
 * at a time whatever the size.
 */
const MIRROR_BATCH = 10_000;
const SEQ_KEY = 'teamSeq';
const WAITING_ID = '_local/lga-waiting';

/**
 * Writes the posts the owner changed (their marks, utils/store/team-marks.ts) into the replica: the
 * clipping, and the owner's annotation unless it is blank and was never sent. A document whose
 * content is already in the replica is not written again. Returns the marks it wrote, which the
 * caller clears once the replica has reached the server (so a change made offline stays counted as
 * waiting), and how many documents it wrote.
 */
export async function pushMarked(db: ClipperDB, local: Replica, me: TeamIdentity): Promise<{ marks: TeamMark[]; written: number }> {
  const all = await teamMarks(db);
  let written = 0;
  for (let start = 0; start < all.length; start += PUSH_BATCH) {
    const marks = all.slice(start, start + PUSH_BATCH);
    const ids = marks.map((m) => m.postId);
    const [clippings, annotations, themes] = await db.transaction('r', db.clippings, db.annotations, db.themes, () =>
      Promise.all([db.clippings.bulkGet(ids), db.annotations.bulkGet(ids.map((id) => [id, OWNER] as [string, string])), db.themes.toArray()]),
    );
    const themeMap = new Map(themes.map((t) => [t.id, t]));
    const docIds = ids.flatMap((id) => [clippingDocId(id), annotationDocId(me.user, id)]);
    const existing = new Map<string, Record<string, unknown> & { _rev?: string }>();
    for (const row of (await local.allDocs({ keys: docIds, include_docs: true })).rows) if (row.doc) existing.set(row.key, row.doc);
    const out: Array<Record<string, unknown>> = [];
    ids.forEach((postId, i) => {
      const clipping = clippings[i];
      if (!clipping) return;
      const before = existing.get(clippingDocId(postId));
      const doc = clippingDocOf(clipping, typeof before?.contributor === 'string' ? before.contributor : me.user);
      if (!before || !sameDoc(before, doc)) out.push(before ? { ...doc, _rev: before._rev } : doc);
      const annotation = annotations[i];
      const prior = existing.get(annotationDocId(me.user, postId));
      if (!annotation || (!prior && isBlankAnnotation(annotation))) return;
      const aDoc = annotationDocOf(annotation, me.user, me, themeMap);
      if (!prior || !sameDoc(prior, aDoc)) out.push(prior ? { ...aDoc, _rev: prior._rev } : aDoc);
    });
    if (out.length > 0) {
      const results = await local.bulkDocs(out);
      written += results.filter((r) => r.ok).length;
    }
  }
  return { marks: all, written };
}

/**
 * Merges what arrived in the replica since the last time into the library, in batches: each
 * document is checked first (a refused one is reported, and nothing local changes for it); the
 * checked ones become one bundle per batch, merged by the bundle merge's rules, the user's own
 * annotations (from another of their browsers) replacing theirs here when newer. Conflicting
 * revisions are resolved in the replica: a clipping's merge is written back, the user's own
 * annotation keeps its newest edit. `onProgress` hears the documents read so far.
 */
export async function mirror(db: ClipperDB, local: Replica, me: TeamIdentity, onProgress?: (read: number) => void): Promise<MirrorResult> {
  const result: MirrorResult = { read: 0, refused: [], newClippings: 0, annotations: 0 };
  let since: number | string = (await db.meta.get(SEQ_KEY))?.value ?? 0;
  let waiting = await readWaiting(local);
  for (;;) {
    const changes = await local.changes({ since, include_docs: true, conflicts: true, limit: MIRROR_BATCH });
    const docs: TeamDoc[] = [];
    const conflicted: TeamDoc[] = [];
    for (const change of changes.results) {
      if (change.deleted || !change.doc || change.id.startsWith('_design/')) continue;
      result.read++;
      const checked = checkTeamDoc(change.doc);
      if (!checked.ok) {
        result.refused.push({ id: checked.id, reason: checked.reason });
        continue;
      }
      docs.push(checked.doc);
      if (change.doc._conflicts && change.doc._conflicts.length > 0) conflicted.push(checked.doc);
    }
    // Annotations that waited for their clipping are tried again with this batch.
    if (waiting.length > 0) {
      const rows = (await local.allDocs({ keys: waiting, include_docs: true })).rows;
      for (const row of rows) {
        if (!row.doc) continue;
        const checked = checkTeamDoc(row.doc);
        if (checked.ok && !docs.some((d) => d._id === checked.doc._id)) docs.push(checked.doc);
      }
    }
    if (docs.length > 0) {
      const merged = await mergeDocs(db, local, docs, conflicted, me, result);
      waiting = merged.waiting;
      await writeWaiting(local, waiting);
    }
    if (changes.results.length === 0) break;
    since = changes.last_seq;
    if (typeof since === 'number') await db.meta.put({ key: SEQ_KEY, value: since });
    onProgress?.(result.read);
    if (changes.results.length < MIRROR_BATCH) break;
  }
  return result;
}

async function mergeDocs(db: ClipperDB, local: Replica, docs: TeamDoc[], conflicted: TeamDoc[], me: TeamIdentity, result: MirrorResult): Promise<{ waiting: string[] }> {
  const clippings = new Map<string, ClippingDoc>();
  const annotations: AnnotationDoc[] = [];
  for (const d of docs) {
    if (d.type === 'clipping') clippings.set(d.postId, d);
    else annotations.push(d);
  }
  // Conflicting revisions: each losing revision's content is merged too, then the conflict is settled.
  const extra: TeamDoc[] = [];
  for (const d of conflicted) extra.push(...(await losingRevisions(local, d._id)));
  const extraAnnotations = extra.filter((d): d is AnnotationDoc => d.type === 'annotation');
  annotations.push(...extraAnnotations);
  // Annotations whose clipping is not in the batch: from the replica.
  const missing = [...new Set(annotations.map((a) => a.postId).filter((id) => !clippings.has(id)))];
  if (missing.length > 0) {
    for (const row of (await local.allDocs({ keys: missing.map(clippingDocId), include_docs: true })).rows) {
      const checked = row.doc ? checkTeamDoc(row.doc) : null;
      if (checked?.ok && checked.doc.type === 'clipping') clippings.set(checked.doc.postId, checked.doc);
    }
  }
  const { bundle, own, waiting } = teamBundle(clippings, annotations, me.user, new Date());
  const problem = checkTeamBundle(bundle);
  if (problem) {
    for (const d of docs) result.refused.push({ id: d._id, reason: problem });
    return { waiting: [] };
  }
  const merged = await applyMerge(db, bundle, { name: me.name, organisation: me.organisation }, { own, builtInThemeNames: builtInThemeNames() });
  result.newClippings += merged.newClippings;
  result.annotations += merged.annotationsAdded + merged.annotationsUpdated;
  for (const d of extra.filter((x): x is ClippingDoc => x.type === 'clipping')) {
    await applyMerge(db, teamBundle(new Map([[d.postId, d]]), [], me.user, new Date()).bundle, { name: me.name, organisation: me.organisation });
  }
  await settleConflicts(db, local, conflicted, me);
  return { waiting };
}

/** The checked content of a document's losing revisions. */
async function losingRevisions(local: Replica, id: string): Promise<TeamDoc[]> {
  const doc = await local.get(id, { conflicts: true });
  const out: TeamDoc[] = [];
  for (const rev of doc._conflicts ?? []) {
    const checked = checkTeamDoc(await local.get(id, { rev }));
    if (checked.ok) out.push(checked.doc);
  }
  return out;
}

/**
 * Settles conflicting revisions in the replica (they replicate like any write): a clipping becomes
 * the library's merge of them all; the user's own annotation keeps its newest edit (by `updatedAt`,
 * then by revision, so every browser settles it the same way). A teammate's annotation is theirs to
 * settle: it is merged here by the newest edit and left as it is.
 */
async function settleConflicts(db: ClipperDB, local: Replica, conflicted: readonly TeamDoc[], me: TeamIdentity): Promise<void> {
  for (const d of conflicted) {
    if (d.type === 'annotation' && d.owner !== me.user) continue;
    const current = await local.get(d._id, { conflicts: true });
    const losers = current._conflicts ?? [];
    if (losers.length === 0) continue;
    let winner: Record<string, unknown> = current;
    if (d.type === 'clipping') {
      const record = await db.clippings.get(d.postId);
      if (record) winner = { ...clippingDocOf(record, d.contributor), _rev: current._rev };
    } else {
      const all = [current, ...(await Promise.all(losers.map((rev) => local.get(d._id, { rev }))))];
      const newest = all.reduce((a, b) => {
        const ta = Date.parse(String((a.annotation as { updatedAt?: string } | undefined)?.updatedAt ?? ''));
        const tb = Date.parse(String((b.annotation as { updatedAt?: string } | undefined)?.updatedAt ?? ''));
        return tb > ta || (tb === ta && String(b._rev) > String(a._rev)) ? b : a;
      });
      winner = { ...newest, _rev: current._rev };
    }
    const { _conflicts: _c, ...body } = winner as Record<string, unknown> & { _conflicts?: unknown };
    // When the winning revision already says it all, the losers are only closed: two browsers settling
    // the same conflict at once then agree at the next pass instead of making a new conflict each time.
    const deletions = losers.map((rev) => ({ _id: d._id, _rev: rev, _deleted: true }));
    await local.bulkDocs(sameDoc(body, current) ? deletions : [body, ...deletions]);
  }
}

async function readWaiting(local: Replica): Promise<string[]> {
  try {
    const doc = await local.get(WAITING_ID);
    return Array.isArray(doc.ids) ? (doc.ids as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 10_000) : [];
  } catch {
    return [];
  }
}

async function writeWaiting(local: Replica, ids: string[]): Promise<void> {
  let rev: string | undefined;
  try {
    rev = (await local.get(WAITING_ID))._rev;
  } catch {
    rev = undefined;
  }
  if (!rev && ids.length === 0) return;
  await local.put({ _id: WAITING_ID, ...(rev ? { _rev: rev } : {}), ids });
}

/** Forgets where the mirror had got to (leaving a team; a new team starts from its beginning). */
export async function forgetMirror(db: ClipperDB): Promise<void> {
  await db.meta.delete(SEQ_KEY);
}
