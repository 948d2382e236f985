import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { applyMerge } from '@/utils/store/merge';
import { exportLibrary } from '@/utils/store/export-source';
import { blankOwnerAnnotation } from '@/utils/domain/records';
import { readBundleBytes } from '@/utils/bundle/import';
import { ANN, BEA, clip, councilPost, freshDb } from '@/tests/unit/bundles';
import { freshPageDb } from '@/tests/unit/page-db';
import { ContributorsSummary } from './ContributorsSummary';

beforeEach(async () => {
  await freshPageDb();
});
afterEach(cleanup);

/** The owner's library: one post of their own judged do, and Ann's two imported (one do, one don't). */
async function library() {
  const ann = freshDb();
  await clip(ann, councilPost(1), { verdict: 'do' }, 1_000);
  await clip(ann, councilPost(2), { verdict: 'dont' }, 2_000);
  const read = readBundleBytes((await exportLibrary(ann, { scope: { kind: 'all' }, anonymise: false, includeImages: false, contributor: ANN })).bytes);
  await ann.delete();
  if (!read.ok) throw new Error(read.problem.code);
  const db = getDb();
  await clip(db, councilPost(3), { verdict: 'do' }, 3_000);
  await applyMerge(db, read.bundle, BEA);
  return db;
}

async function rows(): Promise<string[][]> {
  const { container } = render(<ContributorsSummary ownerName={BEA.name} onChoose={() => {}} />);
  const details = container.querySelector('details')!;
  details.open = true;
  fireEvent(details, new Event('toggle'));
  await screen.findByRole('table');
  return [...container.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent ?? ''));
}

describe('ContributorsSummary', () => {
  it('counts every clipping as sent by the owner, with their annotation stored or not', async () => {
    const db = await library();
    expect((await db.annotations.toArray()).filter((a) => a.contributorId === OWNER)).toHaveLength(1);
    const absent = await rows();
    // In the order contributors first appear (by post, then contributor id): Ann's id sorts before the owner's.
    expect(absent).toEqual([
      ['Ann Example (Example Borough Council)', '2', '2', '–'],
      ['You (Bea Editor)', '3', '1', '–'],
    ]);
    cleanup();
    // The same library with the owner's blank annotations stored reads the same.
    const clippings = await db.clippings.toArray();
    await db.annotations.bulkPut(clippings.filter((c) => c.postId !== councilPost(3).postId).map((c) => blankOwnerAnnotation(c)));
    expect(await rows()).toEqual(absent);
  });
});
