import { afterEach, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip.worker';
import { zipHere } from './zip';
import { workerScript } from '@/tests/unit/worker-script';

/** The worker's script run here: its messages sent as the client sends them, its replies caught. */
const worker = () => workerScript<ZipWorkerRequest, ZipWorkerReply>(() => import('./zip.worker'));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  self.onmessage = null;
});

describe('zip.worker', () => {
  /** The messages an export sends, and the files they must come to. */
  const sendExport = (send: (m: ZipWorkerRequest) => void) => {
    send({ op: 'stream', id: 0, path: 'bundle.json', compress: true });
    send({ op: 'stream', id: 1, path: 'clippings.csv', compress: true });
    send({ op: 'push', id: 0, data: '{"a":' });
    send({ op: 'push', id: 1, data: 'x,y\r\n' });
    send({ op: 'push', id: 0, data: new TextEncoder().encode('"é"}') });
    send({ op: 'end', id: 0 });
    send({ op: 'end', id: 1 });
    send({ op: 'add', path: 'guide-draft.docx', data: new Uint8Array([1, 2, 3]), compress: false });
    send({ op: 'finish' });
  };
  const expectExportFiles = async (reply: ZipWorkerReply | undefined) => {
    expect(reply).toMatchObject({ ok: true });
    if (!reply || !('ok' in reply) || !reply.ok) return;
    const files = unzipSync(reply.bytes);
    expect(Object.keys(files)).toEqual(['bundle.json', 'clippings.csv', 'guide-draft.docx']);
    expect(strFromU8(files['bundle.json']!)).toBe('{"a":"é"}');
    expect(strFromU8(files['clippings.csv']!)).toBe('x,y\r\n');
    expect([...files['guide-draft.docx']!]).toEqual([1, 2, 3]);

    // The same files, in the same order, as the zip the page writes when no worker starts.
    const here = await zipHere(new Date('2026-11-21T09:00:00Z'));
    const json = here.stream('bundle.json');
    const csv = here.stream('clippings.csv');
    json.push('{"a":');
    csv.push('x,y\r\n');
    json.push(new TextEncoder().encode('"é"}'));
    json.end();
    csv.end();
    here.add('guide-draft.docx', new Uint8Array([1, 2, 3]), { compress: false });
    const onPage = unzipSync(await here.finish());
    expect(Object.keys(onPage)).toEqual(Object.keys(files));
    for (const name of Object.keys(files)) expect([...files[name]!]).toEqual([...onPage[name]!]);
  };
  /** The worker's replies once they stop coming (its finish waits for the browser's compression). */
  const settled = async (replies: ZipWorkerReply[], count: number) => {
    await vi.waitFor(() => expect(replies.length).toBeGreaterThanOrEqual(count));
    return replies;
  };

  it('writes the entries it is sent, in order, into the zip it gives at the end, deflated by the browser', async () => {
    const { send, replies } = await worker();
    send({ op: 'open', mtime: new Date('2026-11-21T09:00:00Z').getTime() });
    expect(replies).toEqual([{ ready: true }]);
    sendExport(send);
    await expectExportFiles((await settled(replies, 2))[1]);
  });

  it('writes the same files with fflate where the runtime cannot compress', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    const { send, replies } = await worker();
    send({ op: 'open', mtime: new Date('2026-11-21T09:00:00Z').getTime() });
    sendExport(send);
    await expectExportFiles((await settled(replies, 2))[1]);
  });

  it('gives the first failure at the end, not a zip', async () => {
    const { send, replies } = await worker();
    send({ op: 'open', mtime: 0 });
    send({ op: 'push', id: 7, data: 'to an entry never started' });
    send({ op: 'finish' });
    expect((await settled(replies, 2))[1]).toMatchObject({ ok: false });
  });

  it('refuses to finish a zip with an entry not ended', async () => {
    const { send, replies } = await worker();
    send({ op: 'open', mtime: 0 });
    send({ op: 'stream', id: 0, path: 'bundle.json', compress: true });
    send({ op: 'push', id: 0, data: '{}' });
    send({ op: 'finish' });
    expect((await settled(replies, 2))[1]).toMatchObject({ ok: false });
  });
});
