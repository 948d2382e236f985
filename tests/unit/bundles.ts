import { unzipSync, strFromU8 } from 'fflate';
import { afterEach } from 'vitest';
import { ClipperDB, OWNER, newAnnotation, type AnnotationRecord, type ClippingRecord } from '@/utils/store/db';
import { searchWords } from '@/utils/domain/words';
import { saveClipping } from '@/utils/store/clippings';
import { adjustClippingCount } from '@/utils/store/counts';
import { indexClippings } from '@/utils/store/word-index';
import { updateAnnotation, type AnnotationPatch } from '@/utils/store/annotations';
import type { PostSnapshot } from '@/utils/snapshot';
import { makeSnapshot } from './snapshots';

/** Libraries and bundles for the bundle tests. */

export const ANN = { name: 'Ann Example', organisation: 'Example Borough Council' };
export const BEA = { name: 'Bea Editor', organisation: 'LGA' };
export const CAL = { name: 'Cal Officer', organisation: 'Sample County Council' };
export const DEV = { name: 'Dev Agency', organisation: 'Comms Ltd' };

let n = 0;
export function freshDb(): ClipperDB {
  return new ClipperDB(`bundle-test-${Date.now()}-${n++}-${Math.random()}`);
}

/** A maker of fresh databases for one test file: each is deleted after its test. */
export function freshDbsPerTest(): () => ClipperDB {
  const dbs: ClipperDB[] = [];
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((d) => d.delete()));
  });
  return () => {
    const d = freshDb();
    dbs.push(d);
    return d;
  };
}

export function postId(i: number): string {
  return `18462000000000${String(i).padStart(5, '0')}`;
}

/** A council's post (an official author). */
export function councilPost(i: number, overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  const id = postId(i);
  return makeSnapshot({ postId: id, permalink: `https://x.com/ExampleBoroughCncl/status/${id}`, ...overrides });
}

/** A resident's post: JaneResident23, "Jane Resident". */
export function residentPost(i: number, overrides: Partial<PostSnapshot> = {}): PostSnapshot {
  const id = postId(i);
  return makeSnapshot({
    postId: id,
    permalink: `https://x.com/JaneResident23/status/${id}`,
    author: { name: 'Jane Resident', handle: 'JaneResident23', verified: false, avatarUrl: 'https://pbs.twimg.com/profile_images/99/jane_normal.jpg' },
    text: 'Still no gritting on Elm Road @ExampleBoroughCncl #lgadigital',
    entities: { links: [], mentions: ['ExampleBoroughCncl'], hashtags: ['lgadigital'] },
    pageUrl: 'https://x.com/JaneResident23',
    ...overrides,
  });
}

export async function clip(db: ClipperDB, snapshot: PostSnapshot, patch: AnnotationPatch = {}, at = 1_000): Promise<void> {
  await saveClipping(db, snapshot, at);
  if (Object.keys(patch).length > 0) await updateAnnotation(db, snapshot.postId, patch, OWNER, at + 1);
}

export function unzipText(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** Every entry of the zip as text, and every entry of any zip inside it (the .docx) too. */
export function allTexts(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    out[name] = strFromU8(data, true);
    if (name.endsWith('.docx')) for (const [inner, d] of Object.entries(unzipSync(data))) out[`${name}/${inner}`] = strFromU8(d);
  }
  return out;
}

/** Many clippings at once (written directly, as saveClipping would leave them), for paging tests. */
export async function bulkClip(db: ClipperDB, count: number, make: (i: number) => PostSnapshot = councilPost): Promise<void> {
  const clippings: ClippingRecord[] = [];
  const annotations: AnnotationRecord[] = [];
  for (let i = 1; i <= count; i++) {
    const s = make(i);
    const a = newAnnotation(s.postId, OWNER, i);
    annotations.push(a);
    clippings.push({ postId: s.postId, snapshot: s, clippedAt: i, updatedAt: i, authorHandle: s.author.handle.toLowerCase(), postedAt: Date.parse(s.postedAt ?? '') || 0, removed: 0 as const, captures: [{ capturedAt: s.capturedAt, pageUrl: s.pageUrl, counts: s.counts }], words: searchWords(s, [a]) });
  }
  await db.transaction('rw', [db.clippings, db.annotations, db.meta, db.wordPosts], async () => {
    await indexClippings(db, clippings.map((record) => ({ record })));
    await db.clippings.bulkAdd(clippings);
    await db.annotations.bulkAdd(annotations);
    await adjustClippingCount(db, clippings.length);
  });
}
