import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { ClipperDB } from './db';
import { ANN, clip, councilPost, freshDb, postId } from '@/tests/unit/bundles';
import { exportLibrary } from './export-source';
import { copyFirst, queueCopies, runDueCopies } from './images';

let db: ClipperDB;
beforeEach(async () => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

describe('the export and image copies', () => {
  it('puts kept copies in the bundle without fetching them again, and fetches only images without a copy', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    const kept = 'https://pbs.twimg.com/media/kept?format=png&name=orig';
    const other = 'https://pbs.twimg.com/media/other?format=png&name=orig';
    const post = councilPost(1, { media: [{ type: 'photo', url: kept }, { type: 'photo', url: other }] });
    await clip(db, post);
    await queueCopies(db, post.postId, { media: [{ type: 'photo', url: kept }] }, 0);
    await runDueCopies(db, async () => ({ bytes: png, type: 'image/png' }), () => 1);
    const asked: string[] = [];
    const result = await exportLibrary(db, {
      scope: { kind: 'all' },
      anonymise: true,
      includeImages: true,
      contributor: ANN,
      now: new Date('2026-11-21T09:00:00Z'),
      fetchImage: copyFirst(db, async (url) => {
        asked.push(url);
        return png;
      }),
    });
    expect(asked).toEqual([other]);
    expect(result.missingImages).toEqual([]);
    const raw = unzipSync(result.bytes);
    expect([...raw[`media/${postId(1)}-1.png`]!]).toEqual([...png]);
  });
});
