// The bundle reader's worker (utils/bundle/read.worker.ts) and its client, on bundles the store exports: here, beside
// bundle-import.test.ts, as utils/bundle's own tests may not reach the store.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANN, clip, councilPost, freshDbsPerTest, residentPost } from '@/tests/unit/bundles';
import { exportLibrary } from './export-source';
import { readBundleBytes, readBundleFile, type ReadBundleResult } from '@/utils/bundle/import';
import { readInWorker } from '@/utils/bundle/read-worker-client';
import type { ReadWorkerReply, ReadWorkerRequest } from '@/utils/bundle/read.worker';
import { workerScript } from '@/tests/unit/worker-script';

const db = freshDbsPerTest();

/** A real bundle's bytes: a library of two clippings, exported as the page exports it. */
async function bundleBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const library = db();
  await clip(library, councilPost(1), { verdict: 'do', lesson: 'Lead with the change for residents' });
  await clip(library, residentPost(2), { verdict: 'dont', authorType: 'public' });
  const { bytes } = await exportLibrary(library, { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: ANN });
  return new Uint8Array(bytes);
}

/** The worker's script run here: a message sent as the client sends it, its reply caught. */
async function runWorker(request: ReadWorkerRequest): Promise<ReadWorkerReply[]> {
  const { send, replies } = await workerScript<ReadWorkerRequest, ReadWorkerReply>(() => import('@/utils/bundle/read.worker'));
  send(request);
  return replies;
}

/** A stand-in for the browser's Worker: `behave` decides what it does with the message it is sent. */
function fakeWorker(behave: (worker: { onmessage: ((e: MessageEvent) => void) | null; onerror: ((e: ErrorEvent) => void) | null }, data: ReadWorkerRequest) => void) {
  const made: string[] = [];
  class FakeWorker {
    onmessage: ((e: MessageEvent) => void) | null = null;
    onerror: ((e: ErrorEvent) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    constructor(url: string | URL) {
      made.push(String(url));
    }
    postMessage(data: ReadWorkerRequest) {
      setTimeout(() => behave(this, data), 0);
    }
    terminate() {}
  }
  vi.stubGlobal('Worker', FakeWorker);
  return made;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  self.onmessage = null;
});

describe('read.worker', () => {
  it('reads a bundle exactly as the page does', async () => {
    const bytes = await bundleBytes();
    const replies = await runWorker({ bytes });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toEqual(readBundleBytes(bytes));
    expect(replies[0]).toMatchObject({ ok: true, bundle: { clippings: [expect.anything(), expect.anything()] } });
  });

  it('names what is wrong with a file that is not a bundle, and throws nothing', async () => {
    expect(await runWorker({ bytes: new Uint8Array(new TextEncoder().encode('hello')) })).toEqual([{ ok: false, problem: { code: 'not-a-bundle' } }]);
    expect(await runWorker({ bytes: new Uint8Array(new TextEncoder().encode('{"format":"something else"}')) })).toEqual([expect.objectContaining({ ok: false, problem: expect.objectContaining({ code: 'unknown-format' }) })]);
  });
});

describe('readInWorker', () => {
  const file = (bytes: Uint8Array<ArrayBuffer>) => new File([bytes], 'bundle.zip', { type: 'application/zip' });

  it('gives what the worker read', async () => {
    const bytes = await bundleBytes();
    // The worker here answers with what the real worker's script answers.
    const made = fakeWorker((worker, data) => {
      void runWorker(data).then((replies) => worker.onmessage?.(new MessageEvent('message', { data: replies[0] })));
    });
    const read = await readBundleFile(file(bytes), { readBytes: readInWorker('read.worker.js') });
    expect(made).toEqual(['read.worker.js']);
    expect(read).toEqual(readBundleBytes(bytes));
  });

  it('reads the bundle on the page when the worker fails, or when there are no workers', async () => {
    const bytes = await bundleBytes();
    fakeWorker((worker) => worker.onerror?.(new ErrorEvent('error', { message: 'could not load' })));
    const afterFailure: ReadBundleResult = await readBundleFile(file(bytes), { readBytes: readInWorker('read.worker.js') });
    expect(afterFailure).toEqual(readBundleBytes(bytes));
    vi.stubGlobal('Worker', undefined);
    expect(await readBundleFile(file(bytes), { readBytes: readInWorker() })).toEqual(readBundleBytes(bytes));
  });

  it('still refuses a file over the size limit before reading it', async () => {
    const made = fakeWorker(() => {});
    const huge = { name: 'big.zip', size: 101 * 1024 * 1024, arrayBuffer: () => Promise.reject(new Error('not read')) } as unknown as File;
    expect(await readBundleFile(huge, { readBytes: readInWorker('read.worker.js') })).toEqual({ ok: false, problem: { code: 'too-large', maxBytes: 100 * 1024 * 1024 } });
    expect(made).toEqual([]);
  });
});
