import type { Transaction } from 'dexie';
import type { Bundle, BundleAnnotation, BundleClipping } from '@/utils/bundle/schema';
import { contributorIdOf, contributorKey, normaliseName } from '@/utils/bundle/identity';
import { CLIPPING_COUNT, MAX_CAPTURES, OWNER, type AnnotationRecord, type CaptureRecord, type ClipperDB, type ClippingRecord, type ContributorRecord, type MetaRecord, type ThemeRecord } from './db';
import { searchWords } from '@/utils/domain/words';
import { blankOwnerAnnotation } from '@/utils/domain/records';
import { mergeVersions, reconcileText, sameText, type TextVersion } from '@/utils/domain/text-versions';
import { recordChanges } from './outbox';
import { adjustClippingCount } from './counts';
import { indexClippings } from './word-index';
import { inTurns, slicer } from './slices';

export { agreementOf, type Agreement } from '@/utils/domain/agreement';
import { sameVotes, votesOf, type Votes } from '@/utils/domain/agreement';

/**
 * Merging a bundle into the library, by post id and contributor, in one transaction:
 *
 * - A post new to the library becomes a clipping (not removed) with its search words and the bundle's
 *   captures. It gets no annotation by the owner: a clipping with none stored reads as the owner's
 *   blank one (`blankOwnerAnnotation`, utils/domain/records.ts), so 10,000 clippings imported are
 *   not 10,000 records that hold nothing.
 * - A post already here keeps its snapshot, except that a newer capture's counts (and capture time)
 *   replace older ones; both captures are kept in `captures` (one per capture time, oldest first).
 *   A capture with the whole text replaces one cut short at "Show more". When the bundle's text
 *   differs (the post was edited), the newer capture's snapshot is kept and the other text becomes an
 *   earlier version; both sides' earlier versions are kept (utils/domain/text-versions.ts).
 *   A clipping the owner removed stays removed.
 * - Each contributor's annotations are stored under their own contributorId (from name and
 *   organisation); one newer than the stored one replaces it, an older one is ignored.
 * - Annotations whose contributor is the owner (by the owner's current name and organisation) are
 *   the owner's own, sent back: skipped, so the owner's annotations never change. The one exception
 *   is a post new to this library: the owner has no annotation of it yet, so theirs from the bundle
 *   becomes it (a library moved to a new browser keeps its owner's work). The owner's annotations
 *   named in `MergeOptions.own` are compared with the stored one, or when none is stored with the
 *   blank it stands for (dated the clip time).
 * - Theme ids the library does not know map to a theme of the same name, or else become themes of
 *   the user's own with the bundle's name (only those an added annotation uses).
 * - The same bundle twice changes nothing the second time.
 * - The posts it adds are recorded in the outbox in the same transaction, so X tabs are told of them.
 * - The word table (utils/store/word-index.ts) is kept in step in the same transaction: one record
 *   per word and block of new posts, and only the records of words a changed post gained or lost.
 */

export interface MergePlan {
  newClippings: number;
  existingClippings: number;
  contributors: Array<{ id: string; name: string; organisation: string; annotations: number; isOwner: boolean }>;
  annotationsToAdd: number;
  annotationsToUpdate: number;
  nothingToDo: boolean;
  /** Clippings already here whose counts or captures the bundle brings up to date. */
  clippingsToUpdate?: number;
  /** Themes the bundle adds to the library. */
  themesToAdd?: number;
}

export interface MergeResult {
  newClippings: number;
  updatedClippings: number;
  annotationsAdded: number;
  annotationsUpdated: number;
  /** Names of the contributors whose annotations were added or updated. */
  contributors: string[];
}

interface Work {
  plan: MergePlan;
  clippings: ClippingRecord[];
  annotations: AnnotationRecord[];
  themes: ThemeRecord[];
  contributors: ContributorRecord[];
  contributorNames: string[];
  /** Posts new to the library, which the merge adds as saved clippings. */
  addedPostIds: string[];
  /** The stored records of the bundle's posts already here, which `clippings` may replace. */
  existing: Map<string, ClippingRecord>;
}

/** What a caller other than the bundle import may ask of a merge. */
export interface MergeOptions {
  /**
   * Annotations of the merged bundle that are the owner's own (the team library knows them by user
   * name). On a post already here, one of them newer than the owner's stored annotation replaces it;
   * an older one is ignored, so the same person's edits in two browsers end at the newest.
   */
  own?: ReadonlySet<BundleAnnotation>;
  /**
   * Told how many of the bundle's clippings are stored, as the writes go: first those with nothing to
   * write, then, after each group of records written (the contributors' annotations first, then the posts'
   * groups of `WRITE_GROUP`), the rest in proportion to the records written, ending at all of them.
   * Nothing is kept until the end: the merge is one transaction.
   */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the merge: the transaction is aborted, the library is left as it was, and the merge rejects. */
  signal?: AbortSignal;
  /**
   * The built-in themes' names in the user's language, by id (`builtInThemeNames()`, utils/i18n/theme-names.ts):
   * a bundle's own theme of the same name is filed under the built-in one. Passed in, not looked up, so that
   * the merge runs where the browser's i18n does not (the import's worker); without them, built-in themes
   * match by id alone.
   */
  builtInThemeNames?: Readonly<Record<string, string>>;
}

/**
 * How many posts' records a progress step covers. The page copies a group's records in one task (to ask
 * for their writes): at 2,000 that task was the longest left in an import and a team's sync (0.3 to 0.6 s on
 * a slow machine); at 1,000 it is half that, and the import takes no longer (docs/performance.md).
 */
export const WRITE_GROUP = 1000;

/** The merge's rejection when its signal stopped it: the library is as it was. */
export class MergeStopped extends Error {
  constructor() {
    super('The merge was stopped; nothing was changed');
    this.name = 'MergeStopped';
  }
}

const OWN_KEY = '\u0001own';

function captureKey(c: CaptureRecord): string {
  return c.capturedAt;
}

function capturesOf(c: BundleClipping): CaptureRecord[] {
  const list = c.captures && c.captures.length > 0 ? c.captures : [{ capturedAt: c.snapshot.capturedAt, pageUrl: c.snapshot.pageUrl, counts: c.snapshot.counts }];
  return list.map((x) => ({ capturedAt: x.capturedAt, pageUrl: x.pageUrl, counts: x.counts }));
}

/** Both lists of captures, one per capture time, oldest first, at most MAX_CAPTURES (the newest kept). */
function mergeCaptures(mine: readonly CaptureRecord[], theirs: readonly CaptureRecord[]): CaptureRecord[] {
  const byTime = new Map<string, CaptureRecord>();
  for (const c of mine) byTime.set(captureKey(c), c);
  for (const c of theirs) if (!byTime.has(captureKey(c))) byTime.set(captureKey(c), c);
  return [...byTime.values()].sort((a, b) => Date.parse(a.capturedAt) - Date.parse(b.capturedAt)).slice(-MAX_CAPTURES);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function postedAtOf(iso: string | undefined): number {
  return iso ? Date.parse(iso) || 0 : 0;
}

/**
 * The snapshot and earlier texts of a post already here, with a bundle's capture of it. The stored
 * snapshot and versions come back unchanged (the same objects) when the bundle adds nothing to them.
 */
function mergedText(before: ClippingRecord, c: BundleClipping): { snapshot: ClippingRecord['snapshot']; versions: TextVersion[] | undefined } {
  const theirs = c.snapshot;
  const newer = Date.parse(theirs.capturedAt) > Date.parse(before.snapshot.capturedAt);
  let snapshot = before.snapshot;
  let versions = before.versions;
  if (sameText(before.snapshot, theirs)) {
    if (before.snapshot.truncated && !theirs.truncated) snapshot = { ...snapshot, text: theirs.text, entities: theirs.entities, truncated: false };
    if (newer) snapshot = { ...snapshot, counts: theirs.counts, capturedAt: theirs.capturedAt };
    if (c.versions && c.versions.length > 0) {
      const merged = mergeVersions(snapshot, [...(before.versions ?? []), ...c.versions]);
      if (!sameJson(merged, before.versions ?? [])) versions = merged;
    }
  } else {
    const r = reconcileText(before.snapshot, theirs, [...(before.versions ?? []), ...(c.versions ?? [])]);
    if (r.keep === 'incoming') snapshot = theirs;
    if (!sameJson(r.versions, before.versions ?? [])) versions = r.versions;
  }
  return { snapshot, versions: versions && versions.length > 0 ? versions : undefined };
}

/**
 * How many keys the keys-only read of `postsHere` may list per post asked about before it gives up
 * for a read per post. A key listed costs far less than a record read (one request each): in
 * Chromium the second import of the same 10,000 posts, which lists 10,000 keys and then reads them,
 * takes the same CPU time as reading them alone.
 */
const KEYS_PER_POST = 4;

/**
 * Which of the posts are in the library (removed or not), to be read. One keys-only read of the
 * clippings' keys from the lowest post id to the highest instead of a read per post: a first import
 * of 10,000 posts would otherwise ask 10,000 times and find nothing, and a second import of the same
 * posts lists 10,000 keys, far cheaper than the reads that follow. When the library holds many more
 * posts in that range than are asked about (a small bundle or a team batch into a large library),
 * every post asked about is read instead, as a missing one is skipped.
 */
async function postsHere(db: ClipperDB, postIds: string[]): Promise<string[]> {
  let first = postIds[0];
  let last = first;
  if (first === undefined || last === undefined) return [];
  // Strings compare in JavaScript as IndexedDB compares string keys: by UTF-16 code unit.
  for (const id of postIds) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  const limit = KEYS_PER_POST * postIds.length;
  const keys = await db.clippings.where(':id').between(first, last, true, true).limit(limit).primaryKeys();
  if (keys.length >= limit) return postIds;
  const wanted = new Set(postIds);
  return keys.filter((id) => wanted.has(id));
}

/**
 * Works out every record the merge writes, reading only (inside or outside a transaction). `early`, when
 * given, is handed the contributors' annotations as soon as they are worked out (before the clippings and
 * their search words), to be written while the rest is worked out.
 */
async function work(
  db: ClipperDB,
  bundle: Bundle,
  owner: { name: string; organisation: string },
  now: number,
  options: MergeOptions = {},
  early?: (annotations: readonly AnnotationRecord[]) => void,
  planOnly = false,
): Promise<Work> {
  const ownerKey = normaliseName(owner.name) ? contributorKey(owner) : null;
  const own = options.own;
  // Each annotation's contributor is asked for several times below, and a bundle names a few people tens of
  // thousands of times: each name and organisation is normalised once (a tenth of a second at 50,000).
  const personKeys = new Map<string, Map<string, string>>();
  const keyOf = (c: BundleAnnotation['contributor']) => {
    let byOrganisation = personKeys.get(c.name);
    if (!byOrganisation) personKeys.set(c.name, (byOrganisation = new Map()));
    let key = byOrganisation.get(c.organisation);
    if (key === undefined) byOrganisation.set(c.organisation, (key = contributorKey(c)));
    return key;
  };
  // The owner's own annotations named by the caller (the team library's, by user name) are the owner's whatever name they carry.
  const personKey = (a: BundleAnnotation) => (own?.has(a) ? OWN_KEY : keyOf(a.contributor));
  const postIds = bundle.clippings.map((c) => c.postId);
  // The loops over every post below go a slice at a time (utils/store/slices.ts).
  const nextSlice = slicer(() => db.clippings.get(''));
  const existingRecords = await db.clippings.bulkGet(await postsHere(db, postIds));
  const existing = new Map<string, ClippingRecord>();
  for (const r of existingRecords) if (r) existing.set(r.postId, r);

  // Contributors of the bundle, by key.
  const people = new Map<string, { id: string; name: string; organisation: string; annotations: number; isOwner: boolean }>();
  for (const c of bundle.clippings) {
    for (const a of c.annotations) {
      const key = personKey(a);
      let p = people.get(key);
      if (!p) {
        const isOwner = key === ownerKey || key === OWN_KEY;
        p = { id: isOwner ? OWNER : contributorIdOf(a.contributor), name: a.contributor.name.trim(), organisation: a.contributor.organisation.trim(), annotations: 0, isOwner };
        people.set(key, p);
      }
      p.annotations++;
    }
  }

  // Stored annotations of the bundle's contributors on the bundle's posts. Only a post already here
  // can have any: no clipping or annotation is ever deleted, and the team library merges an
  // annotation only with its clipping (utils/team/engine.ts, mergeDocs: one whose clipping has not
  // arrived waits), so an annotation is never stored without its clipping.
  const keys: Array<[string, string]> = [];
  for (const c of bundle.clippings) {
    if (!existing.has(c.postId)) continue;
    for (const a of c.annotations) {
      const p = people.get(personKey(a))!;
      if (!p.isOwner || own?.has(a)) keys.push([c.postId, p.id]);
    }
  }
  const storedList = keys.length > 0 ? await db.annotations.bulkGet(keys) : [];
  const stored = new Map<string, AnnotationRecord>();
  for (const a of storedList) if (a) stored.set(`${a.postId}\u0000${a.contributorId}`, a);

  // Themes: by id, else by equal name, else new.
  const libraryThemes = await db.themes.orderBy('order').toArray();
  const byId = new Map(libraryThemes.map((t) => [t.id, t]));
  const byName = new Map<string, string>();
  const builtInNames = options.builtInThemeNames ?? {};
  for (const t of libraryThemes) {
    const name = normaliseName(t.name ?? (t.builtIn ? (builtInNames[t.id] ?? '') : ''));
    if (name && !byName.has(name)) byName.set(name, t.id);
  }
  const bundleThemes = new Map(bundle.themes.map((t) => [t.id, t.name]));
  const themeMap = new Map<string, string>();
  const newThemes = new Map<string, ThemeRecord>();
  let nextOrder = (libraryThemes.at(-1)?.order ?? -1) + 1;
  const mapTheme = (id: string): string | null => {
    const known = themeMap.get(id);
    if (known) return known;
    let to: string | null = null;
    if (byId.has(id)) to = id;
    else {
      const name = bundleThemes.get(id);
      if (!name) return null;
      const same = byName.get(normaliseName(name));
      if (same) to = same;
      else {
        to = id;
        const record: ThemeRecord = { id, name: name.trim(), order: nextOrder++, builtIn: 0 };
        newThemes.set(id, record);
        byName.set(normaliseName(name), id);
      }
    }
    themeMap.set(id, to);
    return to;
  };

  const toRecord = (postId: string, contributorId: string, a: BundleAnnotation): AnnotationRecord => {
    const themes: string[] = [];
    for (const t of a.themes) {
      const mapped = mapTheme(t);
      if (mapped && !themes.includes(mapped)) themes.push(mapped);
    }
    return {
      postId,
      contributorId,
      verdict: a.verdict,
      kind: a.kind,
      themes,
      lesson: a.lesson,
      note: a.note,
      authorType: a.authorType,
      permission: a.permission,
      hasLesson: a.lesson.trim() === '' ? 0 : 1,
      ...(a.forGuide ? { forGuide: 1 as const } : {}),
      updatedAt: Date.parse(a.updatedAt),
    };
  };

  const clippings: ClippingRecord[] = [];
  const annotations: AnnotationRecord[] = [];
  const touched = new Set<string>();
  const addedPostIds: string[] = [];
  let newClippings = 0;
  let existingClippings = 0;
  let clippingsToUpdate = 0;
  let annotationsToAdd = 0;
  let annotationsToUpdate = 0;
  const changedPeople = new Set<string>();

  // Annotations of posts that gain some, to work out their search words.
  const changedPosts = new Map<string, AnnotationRecord[]>();
  for (const c of bundle.clippings) {
    const pause = nextSlice();
    if (pause) await pause;
    for (const a of c.annotations) {
      const p = people.get(personKey(a))!;
      // The owner's own: skipped, unless the caller says they replace the stored one when newer.
      if (p.isOwner && !(own?.has(a) && existing.has(c.postId))) continue;
      const kept = stored.get(`${c.postId}\u0000${p.id}`);
      // The owner's with none stored: the blank annotation that absence stands for.
      const here = p.isOwner && !kept ? existing.get(c.postId) : undefined;
      const before = kept ?? (here ? blankOwnerAnnotation(here) : undefined);
      const updatedAt = Date.parse(a.updatedAt);
      if (before && !(updatedAt > before.updatedAt)) continue;
      const record = toRecord(c.postId, p.id, a);
      if (before && sameJson({ ...before, updatedAt: 0 }, { ...record, updatedAt: 0 }) && before.updatedAt === record.updatedAt) continue;
      if (kept) {
        annotationsToUpdate++;
      } else annotationsToAdd++;
      annotations.push(record);
      changedPeople.add(p.id);
      let list = changedPosts.get(c.postId);
      if (!list) changedPosts.set(c.postId, (list = []));
      list.push(record);
    }
  }
  // Nothing below changes these records: they can be written now, while the clippings are worked out. A read
  // below of a post's stored annotations may then find one of them already written; it stands for itself there.
  if (early && annotations.length > 0) early(annotations.slice());
  const needWords = [...changedPosts.keys()].filter((id) => existing.has(id));
  const allStored = needWords.length > 0 ? await db.annotations.where('postId').anyOf(needWords).toArray() : [];
  const storedByPost = new Map<string, AnnotationRecord[]>();
  for (const a of allStored) {
    let list = storedByPost.get(a.postId);
    if (!list) storedByPost.set(a.postId, (list = []));
    list.push(a);
  }

  const rewords: ClippingRecord[] = [];
  for (const c of bundle.clippings) {
    const pause = nextSlice();
    if (pause) await pause;
    if (touched.has(c.postId)) continue;
    touched.add(c.postId);
    const changed = changedPosts.get(c.postId) ?? [];
    const before = existing.get(c.postId);
    if (!before) {
      newClippings++;
      addedPostIds.push(c.postId);
      // The owner's own annotation coming back (a library moved to another browser) is theirs;
      // otherwise none is written: absent, it reads as the owner's blank one (undecided, no lesson
      // or note), which adds nothing to the search words or the votes.
      const ownAnnotation = c.annotations.find((a) => people.get(personKey(a))!.isOwner);
      // Made in a plan too: its themes may be new to the library, which the plan counts.
      const mine = ownAnnotation ? [toRecord(c.postId, OWNER, ownAnnotation)] : [];
      if (ownAnnotation) annotationsToAdd++;
      // A plan counts a new post and no more: its record (its search words the most of it) is the merge's to work out.
      if (planOnly) continue;
      annotations.push(...mine);
      const versions = mergeVersions(c.snapshot, c.versions ?? []);
      clippings.push({
        postId: c.postId,
        snapshot: c.snapshot,
        ...(versions.length > 0 ? { versions } : {}),
        clippedAt: Date.parse(c.clippedAt) || now,
        updatedAt: now,
        authorHandle: c.snapshot.author.handle.toLowerCase(),
        postedAt: postedAtOf(c.snapshot.postedAt),
        removed: 0,
        captures: mergeCaptures([], capturesOf(c)),
        words: searchWords(c.snapshot, [...mine, ...changed], versions),
        ...votesOf([...mine, ...changed]),
      });
      continue;
    }
    existingClippings++;
    const { snapshot, versions } = mergedText(before, c);
    const captures = mergeCaptures(before.captures, capturesOf(c));
    let words = before.words;
    let votes: Votes | null = null;
    // Search words come from the text (and earlier texts) and every annotation's lesson and note.
    const textChanged = snapshot.text !== before.snapshot.text || versions !== before.versions;
    if (changed.length > 0) {
      const replaced = new Map((storedByPost.get(c.postId) ?? []).map((a) => [a.contributorId, a]));
      for (const a of changed) replaced.set(a.contributorId, a);
      words = searchWords(snapshot, [...replaced.values()], versions);
      votes = votesOf([...replaced.values()]);
    }
    const same = snapshot === before.snapshot && versions === before.versions && sameJson(captures, before.captures) && sameJson(words, before.words) && (votes === null || sameVotes(before, votes));
    if (same) continue;
    clippingsToUpdate++;
    const record: ClippingRecord = { ...before, snapshot, captures, words, ...(votes ?? {}), updatedAt: now };
    if (versions) record.versions = versions;
    else delete record.versions;
    // An edit seen with no annotation changed: its words need the stored annotations, read below.
    if (changed.length === 0 && textChanged) rewords.push(record);
    clippings.push(record);
  }
  if (rewords.length > 0) {
    const stored = await db.annotations.where('postId').anyOf(rewords.map((r) => r.postId)).toArray();
    const byPost = new Map<string, AnnotationRecord[]>();
    for (const a of stored) {
      let list = byPost.get(a.postId);
      if (!list) byPost.set(a.postId, (list = []));
      list.push(a);
    }
    for (const record of rewords) record.words = searchWords(record.snapshot, byPost.get(record.postId) ?? [], record.versions);
  }

  const knownContributors = new Map((await db.contributors.bulkGet([...people.values()].filter((p) => !p.isOwner).map((p) => p.id))).filter((c): c is ContributorRecord => !!c).map((c) => [c.id, c]));
  const contributors: ContributorRecord[] = [];
  for (const p of people.values()) {
    if (p.isOwner || knownContributors.has(p.id)) continue;
    contributors.push({ id: p.id, name: p.name, organisation: p.organisation });
  }

  const themes = [...newThemes.values()];
  const plan: MergePlan = {
    newClippings,
    existingClippings,
    contributors: [...people.values()],
    annotationsToAdd,
    annotationsToUpdate,
    nothingToDo: newClippings === 0 && clippingsToUpdate === 0 && annotationsToAdd === 0 && annotationsToUpdate === 0 && themes.length === 0 && contributors.length === 0,
    clippingsToUpdate,
    themesToAdd: themes.length,
  };
  const contributorNames = [...people.values()].filter((p) => changedPeople.has(p.id)).map((p) => p.name);
  return { plan, clippings, annotations, themes, contributors, contributorNames, addedPostIds, existing };
}

/** What importing the bundle would do; changes nothing. */
export async function planMerge(db: ClipperDB, bundle: Bundle, owner: { name: string; organisation: string }, options: Pick<MergeOptions, 'own' | 'builtInThemeNames'> = {}): Promise<MergePlan> {
  return db.transaction('r', db.clippings, db.annotations, db.themes, db.contributors, async () => (await work(db, bundle, owner, Date.now(), options, undefined, true)).plan);
}

/** Imports the bundle, all or nothing, in one transaction. */
export async function applyMerge(db: ClipperDB, bundle: Bundle, owner: { name: string; organisation: string }, options: MergeOptions = {}): Promise<MergeResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new MergeStopped();
  let stopped = false;
  let stop: (() => void) | undefined;
  try {
    return await db.transaction('rw', [db.clippings, db.annotations, db.themes, db.contributors, db.outbox, db.meta, db.wordPosts], async (tx) => {
      if (signal) {
        stop = () => {
          // A transaction already committed, or already failing for another reason, ends as that says.
          if (!tx.active) return;
          stopped = true;
          tx.abort();
        };
        signal.addEventListener('abort', stop, { once: true });
        // Stopped between the call and the transaction's start: stopped all the same.
        if (signal.aborted) stop();
      }
      const progress = progressTeller(bundle.clippings.length, onProgress);
      // The contributors' annotations are written while the clippings and the word table are worked out:
      // IndexedDB would otherwise have little to do for the first fifth of an import (docs/performance.md).
      let early: Promise<void> | undefined;
      let written = 0; // the first of the annotations, written already
      const w = await work(db, bundle, owner, Date.now(), options, (annotations) => {
        written = annotations.length;
        early = writeInGroups(tx, annotations, progress);
        early.catch(() => {}); // thrown where it is awaited below, or the transaction fails with it
      });
      progress.start(w.clippings, w.annotations);
      // Only new clippings change state: one the owner removed stays removed, the others stay saved.
      await recordChanges(db, w.addedPostIds.map((postId) => ({ postId, saved: true })));
      if (w.themes.length > 0) await db.themes.bulkPut(w.themes);
      if (w.contributors.length > 0) await db.contributors.bulkPut(w.contributors);
      // The word table first: it gives new clippings their blocks, stored with them.
      await indexClippings(db, w.clippings.map((record) => ({ record, before: w.existing.get(record.postId) })));
      await early;
      await writeGrouped(db, w.clippings, w.annotations.slice(written), progress);
      await adjustClippingCount(db, w.addedPostIds.length);
      return {
        newClippings: w.plan.newClippings,
        updatedClippings: w.plan.clippingsToUpdate ?? 0,
        annotationsAdded: w.plan.annotationsToAdd,
        annotationsUpdated: w.plan.annotationsToUpdate,
        contributors: w.contributorNames,
      };
    });
  } catch (error) {
    if (stopped) throw new MergeStopped();
    throw error;
  } finally {
    if (stop) signal?.removeEventListener('abort', stop);
  }
}

/**
 * Groups of posts asked for and not yet written, at most: IndexedDB always has groups waiting while
 * the page copies the next one into its requests, and the page never copies every record in one go.
 * Asking for every group at once (until 7 December 2026) held the page for the whole copy (10 to 15 s
 * at 50,000 on a slow machine: no frame, Cancel unheard) and told no progress until it was done.
 */
export const GROUPS_IN_FLIGHT = 4;

/**
 * Tells how many of the bundle's posts are stored as the writes go, from the records written: the posts with
 * nothing to write at once (`start`), then the rest in proportion to the records written, after each group
 * (the early annotations' groups and the posts' groups alike), ending at all of them. Groups written before
 * `start` are counted at the first group after it.
 */
interface ProgressTeller {
  start(clippings: readonly ClippingRecord[], annotations: readonly AnnotationRecord[]): void;
  wrote(records: number): void;
}

function progressTeller(total: number, onProgress: MergeOptions['onProgress']): ProgressTeller {
  let written = 0;
  let records = 0;
  let base = 0;
  let told = -1;
  const tell = (done: number) => {
    if (done <= told) return;
    told = done;
    onProgress?.(done, total);
  };
  return {
    start(clippings, annotations) {
      const posts = new Set<string>();
      for (const c of clippings) posts.add(c.postId);
      for (const a of annotations) posts.add(a.postId);
      records = clippings.length + annotations.length;
      base = Math.max(0, total - posts.size);
      tell(records === 0 ? total : base);
    },
    wrote(n) {
      written += n;
      if (told >= 0 && records > 0) tell(base + Math.floor(((total - base) * Math.min(written, records)) / records));
    },
  };
}

/**
 * Annotations put a group at a time while the caller goes on with other work in the same transaction, at
 * most `GROUPS_IN_FLIGHT` groups asked for and not yet written, each in a task of its own (`inTurns`,
 * utils/store/slices.ts). Only the transaction's own tables (`tx`), whose promises keep Dexie's zone: a
 * write made outside it would wait for this transaction to end (Dexie's PrematureCommitError).
 */
function writeInGroups(tx: Transaction, annotations: readonly AnnotationRecord[], progress: ProgressTeller): Promise<void> {
  const table = tx.table<AnnotationRecord, [string, string]>('annotations');
  const meta = tx.table<MetaRecord, string>('meta');
  return inTurns(Math.ceil(annotations.length / WRITE_GROUP), GROUPS_IN_FLIGHT, () => meta.get(CLIPPING_COUNT), (g) => {
    const group = annotations.slice(g * WRITE_GROUP, (g + 1) * WRITE_GROUP);
    return table.bulkPut(group).then(() => progress.wrote(group.length));
  });
}

/**
 * The clippings and annotations put, a group of posts at a time, a few groups asked for ahead
 * (`GROUPS_IN_FLIGHT`), each in a task of its own (`inTurns`, utils/store/slices.ts), each group's progress
 * told as it completes. The first four, asked for in one task until 7 December 2026, held the page 1.1 to
 * 2.9 s at 10,000 on a slow machine.
 */
async function writeGrouped(db: ClipperDB, clippings: ClippingRecord[], annotations: AnnotationRecord[], progress: ProgressTeller): Promise<void> {
  const byPost = new Map<string, { clipping?: ClippingRecord; annotations: AnnotationRecord[] }>();
  const entry = (postId: string) => {
    let e = byPost.get(postId);
    if (!e) byPost.set(postId, (e = { annotations: [] }));
    return e;
  };
  for (const c of clippings) entry(c.postId).clipping = c;
  for (const a of annotations) entry(a.postId).annotations.push(a);
  const posts = [...byPost.values()];
  const groupCount = Math.ceil(posts.length / WRITE_GROUP);
  await inTurns(groupCount, GROUPS_IN_FLIGHT, () => db.meta.get(CLIPPING_COUNT), async (g) => {
    const group = posts.slice(g * WRITE_GROUP, (g + 1) * WRITE_GROUP);
    const cs = group.flatMap((p) => (p.clipping ? [p.clipping] : []));
    const as = group.flatMap((p) => p.annotations);
    await Promise.all([cs.length > 0 && db.clippings.bulkPut(cs), as.length > 0 && db.annotations.bulkPut(as)]);
    progress.wrote(cs.length + as.length);
  });
}
