/**
 * A compact set of the library's saved post ids (a Bloom filter), so that X's page can tell at once,
 * with no message, that a post is not saved: most posts a user scrolls past never were. The
 * background builds it (`buildSavedFilter`, from every post id not removed); the content script asks
 * for it once and tests each new post (`savedFilterTest`). A post the filter may hold is looked up as
 * before (about 0.3% of unsaved posts are false positives at 12 bits an id); a post it does not hold
 * is surely not saved. Posts saved after it was built reach the page through the change feed.
 * Pure: no browser API, so the content script carries only the test.
 */

/** The filter as it travels: `bits` is base64 (a message is JSON), `k` the probes per id. */
export interface SavedFilter {
  bits: string;
  k: number;
}

/** Bits per id: with 8 probes, about 0.3% false positives. */
const BITS_PER_ID = 12;
const PROBES = 8;

/** Two 32-bit hashes of an id (FNV-1a and a multiply-xorshift); the second is odd, so probes differ. */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}

/** The filter of these ids (the background's side). */
export function buildSavedFilter(ids: Iterable<string>, count: number): SavedFilter {
  const bytes = new Uint8Array(Math.max(8, Math.ceil((Math.max(count, 1) * BITS_PER_ID) / 8)));
  const m = bytes.length * 8;
  for (const id of ids) {
    const [a, b] = hashes(id);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) % m;
      bytes[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { bits: btoa(binary), k: PROBES };
}

/**
 * The test of a filter as received (the content script's side): true when the post may be saved,
 * false when it surely is not. Null when the value is not a filter (nothing is then assumed).
 */
export function savedFilterTest(filter: unknown): ((id: string) => boolean) | null {
  const { bits, k } = (filter ?? {}) as Partial<SavedFilter>;
  if (typeof bits !== 'string' || typeof k !== 'number' || !(k > 0 && k < 33)) return null;
  let binary: string;
  try {
    binary = atob(bits);
  } catch {
    return null;
  }
  const m = binary.length * 8;
  if (m === 0) return null;
  return (id) => {
    const [a, b] = hashes(id);
    for (let i = 0; i < k; i++) {
      const bit = (a + i * b) % m;
      if (!((binary.charCodeAt(bit >> 3) >> (bit & 7)) & 1)) return false;
    }
    return true;
  };
}
