import type { ClipperDB } from './db';
import { savedIds } from './clipping-index';

/**
 * Posts whose clipping or owner's annotation changed here and are still to be offered to the team
 * library (utils/team/engine.ts pushes them). Each write by the owner marks its posts in the same
 * transaction, as a `meta` record `team:<postId>` holding the time of the change, so an edit made
 * offline, or while no page is open, waits here until the next push. Merges (bundles, the team's
 * own documents) never mark: what arrives is not sent back.
 */

const PREFIX = 'team:';

export interface TeamMark {
  postId: string;
  markedAt: number;
}

/** Marks posts as changed by the owner; call inside the write's transaction (it must include `db.meta`). */
export async function markForTeam(db: ClipperDB, postIds: readonly string[], now: number): Promise<void> {
  if (postIds.length === 0) return;
  await db.meta.bulkPut([...new Set(postIds)].map((postId) => ({ key: PREFIX + postId, value: now })));
}

/** The marked posts, with the time each was marked. */
export async function teamMarks(db: ClipperDB, limit = Infinity): Promise<TeamMark[]> {
  let query = db.meta.where('key').startsWith(PREFIX);
  if (Number.isFinite(limit)) query = query.limit(limit);
  const records = await query.toArray();
  return records.map((r) => ({ postId: r.key.slice(PREFIX.length), markedAt: r.value }));
}

/** How many posts wait to be offered to the team. */
export function countTeamMarks(db: ClipperDB): Promise<number> {
  return db.meta.where('key').startsWith(PREFIX).count();
}

/** Clears marks once their posts are offered, keeping any re-marked since (a later edit). */
export async function clearTeamMarks(db: ClipperDB, marks: readonly TeamMark[]): Promise<void> {
  if (marks.length === 0) return;
  await db.transaction('rw', db.meta, async () => {
    const current = await db.meta.bulkGet(marks.map((m) => PREFIX + m.postId));
    const done = marks.filter((m, i) => current[i] && current[i]!.value <= m.markedAt).map((m) => PREFIX + m.postId);
    if (done.length > 0) await db.meta.bulkDelete(done);
  });
}

/** Marks every clipping in the library (not removed), for the first push after joining a team. */
export async function markWholeLibrary(db: ClipperDB, now: number): Promise<number> {
  const ids = await savedIds(db.clippings);
  for (let i = 0; i < ids.length; i += 2000) {
    const part = ids.slice(i, i + 2000);
    await db.transaction('rw', db.meta, () => markForTeam(db, part, now));
  }
  return ids.length;
}

/** Forgets every mark (leaving a team). */
export async function clearAllTeamMarks(db: ClipperDB): Promise<void> {
  await db.meta.where('key').startsWith(PREFIX).delete();
}
