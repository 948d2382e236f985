import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ANN, BEA, clip, councilPost, freshDbsPerTest, postId, residentPost, unzipText } from '@/tests/unit/bundles';
import { contributorBundle } from '@/tests/unit/team-bundle';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { readBundleBytes } from '@/utils/bundle/import';
import { exportBundle } from '@/utils/bundle/export';
import { clippingDocOf } from '@/utils/team/team-docs';
import { votesOf } from '@/utils/domain/agreement';
import type { ClippingRecord } from '@/utils/domain/records';
import type { Verdict } from '@/utils/domain/vocabulary';
import { OWNER, type ClipperDB } from './db';
import { updateAnnotation } from './annotations';
import { changeMany, setRemoved } from './bulk';
import { applyMerge } from './merge';
import { removeClipping, restoreClipping, saveClipping } from './clippings';
import { countClippings } from './counts';
import { markWholeLibrary, teamMarks } from './team-marks';
import { libraryExportSource, uiMessages } from './export-source';
import { clippingIndexFieldsOf, votesBetween, type VoteSummary, savedIds, savedIdsInPostOrder, withClippingIndexFields, withoutClippingIndexFields } from './clipping-index';

const db = freshDbsPerTest();

/** The clippings exactly as IndexedDB holds them, past Dexie and its reading hook. */
async function stored(d: ClipperDB): Promise<Array<Record<string, unknown>>> {
  await d.open();
  return new Promise((resolve, reject) => {
    const req = d.backendDB().transaction('clippings', 'readonly').objectStore('clippings').getAll();
    req.onsuccess = () => resolve(req.result as Array<Record<string, unknown>>);
    req.onerror = () => reject(req.error);
  });
}

const INDEX_FIELDS = new Set(['voteKeys']);
const SUMMARIES: VoteSummary[] = ['judged', 'agree', 'doLead', 'contest'];
function recordOf(raw: Record<string, unknown>): ClippingRecord {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !INDEX_FIELDS.has(k))) as unknown as ClippingRecord;
}

/** The post ids of each vote summary's entries, with `removed` 0 and 1, as IndexedDB lists them. */
async function voteEntries(d: ClipperDB): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of SUMMARIES) out[name] = (await d.clippings.where('voteKeys').between([name, 0, Dexie.minKey], [name, 1, Dexie.maxKey], true, true).primaryKeys()) as string[];
  return out;
}

/**
 * Every stored clipping holds exactly its index fields (the vote summary when somebody judged it,
 * nothing else), the vote indexes hold exactly the judged clippings, and every read gives the
 * record without them.
 */
async function expectIndexed(d: ClipperDB) {
  const raw = await stored(d);
  expect(raw.length).toBeGreaterThan(0);
  for (const r of raw) {
    const record = recordOf(r);
    expect(record.judged).toEqual(expect.any(Number));
    const fields = clippingIndexFieldsOf(record);
    expect(Object.keys(r).filter((k) => INDEX_FIELDS.has(k)).sort()).toEqual(Object.keys(fields).sort());
    if (record.judged! > 0) expect(fields).toEqual({ voteKeys: [['judged', record.removed, record.judged], ['agree', record.removed, record.agree], ['doLead', record.removed, record.doLead], ['contest', record.removed, record.contest]] });
    else expect(fields).toEqual({});
  }
  const judged = raw.filter((r) => (r.judged as number) > 0);
  const entries = await voteEntries(d);
  // Every entry: one of each summary for each judged clipping, nothing else.
  expect(await d.clippings.where('voteKeys').between(Dexie.minKey, Dexie.maxKey).count()).toBe(judged.length * 4);
  for (const [name, ids] of Object.entries(entries)) expect(ids.sort(), name).toEqual(judged.map((r) => r.postId as string).sort());
  const plain = raw.map(recordOf);
  expect(await d.clippings.toArray()).toStrictEqual(plain);
  expect(await d.clippings.bulkGet(plain.map((c) => c.postId))).toStrictEqual(plain);
  expect(await d.clippings.get(plain[0]!.postId)).toStrictEqual(plain[0]);
  expect(await d.clippings.where(':id').between(plain[0]!.postId, plain.at(-1)!.postId, true, true).toArray()).toStrictEqual(plain);
  const each: ClippingRecord[] = [];
  await d.clippings.each((c) => void each.push(c));
  expect(each).toStrictEqual(plain);
  return plain;
}

const judgedIds = async (d: ClipperDB) => ((await d.clippings.where('voteKeys').between(['judged', 0, Dexie.minKey], ['judged', 1, Dexie.maxKey], true, true).primaryKeys()) as string[]).sort();

describe('clipping index fields', () => {
  it('index the vote summary of a clipping somebody judged, nothing for one nobody judged', () => {
    const base = { removed: 0 as const, judged: 0, agree: 'none' as const, doLead: 0, contest: 0 };
    expect(clippingIndexFieldsOf(base)).toEqual({});
    expect(clippingIndexFieldsOf({ removed: 0 })).toEqual({});
    expect(clippingIndexFieldsOf({ removed: 1, ...votesOf([{ verdict: 'undecided' }, { verdict: 'undecided' }]) })).toEqual({});
    expect(clippingIndexFieldsOf({ removed: 0, ...votesOf([{ verdict: 'do' }, { verdict: 'dont' }, { verdict: 'dont' }]) })).toEqual({ voteKeys: [['judged', 0, 3], ['agree', 0, 'mixed'], ['doLead', 0, -1], ['contest', 0, 1]] });
    expect(clippingIndexFieldsOf({ removed: 1, ...votesOf([{ verdict: 'do' }, { verdict: 'undecided' }]) })).toEqual({ voteKeys: [['judged', 1, 1], ['agree', 1, 'do'], ['doLead', 1, 1], ['contest', 1, 0]] });
    // The argument is never changed; stale index fields are replaced or taken off; the fields keep their order.
    const snapshot = makeSnapshot({ postId: '1' });
    const record: ClippingRecord = { postId: '1', snapshot, clippedAt: 1, updatedAt: 1, authorHandle: 'a', postedAt: 0, removed: 0, captures: [], words: [], ...votesOf([{ verdict: 'dont' }]) };
    const copy = structuredClone(record);
    const out = withClippingIndexFields(record);
    expect(record).toStrictEqual(copy);
    expect(out).toStrictEqual({ ...record, voteKeys: [['judged', 0, 1], ['agree', 0, 'dont'], ['doLead', 0, -1], ['contest', 0, 0]] });
    expect(withoutClippingIndexFields(out)).toStrictEqual(record);
    expect(Object.keys(withoutClippingIndexFields(out))).toEqual(Object.keys(record));
    const unjudged = { ...record, ...votesOf([]) };
    expect(withClippingIndexFields(unjudged)).toBe(unjudged);
    expect(withClippingIndexFields({ ...out, ...votesOf([]) })).toStrictEqual(unjudged);
  });

  it('are written by every path that writes a clipping: a clipping judged gains its entries, one judged no more loses them', async () => {
    const d = db();
    // saveClipping (through clip) and updateAnnotation, the owner's verdicts and a teammate's.
    await clip(d, councilPost(1), { verdict: 'do' });
    await clip(d, residentPost(2));
    await clip(d, councilPost(3), { verdict: 'dont', kind: 'tip' });
    await clip(d, councilPost(4), { lesson: 'Not a verdict' });
    await updateAnnotation(d, postId(2), { verdict: 'dont' }, 'c:bea', 5);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([postId(1), postId(2), postId(3)]);
    // A verdict set back to undecided: the entries go; set again: they come back.
    await updateAnnotation(d, postId(1), { verdict: 'undecided' }, OWNER, 6);
    expect(await judgedIds(d)).toEqual([postId(2), postId(3)]);
    await updateAnnotation(d, postId(4), { verdict: 'do' }, 'c:bea', 7);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([postId(2), postId(3), postId(4)]);
    // Bulk edits, both ways.
    await changeMany(d, [postId(1), postId(3)], { kind: 'verdict', verdict: 'undecided' }, 8);
    expect(await judgedIds(d)).toEqual([postId(2), postId(4)]);
    await changeMany(d, [postId(1)], { kind: 'verdict', verdict: 'do' }, 9);
    expect(await judgedIds(d)).toEqual([postId(1), postId(2), postId(4)]);
    // Removed and restored: a judged clipping keeps its entries, under removed 1 then 0.
    await removeClipping(d, postId(1), 10);
    await setRemoved(d, [postId(4)], true, 11);
    expect(await votesBetween(d.clippings, 'judged', 1, Dexie.minKey, Dexie.maxKey).primaryKeys()).toEqual([postId(1), postId(4)]);
    expect(await votesBetween(d.clippings, 'judged', 0, Dexie.minKey, Dexie.maxKey).primaryKeys()).toEqual([postId(2)]);
    await restoreClipping(d, postId(1), 12);
    await setRemoved(d, [postId(4)], false, 13);
    await expectIndexed(d);
    // A clipping saved again keeps what it had.
    await saveClipping(d, councilPost(2, { text: 'Edited' }), 14);
    expect(await judgedIds(d)).toEqual([postId(1), postId(2), postId(4)]);
    // Dexie's own writes: put, update, modify, bulkUpdate.
    const three = (await d.clippings.get(postId(3)))!;
    await d.clippings.put({ ...three, ...votesOf([{ verdict: 'do' }, { verdict: 'do' }]) });
    await d.clippings.update(postId(2), { ...votesOf([]) } as Partial<ClippingRecord>);
    await votesBetween(d.clippings, 'agree', 0, 'do', 'do').modify((c) => void Object.assign(c, votesOf([{ verdict: 'dont' }])));
    await d.clippings.bulkUpdate([{ key: postId(4), changes: { ...votesOf([]) } as Partial<ClippingRecord> }]);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([postId(1), postId(3)]);
    expect(await votesBetween(d.clippings, 'agree', 0, 'dont', 'dont').primaryKeys()).toEqual([postId(1), postId(3)]);
  });

  it('follow merges: bundles and the team\u2019s documents, a teammate\u2019s verdict given then taken back', async () => {
    const d = db();
    // Each bundle's annotations are newer than the last one's, as a teammate's later edits are.
    let day = 20;
    const bundle = (verdict: (i: number) => Verdict) => {
      const b = contributorBundle(ANN, 6, (i) => councilPost(i), verdict);
      const at = `2026-11-${day++}T10:05:00.000Z`;
      return { ...b, clippings: b.clippings.map((c) => ({ ...c, annotations: c.annotations.map((a) => ({ ...a, updatedAt: at })) })) };
    };
    // An import of clippings nobody judged writes no vote entries.
    await applyMerge(d, bundle(() => 'undecided'), BEA);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([]);
    // The teammate judges some; then takes two back.
    await applyMerge(d, bundle((i) => (i % 2 === 0 ? 'do' : i === 3 ? 'dont' : 'undecided')), BEA);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([postId(2), postId(3), postId(4), postId(6)]);
    await applyMerge(d, bundle((i) => (i === 2 || i === 3 ? 'undecided' : i % 2 === 0 ? 'do' : 'undecided')), BEA);
    await expectIndexed(d);
    expect(await judgedIds(d)).toEqual([postId(4), postId(6)]);
  });

  it('leave the library\u2019s other readers as they were: the clippings not removed, in post id order where it matters', async () => {
    const d = db();
    for (const i of [5, 1, 4, 2, 3, 6]) await clip(d, councilPost(i), i % 2 === 0 ? { verdict: 'do' } : {}, 100 - i);
    await removeClipping(d, postId(4), 200);
    await removeClipping(d, postId(5), 200);
    const kept = [1, 2, 3, 6].map(postId);
    expect(await savedIdsInPostOrder(d.clippings)).toEqual(kept);
    expect((await savedIds(d.clippings)).sort()).toEqual(kept);
    expect((await savedIds(d.clippings)).sort()).toEqual(kept);
    await d.meta.clear();
    expect(await countClippings(d)).toBe(4);
    expect(await markWholeLibrary(d, 300)).toBe(4);
    expect((await teamMarks(d)).map((m) => m.postId).sort()).toEqual(kept);
    const source = libraryExportSource(d);
    const { ids } = await source.start({ kind: 'all' });
    expect(ids).toEqual(kept);
  });

  it('leave bundles and team documents byte for byte as the records make them', async () => {
    const d = db();
    await clip(d, councilPost(1), { verdict: 'do', kind: 'example', lesson: 'Lead with the change', note: 'ask', authorType: 'council', permission: 'granted', themes: ['tone'], forGuide: true });
    await clip(d, residentPost(2), { permission: 'refused' });
    await clip(d, councilPost(3));
    await updateAnnotation(d, postId(3), { verdict: 'dont' }, 'c:bea', 5);
    await d.contributors.put({ id: 'c:bea', name: BEA.name, organisation: BEA.organisation });
    const raw = await stored(d);
    expect(raw.filter((r) => 'voteKeys' in r).length).toBe(2);
    expect(raw.some((r) => !('voteKeys' in r))).toBe(true);
    const plain = raw.map(recordOf);

    // The export from the database against one whose clippings are the records picked field by field.
    const options = { scope: { kind: 'all' as const }, anonymise: false, includeImages: false, contributor: ANN, now: new Date('2026-11-21T09:00:00Z'), translate: uiMessages };
    const source = libraryExportSource(d);
    const picked = {
      start: source.start,
      page: async (ids: string[], contiguous: boolean) => (await source.page(ids, contiguous)).map((item) => ({ record: plain.find((p) => p.postId === item.record.postId)!, annotations: item.annotations })),
    };
    const fromDb = (await exportBundle(source, options)).bytes;
    const fromRecords = (await exportBundle(picked, options)).bytes;
    const json = (bytes: Uint8Array) => {
      const read = readBundleBytes(bytes);
      if (!read.ok) throw new Error(read.problem.code);
      return JSON.stringify(read.bundle);
    };
    expect(json(fromDb)).toBe(json(fromRecords));
    expect(json(fromDb)).not.toMatch(/"voteKeys"/);
    expect(unzipText(fromDb)['bundle.json']).toBe(unzipText(fromRecords)['bundle.json']);

    // The team's clipping documents, from records read back and from the records picked.
    for (const p of plain) {
      const read = (await d.clippings.get(p.postId))!;
      expect(JSON.stringify(clippingDocOf(read, 'ann'))).toBe(JSON.stringify(clippingDocOf(p, 'ann')));
      expect(JSON.stringify(read)).toBe(JSON.stringify(p));
    }
  });
});
