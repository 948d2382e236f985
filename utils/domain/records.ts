import type { Counts, PostSnapshot } from '@/utils/snapshot';
import type { TextVersion } from './text-versions';
import type { Votes } from './agreement';
import type { AuthorType, Kind, Permission, Verdict } from './vocabulary';
import { OWNER } from './contributors';

/**
 * The shapes of the library's records: the store keeps them (utils/store/db.ts), the export reads
 * them, the merge writes them. Plain data, no database code.
 */

/** One capture of a post: kept for every clip of the same post, so earlier counts survive a re-clip. */
export interface CaptureRecord {
  capturedAt: string;
  pageUrl: string;
  counts: Counts;
}

export interface ClippingRecord {
  /** Primary key: X's post id, so a post is clipped once however often it is pressed. */
  postId: string;
  /** The latest capture of the post. */
  snapshot: PostSnapshot;
  /** When the post was first clipped (epoch ms). */
  clippedAt: number;
  /** When the record last changed (epoch ms). */
  updatedAt: number;
  /** Author's handle in lower case, for `from:` searches. */
  authorHandle: string;
  /** When the post was published (epoch ms; 0 when unknown). */
  postedAt: number;
  /** 1 when the user removed it: a soft delete, so it and its annotations can be restored. */
  removed: 0 | 1;
  removedAt?: number;
  /** Every capture, oldest first (at most MAX_CAPTURES). */
  captures: CaptureRecord[];
  /**
   * (v2) Search words of the post and of every annotation of it. (v10) A plain field, not indexed:
   * the word table (`WordPostsRecord`) lists the posts of each word, and a change of words is worked
   * out against this list.
   */
  words: string[];
  /**
   * (v10) The block of the word table this post is listed in (utils/store/word-index.ts); given when
   * the post is first indexed, and kept.
   */
  wordBlock?: number;
  /**
   * Texts the post had before an edit, oldest first, each with when it was captured; absent when the
   * post was never seen edited. The snapshot holds the newest capture's text (utils/domain/text-versions.ts).
   */
  versions?: TextVersion[];
  /** (v6) How its contributors' verdicts stand (utils/domain/agreement.ts `votesOf`), indexed for agree:, votes: and the agreement sorts. */
  judged?: Votes['judged'];
  agree?: Votes['agree'];
  doLead?: Votes['doLead'];
  contest?: Votes['contest'];
}

export const MAX_CAPTURES = 50;

/**
 * (v10) One record of the word table: the posts of one block whose search words include `word`.
 * Posts are given blocks in the order they are first indexed, a block holding a fixed number of
 * posts, so an import of many posts writes one record per word and block instead of one index entry
 * per word and post.
 */
export interface WordPostsRecord {
  word: string;
  block: number;
  /** Post ids, in the order they were added. */
  ids: string[];
}

/**
 * (v2) One contributor's judgement of one post, kept apart from the snapshot so a re-clip never
 * touches it, and so one post can hold many contributors' annotations (merged bundles).
 */
export interface AnnotationRecord {
  postId: string;
  /** OWNER for the library's owner; imported contributors' ids otherwise. */
  contributorId: string;
  verdict: Verdict;
  kind: Kind | null;
  /** Theme ids. */
  themes: string[];
  /** One line the guide could print. */
  lesson: string;
  /** A private working note. */
  note: string;
  authorType: AuthorType;
  permission: Permission;
  /** 1 when the lesson is not empty (indexed for `has:lesson`). */
  hasLesson: 0 | 1;
  /** (v4) 1 when this contributor picked the post for the guide (the owner's choice makes the Guide page). */
  forGuide?: 0 | 1;
  updatedAt: number;
}

/** (v2) A theme. Built-in themes have no name until renamed (their name is a message, in the UI's language). */
export interface ThemeRecord {
  id: string;
  name: string | null;
  order: number;
  builtIn: 0 | 1;
}

/** (v2) Someone whose annotations are in the library: the owner, or a bundle's contributor. */
export interface ContributorRecord {
  id: string;
  name: string;
  organisation: string;
}

export function newAnnotation(postId: string, contributorId: string, now: number): AnnotationRecord {
  return { postId, contributorId, verdict: 'undecided', kind: null, themes: [], lesson: '', note: '', authorType: 'notSet', permission: 'notAsked', hasLesson: 0, updatedAt: now };
}

/**
 * The owner's annotation of a clipping that has none stored. A clipping may have no annotation by the
 * owner (an imported one, until the owner edits it): absent means this blank one, and every reader
 * treats the two alike. It is dated the clip time: that is what saveClipping stores with a clip
 * (the same instant), it is the same at every read (an export made twice is the same), and it is
 * older than any edit of the owner's, so a bundle merge (an older annotation ignored, the same one
 * twice adding nothing) never lets this blank replace one the owner wrote.
 */
export function blankOwnerAnnotation(clipping: Pick<ClippingRecord, 'postId' | 'clippedAt'>): AnnotationRecord {
  return newAnnotation(clipping.postId, OWNER, clipping.clippedAt);
}

/**
 * A clipping's annotations with the owner's among them: the list itself when it holds the owner's,
 * else a new list with their blank one (`blankOwnerAnnotation`) first.
 */
export function withOwnerAnnotation(clipping: Pick<ClippingRecord, 'postId' | 'clippedAt'>, annotations: AnnotationRecord[]): AnnotationRecord[] {
  return annotations.some((a) => a.contributorId === OWNER) ? annotations : [blankOwnerAnnotation(clipping), ...annotations];
}

/**
 * (v4) The Guide page's arrangement of one theme: the order of its picked "do" and "don't" examples
 * (post ids; examples not listed come after, newest clip first) and the editor's text for it.
 */
export interface GuideThemeRecord {
  themeId: string;
  order: { do: string[]; dont: string[] };
  text: string;
  updatedAt: number;
}
