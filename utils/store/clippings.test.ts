import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB } from './db';
import { countClippings, latestClippings, removeClipping, restoreClipping, saveClipping, savedPostIds, NotFoundError } from './clippings';
import { makeSnapshot } from '@/tests/unit/snapshots';

let db: ClipperDB;
beforeEach(() => {
  db = new ClipperDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('clippings store', () => {
  it('saves a snapshot once per post and finds it saved', async () => {
    expect(await saveClipping(db, makeSnapshot(), 1000)).toEqual({ addedToLibrary: true });
    expect(await savedPostIds(db, ['1846200000000000001', '999'])).toEqual(['1846200000000000001']);
    expect(await countClippings(db)).toBe(1);
  });

  it('re-clipping refreshes the snapshot, keeps the first clip time and every earlier count', async () => {
    await saveClipping(db, makeSnapshot({ counts: { likes: 40 } }), 1000);
    const again = await saveClipping(
      db,
      makeSnapshot({ counts: { likes: 95 }, capturedAt: '2026-11-21T10:00:00.000Z', text: 'Edited text #lgadigital' }),
      5000,
    );
    expect(again.addedToLibrary).toBe(false);
    const record = (await db.clippings.get('1846200000000000001'))!;
    expect(record.clippedAt).toBe(1000);
    expect(record.updatedAt).toBe(5000);
    expect(record.snapshot.text).toBe('Edited text #lgadigital');
    expect(record.captures.map((c) => c.counts.likes)).toEqual([40, 95]);
    // The text it had before the edit is kept as an earlier version.
    expect(record.versions).toEqual([{ text: makeSnapshot().text, capturedAt: makeSnapshot().capturedAt }]);
  });

  it('an edited post re-clipped keeps every text it had, and search finds the earlier one', async () => {
    await saveClipping(db, makeSnapshot({ text: 'Road closed on Monday #lgadigital', capturedAt: '2026-11-20T09:00:00.000Z' }), 1000);
    await saveClipping(db, makeSnapshot({ text: 'Road closed on Tuesday #lgadigital', capturedAt: '2026-11-21T09:00:00.000Z' }), 2000);
    // The same text again adds no version.
    await saveClipping(db, makeSnapshot({ text: 'Road closed on Tuesday #lgadigital', capturedAt: '2026-11-21T12:00:00.000Z' }), 3000);
    await saveClipping(db, makeSnapshot({ text: 'Road open again #lgadigital', capturedAt: '2026-11-22T09:00:00.000Z' }), 4000);
    const record = (await db.clippings.get('1846200000000000001'))!;
    expect(record.snapshot.text).toBe('Road open again #lgadigital');
    expect(record.versions).toEqual([
      { text: 'Road closed on Monday #lgadigital', capturedAt: '2026-11-20T09:00:00.000Z' },
      // Its last capture before the edit was seen.
      { text: 'Road closed on Tuesday #lgadigital', capturedAt: '2026-11-21T12:00:00.000Z' },
    ]);
    expect(record.words).toContain('monday');
  });

  it('a capture cut short is not an edit: no version, the fuller text stays', async () => {
    await saveClipping(db, makeSnapshot({ text: 'A long thread opener that X showed in full #lgadigital', truncated: false }), 1);
    await saveClipping(db, makeSnapshot({ text: 'A long thread opener', truncated: true }), 2);
    expect((await db.clippings.get('1846200000000000001'))!.versions).toBeUndefined();
  });

  it('keeps the fuller text when a later capture was cut short by "Show more"', async () => {
    await saveClipping(db, makeSnapshot({ text: 'A long thread opener that X showed in full #lgadigital', truncated: false }), 1);
    await saveClipping(db, makeSnapshot({ text: 'A long thread opener', truncated: true }), 2);
    const record = (await db.clippings.get('1846200000000000001'))!;
    expect(record.snapshot.text).toBe('A long thread opener that X showed in full #lgadigital');
    expect(record.snapshot.truncated).toBe(false);
  });

  it("keeps a whole text read from X's data, and that it came from there, when a later capture without it was cut short", async () => {
    const whole = 'A long budget thread that only X\'s data held in full, every word of it #lgadigital';
    await saveClipping(db, makeSnapshot({ schema: 2, text: whole, truncated: false, sources: { text: 'x-data', entities: 'x-data', counts: { quotes: 'x-data' } } }), 1);
    await saveClipping(db, makeSnapshot({ schema: 2, text: 'A long budget thread', truncated: true }), 2);
    const record = (await db.clippings.get('1846200000000000001'))!;
    expect(record.snapshot).toMatchObject({ text: whole, truncated: false, sources: { text: 'x-data', entities: 'x-data' } });
    // A page-only capture cut short keeps no sources of its own beyond the kept text's.
    expect(record.snapshot.sources?.counts).toBeUndefined();
  });

  it('removal is a soft delete that restore undoes, keeping the record as it was', async () => {
    await saveClipping(db, makeSnapshot(), 1000);
    await removeClipping(db, '1846200000000000001', 2000);
    expect(await savedPostIds(db, ['1846200000000000001'])).toEqual([]);
    expect(await countClippings(db)).toBe(0);
    const removed = (await db.clippings.get('1846200000000000001'))!;
    expect(removed.removed).toBe(1);
    expect(removed.snapshot.text).toContain('Bins are collected');

    await restoreClipping(db, '1846200000000000001', 3000);
    expect(await savedPostIds(db, ['1846200000000000001'])).toEqual(['1846200000000000001']);
    expect((await db.clippings.get('1846200000000000001'))!.clippedAt).toBe(1000);
  });

  it('re-clipping a removed post brings it back', async () => {
    await saveClipping(db, makeSnapshot(), 1000);
    await removeClipping(db, '1846200000000000001', 2000);
    // It was not in the library (removed), so this save adds it, though it is not its first clip.
    expect(await saveClipping(db, makeSnapshot(), 3000)).toEqual({ addedToLibrary: true });
    expect(await savedPostIds(db, ['1846200000000000001'])).toEqual(['1846200000000000001']);
    expect((await db.clippings.get('1846200000000000001'))!.clippedAt).toBe(1000);
  });

  it('removing or restoring a post that was never clipped says so', async () => {
    await expect(removeClipping(db, '42')).rejects.toBeInstanceOf(NotFoundError);
    await expect(restoreClipping(db, '42')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists the latest clippings first, without removed ones', async () => {
    for (let i = 1; i <= 12; i++) await saveClipping(db, makeSnapshot({ postId: String(100 + i) }), i * 1000);
    await removeClipping(db, '112');
    const latest = await latestClippings(db, 10);
    expect(latest.map((c) => c.postId)).toEqual(['111', '110', '109', '108', '107', '106', '105', '104', '103', '102']);
  });
});
