/**
 * The words a judgement of a post is made of (../shared/domain.md): each value list is written here
 * once, and the store, the bundle format, the search and the pages take their types from it.
 */

export type Verdict = 'do' | 'dont' | 'undecided';
export type Kind = 'tip' | 'example';
export type AuthorType = 'council' | 'councillor' | 'officer' | 'publicBody' | 'media' | 'businessOrCharity' | 'public' | 'notSet';
export type Permission = 'notNeeded' | 'notAsked' | 'asked' | 'granted' | 'refused';

export const VERDICTS: readonly Verdict[] = ['do', 'dont', 'undecided'];
export const KINDS: readonly Kind[] = ['tip', 'example'];
export const AUTHOR_TYPES: readonly AuthorType[] = ['council', 'councillor', 'officer', 'publicBody', 'media', 'businessOrCharity', 'public', 'notSet'];
export const PERMISSIONS: readonly Permission[] = ['notNeeded', 'notAsked', 'asked', 'granted', 'refused'];

/** Author types that are accounts of organisations or office holders, never members of the public. */
export const OFFICIAL_AUTHOR_TYPES: ReadonlySet<AuthorType> = new Set(AUTHOR_TYPES.filter((t) => t !== 'public' && t !== 'notSet'));
