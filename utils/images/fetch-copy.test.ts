import { describe, expect, it } from 'vitest';
import { CopyError, fetchCopy } from './fetch-copy';
import { COPY_BUDGET_BYTES, MAX_COPY_BYTES } from './plan';

const PHOTO = 'https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=orig';

function fakeCdn(bodies: Record<string, { size: number; type?: string; status?: number; length?: boolean }>) {
  const asked: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    asked.push({ url, init });
    const b = bodies[new URL(url).searchParams.get('name') ?? 'none'];
    if (!b) throw new TypeError('Failed to fetch');
    const headers: Record<string, string> = { 'content-type': b.type ?? 'image/jpeg' };
    if (b.length) headers['content-length'] = String(b.size);
    return new Response(new Uint8Array(b.size).fill(7), { status: b.status ?? 200, headers });
  };
  return { asked, fetchFn };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof CopyError ? error.reason : String(error);
  }
}

describe('fetching a copy', () => {
  it('keeps the medium rendition within the budget, fetched without cookies', async () => {
    const { asked, fetchFn } = fakeCdn({ medium: { size: 1000 } });
    const copy = await fetchCopy(PHOTO, fetchFn);
    expect(copy.bytes.length).toBe(1000);
    expect(copy.type).toBe('image/jpeg');
    expect(asked.map((a) => a.url)).toEqual(['https://pbs.twimg.com/media/GaAbCdE?format=jpg&name=medium']);
    expect(asked[0]!.init.credentials).toBe('omit');
  });

  it('fetches the small rendition when medium is over the budget', async () => {
    const { asked, fetchFn } = fakeCdn({ medium: { size: COPY_BUDGET_BYTES + 1 }, small: { size: 500 } });
    const copy = await fetchCopy(PHOTO, fetchFn);
    expect(copy.bytes.length).toBe(500);
    expect(asked.map((a) => new URL(a.url).searchParams.get('name'))).toEqual(['medium', 'small']);
  });

  it('never keeps more than the cap, whether the size is declared or not', async () => {
    expect(await failure(fetchCopy(PHOTO, fakeCdn({ medium: { size: MAX_COPY_BYTES + 1, length: true } }).fetchFn))).toBe('too-large');
    expect(await failure(fetchCopy(PHOTO, fakeCdn({ medium: { size: MAX_COPY_BYTES + 1 } }).fetchFn))).toBe('too-large');
  });

  it('refuses what is not an image, an error status, a failed network, and any other host', async () => {
    expect(await failure(fetchCopy(PHOTO, fakeCdn({ medium: { size: 10, type: 'text/html' } }).fetchFn))).toBe('not-image');
    expect(await failure(fetchCopy(PHOTO, fakeCdn({ medium: { size: 10, status: 404 } }).fetchFn))).toBe('http');
    expect(await failure(fetchCopy(PHOTO, fakeCdn({}).fetchFn))).toBe('network');
    const { asked, fetchFn } = fakeCdn({ medium: { size: 10 } });
    expect(await failure(fetchCopy('https://example.com/media/a?name=orig', fetchFn))).toBe('not-media');
    expect(asked).toEqual([]);
  });
});
