import type { AsyncZipWriter, ZipEntryWriter } from './zip';
import { fastestZipWriter } from './zip-native';

/**
 * A dedicated worker that compresses and writes an export's zip, so that deflating the bundle's
 * JSON, CSV and HTML does not take the page's thread. Messages arrive in the order the export made
 * them; the first failure is kept and given at `finish`. Start it with `zipInWorker()`
 * (./zip-worker-client.ts). It deflates with the browser's own zlib (./zip-native.ts), and with
 * fflate where the runtime has no `CompressionStream`.
 */

export type ZipWorkerRequest =
  | { op: 'open'; mtime: number }
  | { op: 'stream'; id: number; path: string; compress: boolean }
  | { op: 'push'; id: number; data: string | Uint8Array }
  | { op: 'end'; id: number }
  | { op: 'add'; path: string; data: string | Uint8Array; compress: boolean }
  | { op: 'finish' };

export type ZipWorkerReply = { ready: true } | { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; message: string };

let zip: AsyncZipWriter | null = null;
const entries = new Map<number, ZipEntryWriter>();
let failure: string | null = null;

const reply = (message: ZipWorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ZipWorkerRequest>) => {
  const m = event.data;
  try {
    if (m.op === 'open') {
      zip = fastestZipWriter(new Date(m.mtime));
      reply({ ready: true });
      return;
    }
    if (!zip) throw new Error('zip: not open');
    if (m.op === 'finish') {
      if (failure) throw new Error(failure);
      const bytes = await zip.finish();
      reply({ ok: true, bytes }, [bytes.buffer]);
      return;
    }
    if (failure) return;
    if (m.op === 'stream') entries.set(m.id, zip.stream(m.path, { compress: m.compress }));
    else if (m.op === 'push') entries.get(m.id)!.push(m.data);
    else if (m.op === 'end') {
      entries.get(m.id)!.end();
      entries.delete(m.id);
    } else zip.add(m.path, m.data, { compress: m.compress });
  } catch (error) {
    if (m.op === 'finish') reply({ ok: false, message: (error as Error).message });
    else failure ??= (error as Error).message || 'The zip could not be written';
  }
};
