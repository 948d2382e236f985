// The import's worker (./import.worker.ts) and its client (./import-worker-client.ts), on bundles the store
// exports: the worker's script run here as its client drives it, and the client over a stand-in Worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANN, BEA, clip, councilPost, freshDbsPerTest, residentPost } from '@/tests/unit/bundles';
import { workerScript } from '@/tests/unit/worker-script';
import { exportLibrary } from './export-source';
import { importHere, summaryOf, type OpenImport } from './import-session';
import { ImportLost, importInWorker } from './import-worker-client';
import type { ImportWorkerReply, ImportWorkerRequest } from './import.worker';
import { MergeStopped } from './merge';
import { isQuotaError } from './errors';
import { readBundleBytes } from '@/utils/bundle/import';
import type { ClipperDB } from './db';

const db = freshDbsPerTest();
const request = { owner: BEA, builtInThemeNames: {} };

/** A real bundle of `count` clippings, exported as the page exports it. */
async function bundleFile(count = 2): Promise<File> {
  const library = db();
  await clip(library, councilPost(1), { verdict: 'do', lesson: 'Lead with the change for residents' });
  await clip(library, residentPost(2), { verdict: 'dont', authorType: 'public' });
  for (let i = 3; i <= count; i++) await clip(library, councilPost(i), { verdict: 'do' });
  const { bytes } = await exportLibrary(library, { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: ANN });
  return new File([new Uint8Array(bytes)], 'bundle.zip', { type: 'application/zip' });
}

const notABundle = () => new File(['hello, this is not a bundle'], 'notes.json');

/** Everything in a library, to compare two: the times of writing (`updatedAt`) left out. */
async function contents(d: ClipperDB) {
  const [clippings, annotations, themes, contributors] = await Promise.all([d.clippings.toArray(), d.annotations.toArray(), d.themes.toArray(), d.contributors.toArray()]);
  return JSON.parse(JSON.stringify({ clippings, annotations, themes, contributors }, (key, value: unknown) => (key === 'updatedAt' ? 0 : value)));
}

/** The worker's script run here: its replies caught; `until` resolves when one of the type is posted. */
async function runWorker() {
  const { send, replies } = await workerScript<ImportWorkerRequest, ImportWorkerReply>(() => import('./import.worker'));
  const until = (type: ImportWorkerReply['type']) => vi.waitFor(() => expect(replies.map((r) => r.type)).toContain(type), { timeout: 10_000 });
  return { send, replies, until };
}

type FakeWorker = { onmessage: ((e: MessageEvent) => void) | null; onerror: ((e: ErrorEvent) => void) | null; terminated: boolean };

/** A stand-in for the browser's Worker: `behave` decides what it does with each message it is sent. */
function fakeWorker(behave: (worker: FakeWorker, data: ImportWorkerRequest) => void) {
  const made: FakeWorker[] = [];
  class Fake implements FakeWorker {
    onmessage: ((e: MessageEvent) => void) | null = null;
    onerror: ((e: ErrorEvent) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    terminated = false;
    constructor() {
      made.push(this);
    }
    postMessage(data: ImportWorkerRequest) {
      setTimeout(() => !this.terminated && behave(this, data), 0);
    }
    terminate() {
      this.terminated = true;
    }
  }
  vi.stubGlobal('Worker', Fake);
  return made;
}

const reply = (worker: FakeWorker, data: ImportWorkerReply) => worker.onmessage?.(new MessageEvent('message', { data }));

/** A stand-in that runs the real worker's script: what the client sends it, the script gets; what it posts, the client gets. */
async function relayWorker() {
  const script = await runWorker();
  let seen = 0;
  const made = fakeWorker((worker, data) => {
    script.send(data);
  });
  const pump = setInterval(() => {
    for (; seen < script.replies.length; seen++) for (const w of made) if (!w.terminated) reply(w, script.replies[seen]!);
  }, 1);
  return { made, stop: () => clearInterval(pump), script };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  self.onmessage = null;
});

describe('import.worker', () => {
  it('reads and plans a bundle as the page does, writes it when asked, and tells its progress', async () => {
    const file = await bundleFile(3);
    const target = db();
    const beside = db();
    const here = await importHere(() => beside)(file, request);
    if (!here.ok) throw new Error('the page refused the bundle');

    const { send, replies, until } = await runWorker();
    send({ type: 'open', file, request, dbName: target.name });
    await until('opened');
    expect(replies).toEqual([{ type: 'opened', ok: true, summary: here.session.summary, plan: here.session.plan }]);
    expect(replies[0]).toMatchObject({ summary: { contributor: ANN, clippings: 3 }, plan: { newClippings: 3 } });
    expect(await target.clippings.count()).toBe(0); // nothing written until the page says so

    send({ type: 'apply' });
    await until('applied');
    const last = replies.at(-1)!;
    expect(last).toEqual({ type: 'applied', result: expect.objectContaining({ newClippings: 3, annotationsAdded: 3 }) });
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress.at(-1)).toEqual({ type: 'progress', done: 3, total: 3 });
    // The same library as the same import on the page makes.
    await here.session.apply();
    expect(await contents(target)).toEqual(await contents(beside));
  });

  it('names what is wrong with a file that is not a bundle, and writes nothing', async () => {
    const target = db();
    const { send, replies, until } = await runWorker();
    send({ type: 'open', file: notABundle(), request, dbName: target.name });
    await until('opened');
    expect(replies).toEqual([{ type: 'opened', ok: false, problem: { code: 'not-a-bundle' } }]);
    expect(await target.clippings.count()).toBe(0);
  });

  it('stopped, leaves the library as it was and says so', async () => {
    const target = db();
    await clip(target, councilPost(9), { verdict: 'do', lesson: 'Mine' });
    const before = await contents(target);
    const { send, replies, until } = await runWorker();
    send({ type: 'open', file: await bundleFile(), request, dbName: target.name });
    await until('opened');
    send({ type: 'stop' });
    send({ type: 'apply' });
    await until('stopped');
    expect(replies.map((r) => r.type)).toEqual(['opened', 'stopped']);
    expect(await contents(target)).toEqual(before);
  });
});

describe('importInWorker', () => {
  it('gives what the worker planned, imports through it, and passes its progress on', async () => {
    const file = await bundleFile(3);
    const target = db();
    const relay = await relayWorker();
    try {
      const opened = await importInWorker({ url: 'import.worker.js', dbName: target.name, here: () => Promise.reject(new Error('not on the page')) })(file, request);
      if (!opened.ok) throw new Error('refused');
      const read = readBundleBytes(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) throw new Error('refused');
      expect(opened.session.summary).toEqual(summaryOf(read.bundle));
      expect(opened.session.plan).toMatchObject({ newClippings: 3, existingClippings: 0 });
      const told: number[] = [];
      const result = await opened.session.apply({ onProgress: (done) => told.push(done) });
      expect(result).toMatchObject({ newClippings: 3 });
      expect(told.at(-1)).toBe(3);
      expect(await target.clippings.count()).toBe(3);
      // The worker is ended once the import is done, and a second apply is refused.
      expect(relay.made.every((w) => w.terminated)).toBe(true);
      await expect(opened.session.apply()).rejects.toThrow();
    } finally {
      relay.stop();
    }
  });

  it('Cancel while it writes stops the worker\'s import: it rejects with MergeStopped and the library is unchanged', async () => {
    const target = db();
    await clip(target, councilPost(9), { verdict: 'do', lesson: 'Mine' });
    const before = await contents(target);
    const relay = await relayWorker();
    try {
      const opened = await importInWorker({ url: 'import.worker.js', dbName: target.name })(await bundleFile(), request);
      if (!opened.ok) throw new Error('refused');
      const controller = new AbortController();
      const applied = opened.session.apply({ signal: controller.signal });
      controller.abort();
      await expect(applied).rejects.toBeInstanceOf(MergeStopped);
      expect(await contents(target)).toEqual(before);
    } finally {
      relay.stop();
    }
  });

  it('a file that is not a bundle is a named problem, and the worker is ended', async () => {
    const relay = await relayWorker();
    try {
      expect(await importInWorker({ url: 'import.worker.js', dbName: db().name })(notABundle(), request)).toEqual({ ok: false, problem: { code: 'not-a-bundle' } });
      expect(relay.made.every((w) => w.terminated)).toBe(true);
    } finally {
      relay.stop();
    }
  });

  it('imports on the page when the worker fails to start, fails before the file is open, or there are no workers', async () => {
    const file = await bundleFile();
    const onPage = vi.fn<OpenImport>((f, r) => importHere(() => db())(f, r));

    fakeWorker((worker) => worker.onerror?.(new ErrorEvent('error', { message: 'could not load' })));
    const afterError = await importInWorker({ url: 'import.worker.js', here: onPage })(file, request);
    expect(afterError).toMatchObject({ ok: true, session: { plan: { newClippings: 2 } } });

    // A worker without IndexedDB (a private window's, say) says so: the page imports.
    fakeWorker((worker) => reply(worker, { type: 'failed', message: 'IndexedDB is not available', quota: false }));
    expect(await importInWorker({ url: 'import.worker.js', here: onPage })(file, request)).toMatchObject({ ok: true });

    vi.stubGlobal('Worker', undefined);
    expect(await importInWorker({ here: onPage })(file, request)).toMatchObject({ ok: true });
    expect(onPage).toHaveBeenCalledTimes(3);
  });

  it('once the file is open, a worker that breaks loses the import (ImportLost), and a full disk is a quota error', async () => {
    const file = await bundleFile();
    const plan = { newClippings: 2, existingClippings: 0, contributors: [], annotationsToAdd: 2, annotationsToUpdate: 0, nothingToDo: false };
    const summary = { contributor: ANN, exportedAt: '2026-12-01T00:00:00.000Z', clippings: 2 };
    const onPage = vi.fn<OpenImport>();

    fakeWorker((worker, data) => {
      if (data.type === 'open') reply(worker, { type: 'opened', ok: true, summary, plan });
      else worker.onerror?.(new ErrorEvent('error', { message: 'out of memory' }));
    });
    const broken = await importInWorker({ url: 'import.worker.js', here: onPage })(file, request);
    if (!broken.ok) throw new Error('refused');
    await expect(broken.session.apply()).rejects.toBeInstanceOf(ImportLost);

    fakeWorker((worker, data) => {
      if (data.type === 'open') reply(worker, { type: 'opened', ok: true, summary, plan });
      else reply(worker, { type: 'failed', message: 'The quota has been exceeded.', quota: true });
    });
    const full = await importInWorker({ url: 'import.worker.js', here: onPage })(file, request);
    if (!full.ok) throw new Error('refused');
    const error = await full.session.apply().catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(onPage).not.toHaveBeenCalled();
  });

  it('given up while the file is read, rejects with MergeStopped and ends the worker; on the page too', async () => {
    const file = await bundleFile();
    const made = fakeWorker(() => {}); // a worker slow to read: it never answers
    const controller = new AbortController();
    const opening = importInWorker({ url: 'import.worker.js' })(file, request, { signal: controller.signal });
    controller.abort();
    await expect(opening).rejects.toBeInstanceOf(MergeStopped);
    expect(made.map((w) => w.terminated)).toEqual([true]);

    // On the page, as when no worker can start: given up before or while it reads, nothing is opened.
    const target = db();
    const stopped = new AbortController();
    const onPage = importHere(() => target)(file, request, { signal: stopped.signal });
    stopped.abort();
    await expect(onPage).rejects.toBeInstanceOf(MergeStopped);
    await expect(importHere(() => target)(file, request, { signal: stopped.signal })).rejects.toBeInstanceOf(MergeStopped);
  });

  it('closing the dialog ends the worker without importing', async () => {
    const file = await bundleFile();
    const target = db();
    const relay = await relayWorker();
    try {
      const opened = await importInWorker({ url: 'import.worker.js', dbName: target.name })(file, request);
      if (!opened.ok) throw new Error('refused');
      opened.session.close();
      expect(relay.made.every((w) => w.terminated)).toBe(true);
      await expect(opened.session.apply()).rejects.toBeInstanceOf(ImportLost);
      expect(await target.clippings.count()).toBe(0);
    } finally {
      relay.stop();
    }
  });
});
