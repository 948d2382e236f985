import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipperDB, OWNER } from './db';
import { saveClipping } from './clippings';
import { annotationsOf, updateAnnotation } from './annotations';
import { postsWithPrefix, postsWithWord } from './word-index';
import { makeSnapshot } from '@/tests/unit/snapshots';

let db: ClipperDB;
beforeEach(() => {
  db = new ClipperDB(`ann-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('annotations', () => {
  it('a new clipping is undecided, and a re-clip never touches what the owner wrote', async () => {
    await saveClipping(db, makeSnapshot(), 1);
    expect((await annotationsOf(db, '1846200000000000001'))[0]).toMatchObject({ contributorId: OWNER, verdict: 'undecided', lesson: '' });
    await updateAnnotation(db, '1846200000000000001', { verdict: 'do', lesson: 'Say what changes for residents first', themes: ['tone', 'tone', 'emergencies'] }, OWNER, 2);
    await saveClipping(db, makeSnapshot({ counts: { likes: 500 } }), 3);
    const [mine] = await annotationsOf(db, '1846200000000000001');
    expect(mine).toMatchObject({ verdict: 'do', lesson: 'Say what changes for residents first', themes: ['tone', 'emergencies'], hasLesson: 1 });
  });

  it('keeps several contributors apart on one post, the owner first', async () => {
    await saveClipping(db, makeSnapshot(), 1);
    await updateAnnotation(db, '1846200000000000001', { verdict: 'dont' }, 'editor-1', 2);
    await updateAnnotation(db, '1846200000000000001', { verdict: 'do' }, OWNER, 3);
    expect((await annotationsOf(db, '1846200000000000001')).map((a) => [a.contributorId, a.verdict])).toEqual([
      [OWNER, 'do'],
      ['editor-1', 'dont'],
    ]);
  });

  it('makes the lesson and note searchable', async () => {
    await saveClipping(db, makeSnapshot(), 1);
    await updateAnnotation(db, '1846200000000000001', { lesson: 'Résumé of gritting', note: 'ask the highways team' }, OWNER, 2);
    expect([...(await postsWithWord(db, 'resume'))]).toEqual(['1846200000000000001']);
    expect([...(await postsWithPrefix(db, 'highw'))]).toEqual(['1846200000000000001']);
  });
});
