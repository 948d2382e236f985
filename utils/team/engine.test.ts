import { describe, expect, it } from 'vitest';
import PouchDB from 'pouchdb-browser';
import { OWNER } from '@/utils/store/db';
import { updateAnnotation } from '@/utils/store/annotations';
import { clearTeamMarks, countTeamMarks } from '@/utils/store/team-marks';
import { councilPost, clip, freshDbsPerTest, residentPost } from '@/tests/unit/bundles';
import { mirror, pushMarked, type TeamIdentity } from './engine';
import { annotationDocId, clippingDocId } from './team-docs';
import type { Replica } from './replica';
import { parseSearch } from '@/utils/search/parse';
import { runSearch } from '@/utils/store/search';

const newDb = freshDbsPerTest();
let n = 0;
const replica = (): Replica => new PouchDB(`team-test-${Date.now()}-${n++}`);
const ANN: TeamIdentity = { user: 'ann', name: 'Ann Example', organisation: 'Example Borough Council' };
const BEN: TeamIdentity = { user: 'ben', name: 'Ben Officer', organisation: 'Sample County Council' };

/** One replication each way between two replicas, as the server would carry it. */
async function carry(from: Replica, to: Replica): Promise<void> {
  await from.replicate.to(to);
}

describe('the team library over the store', () => {
  it("sends a member's clip and verdict, and the other member sees them beside their own", async () => {
    const annDb = newDb();
    const benDb = newDb();
    const annLocal = replica();
    const benLocal = replica();
    await clip(annDb, councilPost(1), { verdict: 'do', lesson: 'Name the road and the date' });
    await clip(benDb, councilPost(1), { verdict: 'dont', lesson: 'Too vague' }, 5_000);
    const pushed = await pushMarked(annDb, annLocal, ANN);
    expect(pushed.written).toBe(2);
    // Marks stay until the caller knows the server has them.
    expect(await countTeamMarks(annDb)).toBe(1);
    await clearTeamMarks(annDb, pushed.marks);
    expect(await countTeamMarks(annDb)).toBe(0);
    await carry(annLocal, benLocal);
    const r = await mirror(benDb, benLocal, BEN);
    expect(r.refused).toEqual([]);
    const anns = await benDb.annotations.where('postId').equals(councilPost(1).postId).toArray();
    const mine = anns.find((a) => a.contributorId === OWNER)!;
    const hers = anns.find((a) => a.contributorId !== OWNER)!;
    expect(mine.verdict).toBe('dont');
    expect(mine.lesson).toBe('Too vague');
    expect(hers.verdict).toBe('do');
    expect(hers.lesson).toBe('Name the road and the date');
    expect((await benDb.contributors.get(hers.contributorId))?.name).toBe('Ann Example');
  });

  it('brings a teammate\'s clip into the library, and does not send it back', async () => {
    const annDb = newDb();
    const benDb = newDb();
    const annLocal = replica();
    const benLocal = replica();
    await clip(annDb, residentPost(2), { verdict: 'dont' });
    await pushMarked(annDb, annLocal, ANN);
    await carry(annLocal, benLocal);
    const r = await mirror(benDb, benLocal, BEN);
    expect(r.newClippings).toBe(1);
    expect((await benDb.clippings.get(residentPost(2).postId))?.snapshot.text).toContain('gritting');
    // What arrived is not the owner's change: nothing to send.
    expect(await countTeamMarks(benDb)).toBe(0);
    expect((await pushMarked(benDb, benLocal, BEN)).written).toBe(0);
    // Mirroring again adds nothing.
    const again = await mirror(benDb, benLocal, BEN);
    expect(again.newClippings).toBe(0);
    expect(again.annotations).toBe(0);
    // The owner's annotation of it is their blank one, not stored; their first edit stores it and sends it.
    expect(await benDb.annotations.get([residentPost(2).postId, OWNER])).toBeUndefined();
    await updateAnnotation(benDb, residentPost(2).postId, { verdict: 'do' }, OWNER, 9_000);
    await pushMarked(benDb, benLocal, BEN);
    expect((await benLocal.get(annotationDocId('ben', residentPost(2).postId))).annotation).toMatchObject({ verdict: 'do' });
  });

  it("keeps a blank annotation of the owner's at home", async () => {
    const db = newDb();
    const local = replica();
    await clip(db, councilPost(3));
    expect((await pushMarked(db, local, ANN)).written).toBe(1);
    await expect(local.get(annotationDocId('ann', councilPost(3).postId))).rejects.toBeTruthy();
    expect((await local.get(clippingDocId(councilPost(3).postId))).contributor).toBe('ann');
  });

  it('refuses a hostile document and changes nothing for it', async () => {
    const db = newDb();
    const local = replica();
    const id = councilPost(4).postId;
    await local.bulkDocs([
      { _id: clippingDocId(id), type: 'clipping', postId: id, contributor: 'eve', snapshot: { text: 'x'.repeat(2_000_000) }, clippedAt: new Date().toISOString() },
      { _id: annotationDocId('eve', id), type: 'annotation', owner: 'eve', postId: id, annotation: { verdict: '<script>alert(1)</script>' }, themes: [] },
      { _id: 'something-else', hello: 1 },
    ]);
    const r = await mirror(db, local, ANN);
    expect(r.refused.map((x) => x.reason).sort()).toEqual(['invalid', 'too-large', 'unknown-kind']);
    expect(await db.clippings.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
  });

  it("settles the same person's edits in two browsers to the newest", async () => {
    const home = newDb();
    const work = newDb();
    const homeLocal = replica();
    const workLocal = replica();
    const id = councilPost(5).postId;
    await clip(home, councilPost(5), { verdict: 'do', lesson: 'first' });
    await pushMarked(home, homeLocal, ANN);
    await carry(homeLocal, workLocal);
    await mirror(work, workLocal, ANN);
    expect((await work.annotations.get([id, OWNER]))?.lesson).toBe('first');
    // Both edit offline; work's edit is the newer.
    await updateAnnotation(home, id, { lesson: 'home edit' }, OWNER, 10_000);
    await updateAnnotation(work, id, { lesson: 'work edit' }, OWNER, 20_000);
    await pushMarked(home, homeLocal, ANN);
    await pushMarked(work, workLocal, ANN);
    await carry(homeLocal, workLocal);
    await carry(workLocal, homeLocal);
    await mirror(home, homeLocal, ANN);
    await mirror(work, workLocal, ANN);
    expect((await home.annotations.get([id, OWNER]))?.lesson).toBe('work edit');
    expect((await work.annotations.get([id, OWNER]))?.lesson).toBe('work edit');
    // The conflict is settled in the replica, the same way on both sides.
    await carry(homeLocal, workLocal);
    await carry(workLocal, homeLocal);
    const a = await homeLocal.get(annotationDocId('ann', id), { conflicts: true });
    const b = await workLocal.get(annotationDocId('ann', id), { conflicts: true });
    expect(a._conflicts ?? []).toEqual([]);
    expect((a.annotation as { lesson: string }).lesson).toBe('work edit');
    expect(b._rev).toBe(a._rev);
  });

  it("finds a teammate's disagreement and their verdicts by name, as the library's search does", async () => {
    const annDb = newDb();
    const benDb = newDb();
    const annLocal = replica();
    const benLocal = replica();
    await clip(annDb, councilPost(6), { verdict: 'do' });
    await clip(annDb, councilPost(7), { verdict: 'do' });
    await pushMarked(annDb, annLocal, ANN);
    await carry(annLocal, benLocal);
    await mirror(benDb, benLocal, BEN);
    await updateAnnotation(benDb, councilPost(6).postId, { verdict: 'dont' }, OWNER, 9_000);
    await updateAnnotation(benDb, councilPost(7).postId, { verdict: 'do' }, OWNER, 9_000);
    const search = async (text: string) => (await runSearch(benDb, parseSearch(text).query, {}, { sort: 'clipped', themes: [], ownerName: BEN.name })).ids;
    expect(await search('is:disagreement')).toEqual([councilPost(6).postId]);
    expect((await search('by:"Ann Example"')).sort()).toEqual([councilPost(6).postId, councilPost(7).postId].sort());
  });

  it('makes one clipping of a post two members clipped at once, with both captures, settled the same on both sides', async () => {
    const annDb = newDb();
    const benDb = newDb();
    const annLocal = replica();
    const benLocal = replica();
    const id = councilPost(8).postId;
    await clip(annDb, councilPost(8, { capturedAt: '2026-10-02T09:00:00.000Z', counts: { likes: 3 } }), {}, 1_000);
    await clip(benDb, councilPost(8, { capturedAt: '2026-10-02T10:00:00.000Z', counts: { likes: 9 } }), {}, 2_000);
    await pushMarked(annDb, annLocal, ANN);
    await pushMarked(benDb, benLocal, BEN);
    await carry(annLocal, benLocal);
    await carry(benLocal, annLocal);
    await mirror(annDb, annLocal, ANN);
    await mirror(benDb, benLocal, BEN);
    for (const db of [annDb, benDb]) {
      const c = (await db.clippings.get(id))!;
      expect(c.captures.map((x) => x.capturedAt)).toEqual(['2026-10-02T09:00:00.000Z', '2026-10-02T10:00:00.000Z']);
      expect(c.snapshot.counts.likes).toBe(9);
    }
    // Both settle the conflict at once; at the next pass they agree.
    for (let pass = 0; pass < 2; pass++) {
      await carry(annLocal, benLocal);
      await carry(benLocal, annLocal);
      await mirror(annDb, annLocal, ANN);
      await mirror(benDb, benLocal, BEN);
    }
    await carry(annLocal, benLocal);
    await carry(benLocal, annLocal);
    const a = await annLocal.get(clippingDocId(id), { conflicts: true });
    const b = await benLocal.get(clippingDocId(id), { conflicts: true });
    expect(a._conflicts ?? []).toEqual([]);
    expect(b._rev).toBe(a._rev);
    expect((a.captures as unknown[]).length).toBe(2);
  });
});
