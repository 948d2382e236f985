/** The library owner's contributor id. Imported bundles' contributors get ids of their own. */
export const OWNER = 'me';

/** Orders one post's annotations: the owner's first, then the others by contributor id (a stable order). */
export function ownerFirst(a: { contributorId: string }, b: { contributorId: string }): number {
  return a.contributorId === OWNER ? -1 : b.contributorId === OWNER ? 1 : a.contributorId.localeCompare(b.contributorId);
}
