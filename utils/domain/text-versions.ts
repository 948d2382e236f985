/**
 * A post's earlier texts. X lets an author edit a post; a clipping keeps what the post said at each
 * capture, so a re-clip, or a bundle with another capture of the same post, never replaces a text
 * silently: the newest capture's text is the snapshot's, every other distinct text is an earlier
 * version with the time it was captured.
 *
 * A capture that X cut short ("Show more") is not an edit when it is the start of the other text: the
 * fuller text is kept, as it always was.
 */

export interface TextVersion {
  /** What the post said. */
  text: string;
  /** When that text was captured (ISO time): its last capture before the post was seen edited. */
  capturedAt: string;
  /** X showed "Show more": only the start of the text was captured. */
  truncated?: boolean;
}

/** The earlier versions a clipping keeps, the newest ones. */
export const MAX_VERSIONS = 20;

/** A capture's text, as a snapshot or a bundle holds it. */
export interface Said {
  text: string;
  capturedAt: string;
  /** X showed "Show more": the text is only the start of the post's. */
  truncated?: boolean;
}

/** Whitespace runs as one space, ends trimmed, Unicode composed: two captures of one text compare equal. */
function normalised(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** A cut-short text without the ellipsis X may end it with. */
function startOf(text: string): string {
  return normalised(text).replace(/\s*(?:\u2026|\.\.\.)$/u, '');
}

/** Whether two captures say the same: equal texts, or one cut short that is the start of the other. */
export function sameText(a: Said, b: Said): boolean {
  const x = normalised(a.text);
  const y = normalised(b.text);
  if (x === y) return true;
  if (a.truncated && y.startsWith(startOf(a.text))) return true;
  if (b.truncated && x.startsWith(startOf(b.text))) return true;
  return false;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

export interface Reconciled {
  /** Which capture's text the snapshot keeps. */
  keep: 'stored' | 'incoming';
  /** Every other distinct text, oldest first, at most MAX_VERSIONS (the newest). */
  versions: TextVersion[];
}

/**
 * What a post said, from the stored capture, an incoming one (a re-clip or a bundle's) and the earlier
 * versions both sides know. When both say the same, the fuller text is kept (the incoming one unless
 * it is cut short and the stored one is not); otherwise the newer capture's (the incoming one on a tie),
 * and the other becomes a version.
 */
export function reconcileText(stored: Said, incoming: Said, versions: ReadonlyArray<TextVersion> = []): Reconciled {
  let keep: Reconciled['keep'];
  if (sameText(stored, incoming)) {
    keep = incoming.truncated && !stored.truncated && stored.text.length > incoming.text.length ? 'stored' : 'incoming';
  } else {
    keep = time(incoming.capturedAt) >= time(stored.capturedAt) ? 'incoming' : 'stored';
  }
  const current = keep === 'stored' ? stored : incoming;
  const other = keep === 'stored' ? incoming : stored;
  const earlier: TextVersion = { text: other.text, capturedAt: other.capturedAt };
  if (other.truncated) earlier.truncated = true;
  return { keep, versions: mergeVersions(current, [...versions, earlier]) };
}

/**
 * Versions of a post other than its current text: one per distinct text (its latest capture, and its
 * whole text when another capture of it was cut short), oldest first, at most MAX_VERSIONS.
 */
export function mergeVersions(current: Said, versions: ReadonlyArray<TextVersion>): TextVersion[] {
  const kept: TextVersion[] = [];
  for (const v of [...versions].sort((a, b) => time(a.capturedAt) - time(b.capturedAt))) {
    if (typeof v?.text !== 'string' || typeof v.capturedAt !== 'string') continue;
    const version: TextVersion = { text: v.text, capturedAt: v.capturedAt };
    if (v.truncated === true) version.truncated = true;
    if (normalised(v.text) === '' || sameText(version, current)) continue;
    const same = kept.findIndex((k) => sameText(k, version));
    if (same === -1) kept.push(version);
    else {
      // Sorted by time: this capture of the same text is the later one.
      const fuller = kept[same]!.truncated && !version.truncated ? version : { ...kept[same]!, capturedAt: version.capturedAt };
      kept[same] = fuller;
    }
  }
  return kept.slice(-MAX_VERSIONS);
}
