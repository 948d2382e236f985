import { afterEach, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip.worker';
import { zipHere } from './zip';
import { workerScript } from '@/tests/unit/worker-script';

/** The worker's script run here: its messages sent as the client sends them, its replies caught. */
const worker = () => workerScript<ZipWorkerRequest, ZipWorkerReply>(() => import('./zip.worker'));

afterEach(() => {
  vi.restoreAllMocks();
  self.onmessage = null;
});

describe('zip.worker', () => {
  it('writes the entries it is sent, in order, into the zip it gives at the end: the same zip as on the page', async () => {
    const { send, replies } = await worker();
    const mtime = new Date('2026-11-21T09:00:00Z');
    send({ op: 'open', mtime: mtime.getTime() });
    expect(replies).toEqual([{ ready: true }]);
    send({ op: 'stream', id: 0, path: 'bundle.json', compress: true });
    send({ op: 'stream', id: 1, path: 'clippings.csv', compress: true });
    send({ op: 'push', id: 0, data: '{"a":' });
    send({ op: 'push', id: 1, data: 'x,y\r\n' });
    send({ op: 'push', id: 0, data: new TextEncoder().encode('"é"}') });
    send({ op: 'end', id: 0 });
    send({ op: 'end', id: 1 });
    send({ op: 'add', path: 'guide-draft.docx', data: new Uint8Array([1, 2, 3]), compress: false });
    send({ op: 'finish' });
    const last = replies[1]!;
    expect(last).toMatchObject({ ok: true });
    if (!('ok' in last) || !last.ok) return;
    const files = unzipSync(last.bytes);
    expect(Object.keys(files)).toEqual(['bundle.json', 'clippings.csv', 'guide-draft.docx']);
    expect(strFromU8(files['bundle.json']!)).toBe('{"a":"é"}');
    expect(strFromU8(files['clippings.csv']!)).toBe('x,y\r\n');
    expect([...files['guide-draft.docx']!]).toEqual([1, 2, 3]);

    const here = await zipHere(mtime);
    const json = here.stream('bundle.json');
    const csv = here.stream('clippings.csv');
    json.push('{"a":');
    csv.push('x,y\r\n');
    json.push(new TextEncoder().encode('"é"}'));
    json.end();
    csv.end();
    here.add('guide-draft.docx', new Uint8Array([1, 2, 3]), { compress: false });
    expect([...last.bytes]).toEqual([...(await here.finish())]);
  });

  it('gives the first failure at the end, not a zip', async () => {
    const { send, replies } = await worker();
    send({ op: 'open', mtime: 0 });
    send({ op: 'push', id: 7, data: 'to an entry never started' });
    send({ op: 'finish' });
    expect(replies[1]).toMatchObject({ ok: false });
  });

  it('refuses to finish a zip with an entry not ended', async () => {
    const { send, replies } = await worker();
    send({ op: 'open', mtime: 0 });
    send({ op: 'stream', id: 0, path: 'bundle.json', compress: true });
    send({ op: 'push', id: 0, data: '{}' });
    send({ op: 'finish' });
    expect(replies[1]).toMatchObject({ ok: false });
  });
});
