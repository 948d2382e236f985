import { Inflate, Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/**
 * Zip helpers over fflate. Writing streams each file into the archive as it is produced, so a large
 * export is never held twice as strings. Reading checks every entry's declared sizes from the central
 * directory before inflating anything, then counts the bytes actually inflated and stops at the first
 * limit passed, so a zip bomb is refused without being allocated.
 */

export interface ZipEntryWriter {
  /** Adds text (UTF-8) or bytes to the entry. */
  push(data: string | Uint8Array): void;
  /** Ends the entry. */
  end(): void;
}

export interface ZipWriter {
  /** Starts an entry written bit by bit; entries are stored in the order they are started. */
  stream(path: string, options?: { compress?: boolean }): ZipEntryWriter;
  /** Adds a whole entry. Already compressed data (images) is stored as it is. */
  add(path: string, data: string | Uint8Array, options?: { compress?: boolean }): void;
  /** Ends the archive and gives its bytes. Every entry must have been ended. */
  finish(): Uint8Array<ArrayBuffer>;
}

/**
 * A zip written somewhere else than where its entries are made (a worker: ./zip-worker-client.ts),
 * or here (`zipHere`): the same entries and order, its bytes at the end.
 */
export interface AsyncZipWriter {
  stream(path: string, options?: { compress?: boolean }): ZipEntryWriter;
  add(path: string, data: string | Uint8Array, options?: { compress?: boolean }): void;
  /** Ends the archive and gives its bytes. Every entry must have been ended. */
  finish(): Promise<Uint8Array<ArrayBuffer>>;
  /** Drops the archive unfinished (the export stopped or failed). */
  discard(): void;
}

/** An AsyncZipWriter on this thread. */
export function zipHere(mtime: Date = new Date()): Promise<AsyncZipWriter> {
  return Promise.resolve(asAsyncZipWriter(createZipWriter(mtime)));
}

/** A ZipWriter behind the AsyncZipWriter interface. */
export function asAsyncZipWriter(zip: ZipWriter): AsyncZipWriter {
  return { stream: zip.stream, add: zip.add, finish: async () => zip.finish(), discard: () => {} };
}

export function createZipWriter(mtime: Date = new Date()): ZipWriter {
  const chunks: Uint8Array[] = [];
  let error: Error | null = null;
  let done = false;
  const zip = new Zip((err, data, final) => {
    if (err) error = err;
    else chunks.push(data);
    if (final) done = true;
  });
  const stream = (path: string, options: { compress?: boolean } = {}): ZipEntryWriter => {
    const file = options.compress === false ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    return {
      push: (data) => file.push(typeof data === 'string' ? strToU8(data) : data, false),
      end: () => file.push(new Uint8Array(0), true),
    };
  };
  return {
    stream,
    add: addWhole(stream),
    finish() {
      zip.end();
      if (error) throw error;
      if (!done) throw new Error('zip: an entry was not ended');
      return concat(chunks);
    },
  };
}

/** `add` of a writer: a whole entry, started, pushed and ended at once through its `stream`. */
export function addWhole(stream: ZipWriter['stream']): ZipWriter['add'] {
  return (path, data, options) => {
    const entry = stream(path, options);
    entry.push(data);
    entry.end();
  };
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface ZipLimits {
  /** Most bytes all inflated entries may hold together. */
  maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most an entry of more than 1 MB may grow by inflating (inflated / compressed). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 500 * 1024 * 1024,
  maxEntryBytes: 400 * 1024 * 1024,
  maxEntries: 200_000,
  maxRatio: 500,
};

export class ZipBombError extends Error {
  override name = 'ZipBombError';
}
export class ZipCorruptError extends Error {
  override name = 'ZipCorruptError';
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

/** True when the bytes start like a zip archive (a local file header, or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** The archive's entries as its central directory declares them. Throws ZipCorruptError or ZipBombError. */
export function listZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipCorruptError('no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipCorruptError('zip64 archives are not read');
  if (count > limits.maxEntries) throw new ZipBombError(`${count} entries`);
  if (cdOffset + cdSize > eocd) throw new ZipCorruptError('central directory out of bounds');
  const entries: ZipEntryInfo[] = [];
  let at = cdOffset;
  let total = 0;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CEN) throw new ZipCorruptError('bad central directory entry');
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > bytes.length) throw new ZipCorruptError('bad entry name');
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new ZipCorruptError('zip64 entries are not read');
    if (size > limits.maxEntryBytes) throw new ZipBombError(`${name} declares ${size} bytes`);
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipBombError(`entries declare ${total} bytes`);
    if (size > 1024 * 1024 && size / Math.max(1, compressedSize) > limits.maxRatio) throw new ZipBombError(`${name} declares a ratio over ${limits.maxRatio}`);
    entries.push({ name, compressedSize, size, method, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export const PIECE = 16 * 1024;

/**
 * An entry's compressed bytes and how many bytes it may inflate to (its declared size, within the
 * limits and what `budget` has left), or, for an entry stored without compression, its bytes already
 * checked and counted (`stored`). Throws as readZipEntry does.
 */
export function entryData(bytes: Uint8Array, entry: ZipEntryInfo, limits: ZipLimits, budget: { used: number }): { data: Uint8Array; allowed: number; stored?: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOC) throw new ZipCorruptError('bad local header');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipCorruptError('entry out of bounds');
  const data = bytes.subarray(start, end);
  const allowed = Math.min(entry.size, limits.maxEntryBytes, limits.maxTotalBytes - budget.used);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipCorruptError('stored entry size differs');
    if (data.length > allowed) throw new ZipBombError(`${entry.name} is too large`);
    budget.used += data.length;
    return { data, allowed, stored: data.slice() };
  }
  if (entry.method !== 8) throw new ZipCorruptError(`compression method ${entry.method}`);
  return { data, allowed };
}

/** Whether an entry of `compressed` bytes that has inflated to `produced` so far has grown more than the limits allow. */
export function inflatesTooFar(produced: number, allowed: number, compressed: number, limits: ZipLimits): boolean {
  return produced > allowed || (compressed > 0 && produced > 1024 * 1024 && produced / compressed > limits.maxRatio);
}

/**
 * Inflates one entry, never past its declared size or the limits: the output is counted as it is
 * made, in pieces, and inflating stops at once when a count passes.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntryInfo, limits: ZipLimits = DEFAULT_ZIP_LIMITS, budget = { used: 0 }): Uint8Array {
  const { data, allowed, stored } = entryData(bytes, entry, limits, budget);
  if (stored) return stored;
  const out: Uint8Array[] = [];
  let produced = 0;
  let over = false;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    produced += chunk.length;
    if (inflatesTooFar(produced, allowed, entry.compressedSize, limits)) {
      over = true;
      return;
    }
    out.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !over; i += PIECE) {
      inflate.push(data.subarray(i, Math.min(data.length, i + PIECE)), i + PIECE >= data.length);
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (over) throw new ZipBombError(`${entry.name} inflates past its limit`);
    throw new ZipCorruptError(`${entry.name}: ${(error as Error).message}`);
  }
  if (over) throw new ZipBombError(`${entry.name} inflates past its limit`);
  if (!ended && entry.size > 0) throw new ZipCorruptError(`${entry.name} ends early`);
  if (produced !== entry.size) throw new ZipCorruptError(`${entry.name} is not the size it declares`);
  budget.used += produced;
  return concat(out);
}

/**
 * Reads the entries of a zip (all, or those `wanted` names), within the limits. Throws ZipBombError
 * when a declared or actual size passes a limit, ZipCorruptError when the archive cannot be read.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, wanted?: (name: string) => boolean): Map<string, Uint8Array> {
  const entries = listZip(bytes, limits);
  const budget = { used: 0 };
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (wanted && !wanted(entry.name)) continue;
    files.set(entry.name, readZipEntry(bytes, entry, limits, budget));
  }
  return files;
}
