/**
 * Contributors of bundles are known by name and organisation. Their ids are made from both,
 * normalised (Unicode NFKC, case, spacing), so the same person's bundles merge under one id in every
 * library, and nobody has to agree ids in advance.
 */

export function normaliseName(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The comparable key of a contributor: equal for "Ann  Example" and "ann example". */
export function contributorKey(c: { name: string; organisation: string }): string {
  return `${normaliseName(c.name)}\u0000${normaliseName(c.organisation)}`;
}

/** cyrb53: a fast 53-bit string hash (public domain), stable across runs and browsers. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `c:` + a readable slug of the name + a stable hash of name and organisation, e.g. c:ann-example-1x2y3z. */
export function contributorIdOf(c: { name: string; organisation: string }): string {
  const slug =
    normaliseName(c.name)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24)
      .replace(/-+$/g, '') || 'contributor';
  return `c:${slug}-${hash53(contributorKey(c)).toString(36)}`;
}
