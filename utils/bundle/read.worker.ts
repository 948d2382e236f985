import { readBundleBytes, type ReadBundleResult } from './import';
import type { ZipLimits } from './zip';

/**
 * A dedicated worker that reads a bundle file's bytes (unzip, `JSON.parse`, the schemas' checks), so
 * that a large bundle does not hold the page: 50,000 clippings took 2 to 5 s of the page's thread on a
 * slow machine, with "Reading the bundle…" shown and nothing drawn. The page then pays only for the
 * bundle's copy back. Start it with `readInWorker` (./read-worker-client.ts).
 */

export interface ReadWorkerRequest {
  bytes: Uint8Array<ArrayBuffer>;
  zipLimits?: ZipLimits;
}

export type ReadWorkerReply = ReadBundleResult;

self.onmessage = (event: MessageEvent<ReadWorkerRequest>) => {
  const { bytes, zipLimits } = event.data;
  // readBundleBytes names every problem and throws nothing; a bundle is plain data, so its copy back cannot fail.
  (self as unknown as Worker).postMessage(readBundleBytes(bytes, zipLimits ? { zipLimits } : {}) satisfies ReadWorkerReply);
};
