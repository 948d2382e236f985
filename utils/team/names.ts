/**
 * The team library's names, written once: what a team (a CouchDB database) and a user may be called,
 * and the ids of its documents. Used by the set-up commands, the server's rules, the extension's
 * Connect and its document checks.
 */

/** CouchDB database names: a lower-case letter, then lower-case letters, digits and _$()+-/ (at most 238). */
export const TEAM_NAME = /^[a-z][a-z0-9_$()+\-/]{0,237}$/;

/** User names become part of document ids, so they are kept to a safe set: 1 to 64 letters, digits or ._@-. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export const CLIPPING_PREFIX = 'clipping:';
export const ANNOTATION_PREFIX = 'annotation:';

/** One document per clipping, keyed by the post; shared and merged by the bundle merge's rules. */
export function clippingDocId(postId: string): string {
  return CLIPPING_PREFIX + postId;
}

/** One document per annotation, owned by its contributor: their user name is in the id and the document. */
export function annotationDocId(user: string, postId: string): string {
  return `${ANNOTATION_PREFIX}${user}:${postId}`;
}
