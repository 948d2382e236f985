import { Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { DEFAULT_ZIP_LIMITS, PIECE, ZipBombError, ZipCorruptError, addWhole, asAsyncZipWriter, concat, createZipWriter, entryData, inflatesTooFar, readZipEntry, type AsyncZipWriter, type ZipEntryInfo, type ZipEntryWriter, type ZipLimits } from './zip';

/**
 * A zip whose entries are deflated by the browser's own zlib (`CompressionStream`), for the export's
 * workers: about twice as fast as fflate's deflate in JavaScript on the bundle's JSON, CSV and HTML
 * (docs/performance.md, "The export"), on the same thread. fflate still writes the archive around
 * the entries (its documented `ZipInputFile`), so the zip is laid out as `createZipWriter`'s is:
 * the same entries, in the order they were started, each with a data descriptor.
 *
 * Each compressed entry goes through a `CompressionStream('gzip')`: gzip is raw deflate between a
 * 10-byte header and an 8-byte trailer that holds the CRC-32 and the size of what went in, which is
 * what the zip records of an entry. So the header is checked and taken off, the deflate data passed
 * on as it comes, and the trailer read at the end: no CRC is computed in JavaScript.
 */

/** Whether this runtime can gzip by itself (every browser the extension runs in; Node 18 and later). */
export function canZipNatively(): boolean {
  try {
    return typeof CompressionStream === 'function' && new CompressionStream('gzip') instanceof CompressionStream;
  } catch {
    return false;
  }
}

/** The zip writer to use off the page's thread: the browser's zlib where it has one, else fflate's deflate. */
export function fastestZipWriter(mtime: Date = new Date()): AsyncZipWriter {
  return canZipNatively() ? nativeZipWriter(mtime) : asAsyncZipWriter(createZipWriter(mtime));
}

/** The gzip header (RFC 1952) CompressionStream writes: magic, deflate, no flags. */
const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;

/** An AsyncZipWriter deflating with CompressionStream; check `canZipNatively()` first. */
export function nativeZipWriter(mtime: Date = new Date()): AsyncZipWriter {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  let done = false;
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  };
  const zip = new Zip((err, data, final) => {
    if (err) fail(err);
    else chunks.push(data);
    if (final) done = true;
  });
  const encoder = new TextEncoder();
  const bytesOf = (data: string | Uint8Array) => (typeof data === 'string' ? encoder.encode(data) : data);
  /** Entries whose deflating has not ended yet: finish waits for them. */
  const deflating: Promise<void>[] = [];
  const writers: WritableStreamDefaultWriter<BufferSource>[] = [];
  let open = 0;

  const stream = (path: string, options: { compress?: boolean } = {}): ZipEntryWriter => {
    open++;
    let ended = false;
    const end = (close: () => void) => () => {
      if (ended) return;
      ended = true;
      open--;
      close();
    };
    if (options.compress === false) {
      const file = new ZipPassThrough(path);
      file.mtime = mtime;
      zip.add(file);
      return { push: (data) => file.push(bytesOf(data), false), end: end(() => file.push(new Uint8Array(0), true)) };
    }
    // crc and size are read from the gzip trailer before the entry's last call.
    const file: ZipInputFile = { filename: path, mtime, compression: 8, flag: 0, crc: 0, size: 0 };
    zip.add(file);
    const gzip = new CompressionStream('gzip');
    const writer = gzip.writable.getWriter();
    writers.push(writer);
    deflating.push(passDeflate(gzip.readable, file).catch(fail));
    return {
      push: (data) => {
        const bytes = bytesOf(data);
        // A failed write fails the stream's reading too, where it is kept.
        if (bytes.length > 0) writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
      },
      end: end(() => void writer.close().catch(() => {})),
    };
  };

  return {
    stream,
    add: addWhole(stream),
    async finish() {
      if (open > 0) throw new Error('zip: an entry was not ended');
      await Promise.all(deflating);
      if (failure) throw failure;
      zip.end();
      if (failure) throw failure;
      if (!done) throw new Error('zip: an entry was not ended');
      return concat(chunks);
    },
    discard() {
      for (const writer of writers) writer.abort().catch(() => {});
    },
  };
}

/** Reads a gzip stream into a zip entry: the deflate data as it comes, then its CRC-32 and size. */
async function passDeflate(readable: ReadableStream<Uint8Array<ArrayBuffer>>, file: ZipInputFile): Promise<void> {
  const reader = readable.getReader();
  let header: Uint8Array = new Uint8Array(0);
  // The last bytes read, held back until more come: the stream's last 8 are its trailer.
  let held: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    let bytes: Uint8Array<ArrayBuffer> = value;
    if (header.length < GZIP_HEADER) {
      const take = Math.min(GZIP_HEADER - header.length, bytes.length);
      header = concat([header, bytes.subarray(0, take)]);
      bytes = bytes.subarray(take);
      if (header.length === GZIP_HEADER && !(header[0] === 0x1f && header[1] === 0x8b && header[2] === 8 && header[3] === 0)) {
        throw new Error('zip: the browser\u2019s gzip wrote a header it was not expected to');
      }
    }
    if (bytes.length === 0) continue;
    const joined = held.length > 0 ? concat([held, bytes]) : bytes;
    if (joined.length > GZIP_TRAILER) {
      file.ondata!(null, joined.subarray(0, joined.length - GZIP_TRAILER), false);
      held = joined.slice(joined.length - GZIP_TRAILER);
    } else held = joined.slice();
  }
  if (header.length < GZIP_HEADER || held.length !== GZIP_TRAILER) throw new Error('zip: the browser\u2019s gzip ended early');
  const trailer = new DataView(held.buffer, held.byteOffset, GZIP_TRAILER);
  file.crc = trailer.getUint32(0, true);
  file.size = trailer.getUint32(4, true);
  file.ondata!(null, new Uint8Array(0), true);
}

/** Whether this runtime can inflate by itself (every browser the extension runs in; Node 18 and later). */
export function canInflateNatively(): boolean {
  try {
    return typeof DecompressionStream === 'function' && new DecompressionStream('deflate-raw') instanceof DecompressionStream;
  } catch {
    return false;
  }
}

/**
 * readZipEntry's answer, with the same checks and errors, inflated by the browser's own zlib
 * (`DecompressionStream('deflate-raw')`) where it has one (`canInflateNatively()`): two to five times as
 * quick as fflate's inflate in JavaScript on a bundle's JSON in Chromium (docs/performance.md). The
 * compressed bytes go in a piece at a time, as fast as the stream takes them, and what comes out is
 * counted as it is read: an entry that inflates past its size or the limits is stopped while it inflates,
 * and the stream with it (a test counts what the zlib gave before the stop: under 2 MB of a 30 MB bomb).
 */
export async function readZipEntryNatively(bytes: Uint8Array, entry: ZipEntryInfo, limits: ZipLimits = DEFAULT_ZIP_LIMITS, budget = { used: 0 }): Promise<Uint8Array> {
  if (entry.compressedSize === 0 || !canInflateNatively()) return readZipEntry(bytes, entry, limits, budget);
  const { data, allowed, stored } = entryData(bytes, entry, limits, budget);
  if (stored) return stored;
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  const out: Uint8Array[] = [];
  let produced = 0;
  let over = false;
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      produced += value.length;
      if (inflatesTooFar(produced, allowed, entry.compressedSize, limits)) {
        over = true;
        throw new ZipBombError(`${entry.name} inflates past its limit`);
      }
      out.push(value);
    }
  })();
  const writing = (async () => {
    for (let i = 0; i < data.length && !over; i += PIECE) await writer.write(data.subarray(i, Math.min(data.length, i + PIECE)) as Uint8Array<ArrayBuffer>);
    if (!over) await writer.close();
  })();
  try {
    await Promise.all([reading, writing]);
  } catch (error) {
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    throw error instanceof ZipBombError ? error : new ZipCorruptError(`${entry.name}: ${(error as Error).message}`);
  }
  if (produced !== entry.size) throw new ZipCorruptError(`${entry.name} is not the size it declares`);
  budget.used += produced;
  return concat(out);
}
