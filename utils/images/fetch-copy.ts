import { COPY_BUDGET_BYTES, COPY_TYPES, MAX_COPY_BYTES, baseType, isMediaUrl, renditionUrl } from './plan';

/** Why a copy could not be made: shown to the user through a message of its own. */
export type CopyFailure = 'not-media' | 'network' | 'http' | 'not-image' | 'too-large';

export class CopyError extends Error {
  override name = 'CopyError';
  constructor(readonly reason: CopyFailure) {
    super(reason);
  }
}

export interface ImageCopy {
  bytes: Uint8Array;
  type: string;
  /** The address the bytes came from (the rendition fetched). */
  fetchedFrom: string;
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Fetches one image for keeping: X's media CDN only, without cookies, an image content type, and at
 * most MAX_COPY_BYTES (the body is read in chunks and dropped once over). The `medium` rendition is
 * kept within COPY_BUDGET_BYTES; above it the `small` rendition is fetched instead.
 */
export async function fetchCopy(source: string, fetchFn: FetchLike = fetch): Promise<ImageCopy> {
  if (!isMediaUrl(source)) throw new CopyError('not-media');
  const medium = await fetchOne(renditionUrl(source, 'medium'), fetchFn, MAX_COPY_BYTES);
  if (medium.bytes.length <= COPY_BUDGET_BYTES) return medium;
  const smallUrl = renditionUrl(source, 'small');
  if (smallUrl === medium.fetchedFrom) {
    if (medium.bytes.length <= MAX_COPY_BYTES) return medium;
    throw new CopyError('too-large');
  }
  try {
    return await fetchOne(smallUrl, fetchFn, MAX_COPY_BYTES);
  } catch {
    // The small rendition failed: the medium one is still within the cap.
    return medium;
  }
}

async function fetchOne(url: string, fetchFn: FetchLike, cap: number): Promise<ImageCopy> {
  let response: Response;
  try {
    response = await fetchFn(url, { credentials: 'omit', redirect: 'error', cache: 'no-store' });
  } catch {
    throw new CopyError('network');
  }
  if (!response.ok) throw new CopyError('http');
  if (response.url && !isMediaUrl(response.url)) throw new CopyError('not-media');
  const type = baseType(response.headers.get('content-type'));
  if (!COPY_TYPES.has(type)) throw new CopyError('not-image');
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) throw new CopyError('too-large');
  const bytes = await readCapped(response, cap);
  if (bytes.length === 0) throw new CopyError('not-image');
  return { bytes, type, fetchedFrom: url };
}

async function readCapped(response: Response, cap: number): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > cap) throw new CopyError('too-large');
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      void reader.cancel().catch(() => undefined);
      throw new CopyError('too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}
