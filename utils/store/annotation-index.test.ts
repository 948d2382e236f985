import { describe, expect, it } from 'vitest';
import { ANN, BEA, clip, councilPost, freshDbsPerTest, postId, residentPost } from '@/tests/unit/bundles';
import { readBundleBytes } from '@/utils/bundle/import';
import { exportBundle } from '@/utils/bundle/export';
import { annotationDocOf } from '@/utils/team/team-docs';
import { newAnnotation, type AnnotationRecord } from '@/utils/domain/records';
import { OWNER, type ClipperDB } from './db';
import { updateAnnotation } from './annotations';
import { changeMany } from './bulk';
import { applyMerge } from './merge';
import { mergeThemes } from './themes';
import { exportLibrary, libraryExportSource, uiMessages } from './export-source';
import { indexFieldsOf, withIndexFields, withoutIndexFields } from './annotation-index';

const db = freshDbsPerTest();

/** The annotations exactly as IndexedDB holds them, past Dexie and its reading hook. */
async function stored(d: ClipperDB): Promise<Array<Record<string, unknown>>> {
  await d.open();
  return new Promise((resolve, reject) => {
    const req = d.backendDB().transaction('annotations', 'readonly').objectStore('annotations').getAll();
    req.onsuccess = () => resolve(req.result as Array<Record<string, unknown>>);
    req.onerror = () => reject(req.error);
  });
}

/** The fields of AnnotationRecord, picked by name, in the order stored. */
const RECORD_FIELDS = new Set(['postId', 'contributorId', 'verdict', 'kind', 'themes', 'lesson', 'note', 'authorType', 'permission', 'hasLesson', 'forGuide', 'updatedAt']);
function recordOf(raw: Record<string, unknown>): AnnotationRecord {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => RECORD_FIELDS.has(k))) as unknown as AnnotationRecord;
}

/** Every stored annotation holds exactly its index fields, and every read gives the record without them. */
async function expectIndexed(d: ClipperDB) {
  const raw = await stored(d);
  expect(raw.length).toBeGreaterThan(0);
  for (const r of raw) {
    const record = recordOf(r);
    expect(Object.keys(r).filter((k) => !RECORD_FIELDS.has(k)).sort()).toEqual(Object.keys(indexFieldsOf(record)).sort());
    expect({ decided: r.decided, ownerKeys: r.ownerKeys }).toEqual({ decided: undefined, ownerKeys: undefined, ...indexFieldsOf(record) });
  }
  const plain = raw.map(recordOf);
  expect(await d.annotations.toArray()).toStrictEqual(plain);
  expect(await d.annotations.bulkGet(plain.map((a) => [a.postId, a.contributorId] as [string, string]))).toStrictEqual(plain);
  expect(await d.annotations.get([plain[0]!.postId, plain[0]!.contributorId])).toStrictEqual(plain[0]);
  expect(await d.annotations.where('postId').anyOf(plain.map((a) => a.postId)).toArray()).toStrictEqual(plain);
  const each: AnnotationRecord[] = [];
  await d.annotations.each((a) => void each.push(a));
  expect(each).toStrictEqual(plain);
  return plain;
}

describe('annotation index fields', () => {
  it('index the owner\u2019s values that are not the default, and every contributor\u2019s do and dont, nothing else', () => {
    expect(indexFieldsOf(newAnnotation('1', OWNER, 1))).toEqual({});
    expect(indexFieldsOf(newAnnotation('1', 'c:bea', 1))).toEqual({});
    const mine = { ...newAnnotation('1', OWNER, 1), verdict: 'dont' as const, kind: 'tip' as const, authorType: 'council' as const, permission: 'granted' as const, hasLesson: 1 as const };
    expect(indexFieldsOf(mine)).toEqual({ decided: 'dont', ownerKeys: ['kind:tip', 'authorType:council', 'permission:granted', 'lesson'] });
    expect(indexFieldsOf({ ...mine, contributorId: 'c:bea' })).toEqual({ decided: 'dont' });
    expect(indexFieldsOf({ ...mine, verdict: 'undecided', kind: null, hasLesson: 0 })).toEqual({ ownerKeys: ['authorType:council', 'permission:granted'] });
    // The argument is never changed; stale index fields are replaced.
    const copy = structuredClone(mine);
    const out = withIndexFields(mine);
    expect(mine).toStrictEqual(copy);
    expect(withIndexFields({ ...newAnnotation('1', OWNER, 1), decided: 'do', ownerKeys: ['lesson'] } as AnnotationRecord)).toStrictEqual(newAnnotation('1', OWNER, 1));
    expect(withoutIndexFields(out)).toStrictEqual(mine);
    expect(Object.keys(withoutIndexFields(out))).toEqual(Object.keys(mine));
  });

  it('are written by every path that writes an annotation, kept in step with edits, and never read back', async () => {
    const d = db();
    // saveClipping (through clip), updateAnnotation, for the owner and for a contributor.
    await clip(d, councilPost(1), { verdict: 'do', kind: 'example', lesson: 'Lead with the change', authorType: 'council', permission: 'granted', themes: ['tone'], forGuide: true });
    await clip(d, residentPost(2));
    await clip(d, councilPost(3), { verdict: 'dont' });
    await updateAnnotation(d, postId(2), { verdict: 'dont', lesson: 'Theirs' }, 'c:bea', 5);
    await expectIndexed(d);
    // Back to the defaults: the index fields go.
    await updateAnnotation(d, postId(1), { verdict: 'undecided', kind: null, lesson: '', authorType: 'notSet', permission: 'notAsked' }, OWNER, 6);
    // Bulk edits.
    await changeMany(d, [postId(2), postId(3)], { kind: 'permission', permission: 'refused' }, 7);
    await changeMany(d, [postId(2)], { kind: 'verdict', verdict: 'do' }, 8);
    // Dexie's own writes: put, update, modify.
    await d.annotations.put({ ...newAnnotation(postId(3), 'c:cal', 9), verdict: 'do', authorType: 'media' });
    await d.annotations.update([postId(3), OWNER], { authorType: 'officer', verdict: 'undecided' });
    await d.annotations.where('[contributorId+decided]').equals(['c:bea', 'dont']).modify((a) => void (a.verdict = 'do'));
    await mergeThemes(d, 'tone', 'emergencies');
    const plain = await expectIndexed(d);
    const owners = plain.filter((a) => a.contributorId === OWNER);
    expect(owners.map((a) => [a.postId, a.verdict, a.authorType, a.permission])).toEqual([
      [postId(1), 'undecided', 'notSet', 'notAsked'],
      [postId(2), 'do', 'notSet', 'refused'],
      [postId(3), 'undecided', 'officer', 'refused'],
    ]);
    expect(await d.annotations.where('[contributorId+decided]').equals(['c:bea', 'do']).primaryKeys()).toEqual([[postId(2), 'c:bea']]);

    // applyMerge: a bundle from another library, with its owner's own annotations coming back.
    const other = db();
    await clip(other, councilPost(4), { verdict: 'dont', kind: 'tip', authorType: 'public', lesson: 'Say sorry' });
    await clip(other, councilPost(1), { verdict: 'do', permission: 'asked' });
    const { bytes } = await exportLibrary(other, { scope: { kind: 'all' }, anonymise: false, includeImages: false, contributor: BEA, now: new Date('2026-11-21T09:00:00Z') });
    const read = readBundleBytes(bytes);
    if (!read.ok) throw new Error(read.problem.code);
    await applyMerge(d, read.bundle, ANN);
    const back = db();
    await applyMerge(back, read.bundle, BEA); // the owner's own, into an empty library
    await expectIndexed(d);
    const mine = await expectIndexed(back);
    expect(mine.find((a) => a.postId === postId(4))).toMatchObject({ contributorId: OWNER, verdict: 'dont', kind: 'tip', authorType: 'public', hasLesson: 1 });
  });

  it('leave bundles and team documents byte for byte as the records make them', async () => {
    const d = db();
    await clip(d, councilPost(1), { verdict: 'do', kind: 'example', lesson: 'Lead with the change', note: 'ask', authorType: 'council', permission: 'granted', themes: ['tone'], forGuide: true });
    await clip(d, residentPost(2), { permission: 'refused' });
    await clip(d, councilPost(3));
    await updateAnnotation(d, postId(1), { verdict: 'dont', lesson: 'Theirs', kind: 'tip' }, 'c:bea', 5);
    await d.contributors.put({ id: 'c:bea', name: BEA.name, organisation: BEA.organisation });
    const raw = await stored(d);
    expect(raw.some((r) => 'decided' in r || 'ownerKeys' in r)).toBe(true);
    const plain = raw.map(recordOf);

    // The export from the database against one whose annotations are the records picked field by field.
    const options = { scope: { kind: 'all' as const }, anonymise: false, includeImages: false, contributor: ANN, now: new Date('2026-11-21T09:00:00Z'), translate: uiMessages };
    const source = libraryExportSource(d);
    const picked = {
      start: source.start,
      page: async (ids: string[], contiguous: boolean) =>
        (await source.page(ids, contiguous)).map((item) => ({ record: item.record, annotations: item.annotations.map((a) => plain.find((p) => p.postId === a.postId && p.contributorId === a.contributorId)!) })),
    };
    const json = (bytes: Uint8Array) => {
      const read = readBundleBytes(bytes);
      if (!read.ok) throw new Error(read.problem.code);
      return JSON.stringify(read.bundle);
    };
    const fromDb = json((await exportBundle(source, options)).bytes);
    expect(fromDb).toBe(json((await exportBundle(picked, options)).bytes));
    expect(fromDb).not.toMatch(/"decided"|"ownerKeys"/);

    // The owner's team documents, from records read back and from the records picked.
    const themes = new Map((await d.themes.toArray()).map((t) => [t.id, t]));
    for (const p of plain.filter((a) => a.contributorId === OWNER)) {
      const read = (await d.annotations.get([p.postId, OWNER]))!;
      expect(JSON.stringify(annotationDocOf(read, 'ann', ANN, themes))).toBe(JSON.stringify(annotationDocOf(p, 'ann', ANN, themes)));
      expect(JSON.stringify(read)).toBe(JSON.stringify(p));
    }
  });
});
