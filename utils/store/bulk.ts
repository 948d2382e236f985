import { OWNER } from '@/utils/domain/contributors';
import { markForTeam } from './team-marks';
import { newAnnotation, type AnnotationRecord } from '@/utils/domain/records';
import type { AuthorType, Permission, Verdict } from '@/utils/domain/vocabulary';
import { votesOf } from '@/utils/domain/agreement';
import type { ClipperDB } from './db';
import { recordChanges } from './outbox';
import { adjustClippingCount } from './counts';

/**
 * Changes to many clippings at once, from the library's selection: each is one transaction, so it
 * happens to all of them or to none. Annotation changes are the owner's.
 */

export type BulkChange =
  | { kind: 'verdict'; verdict: Verdict }
  | { kind: 'addTheme'; themeId: string }
  | { kind: 'removeTheme'; themeId: string }
  | { kind: 'authorType'; authorType: AuthorType }
  | { kind: 'permission'; permission: Permission };

function changed(a: AnnotationRecord, change: BulkChange): AnnotationRecord | null {
  switch (change.kind) {
    case 'verdict':
      return a.verdict === change.verdict ? null : { ...a, verdict: change.verdict };
    case 'addTheme':
      return a.themes.includes(change.themeId) ? null : { ...a, themes: [...a.themes, change.themeId] };
    case 'removeTheme':
      return a.themes.includes(change.themeId) ? { ...a, themes: a.themes.filter((t) => t !== change.themeId) } : null;
    case 'authorType':
      return a.authorType === change.authorType ? null : { ...a, authorType: change.authorType };
    case 'permission':
      return a.permission === change.permission ? null : { ...a, permission: change.permission };
  }
}

/** Applies one change to the owner's annotation of each clipping given; says how many changed. */
export async function changeMany(db: ClipperDB, postIds: readonly string[], change: BulkChange, now = Date.now()): Promise<number> {
  const ids = [...new Set(postIds)];
  return db.transaction('rw', db.annotations, db.clippings, db.meta, async () => {
    const current = await db.annotations.bulkGet(ids.map((id) => [id, OWNER] as [string, string]));
    const next: AnnotationRecord[] = [];
    ids.forEach((id, i) => {
      const after = changed(current[i] ?? newAnnotation(id, OWNER, now), change);
      if (after) next.push({ ...after, updatedAt: now });
    });
    if (next.length > 0) await db.annotations.bulkPut(next);
    await markForTeam(db, next.map((a) => a.postId), now);
    if (change.kind === 'verdict' && next.length > 0) await refreshVotes(db, next.map((a) => a.postId));
    return next.length;
  });
}

/** Works out again how the verdicts on these posts stand, and keeps it on their clippings (inside the caller's transaction). */
async function refreshVotes(db: ClipperDB, postIds: readonly string[]): Promise<void> {
  const all = await db.annotations.where('postId').anyOf([...postIds]).toArray();
  const byPost = new Map<string, AnnotationRecord[]>();
  for (const a of all) {
    let list = byPost.get(a.postId);
    if (!list) byPost.set(a.postId, (list = []));
    list.push(a);
  }
  const clippings = await db.clippings.bulkGet([...postIds]);
  const updated = clippings.filter((c) => !!c).map((c) => ({ ...c!, ...votesOf(byPost.get(c!.postId) ?? []) }));
  if (updated.length > 0) await db.clippings.bulkPut(updated);
}

/**
 * Removes (or, `removed: false`, restores) many clippings, as the single Remove and Undo do: a soft
 * delete recorded in the outbox, so X tabs hear of it. Says which clippings changed.
 */
export async function setRemoved(db: ClipperDB, postIds: readonly string[], removed: boolean, now = Date.now()): Promise<string[]> {
  const ids = [...new Set(postIds)];
  return db.transaction('rw', db.clippings, db.outbox, db.meta, async () => {
    const records = await db.clippings.bulkGet(ids);
    const flag = removed ? 1 : 0;
    const toChange = records.filter((r) => r && r.removed !== flag).map((r) => r!);
    if (toChange.length === 0) return [];
    await db.clippings.bulkPut(toChange.map((r) => ({ ...r, removed: flag as 0 | 1, removedAt: removed ? now : undefined, updatedAt: now })));
    await adjustClippingCount(db, removed ? -toChange.length : toChange.length);
    await recordChanges(
      db,
      toChange.map((r) => ({ postId: r.postId, saved: !removed })),
    );
    return toChange.map((r) => r.postId);
  });
}
