import { afterEach, describe, expect, it, vi } from 'vitest';
import { crc32 } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { canInflateNatively, canZipNatively, nativeZipWriter, readZipEntryNatively } from './zip-native';
import { DEFAULT_ZIP_LIMITS, PIECE, ZipBombError, ZipCorruptError, createZipWriter, listZip, readZip, readZipEntry, type ZipEntryInfo, type ZipLimits, type ZipWriter } from './zip';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Stands in a CompressionStream that is the stream `make` gives. */
function compressWith(make: () => TransformStream<Uint8Array, Uint8Array>) {
  vi.stubGlobal(
    'CompressionStream',
    class {
      readonly readable: ReadableStream<Uint8Array>;
      readonly writable: WritableStream<Uint8Array>;
      constructor() {
        ({ readable: this.readable, writable: this.writable } = make());
      }
    },
  );
}

/** Each entry's name, method, CRC-32 and sizes as the central directory records them. */
function centralDirectory(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const entries = [];
  let at = view.getUint32(eocd + 16, true);
  for (let n = view.getUint16(eocd + 10, true); n > 0; n--) {
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Text of many short lines, as a bundle's CSV is: compressible, and over many pushes. */
function csvLike(rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => `${1799000000000000000 + i},"Gritting update for ward ${i % 97}: roads treated ${(i * 7919) % 1000} times",do,Wrexham County Borough Council\r\n`);
}

describe('nativeZipWriter', () => {
  it('is available where the tests run, as in every browser the extension supports', () => {
    expect(canZipNatively()).toBe(true);
  });

  it('writes entries started together and pushed in turn, each whole and in the order started, with the CRC-32 and sizes a zip tool checks', async () => {
    const zip = nativeZipWriter(new Date('2026-11-21T09:00:00Z'));
    const json = zip.stream('bundle.json');
    const csv = zip.stream('clippings.csv');
    const rows = csvLike(20_000);
    json.push('{"clippings":[');
    rows.forEach((row, i) => {
      csv.push(i % 2 === 0 ? row : new TextEncoder().encode(row));
      if (i % 1000 === 0) json.push(`${i === 0 ? '' : ','}{"n":${i},"text":"Cyngor Sir Ddinbych – £5 ✓ 🚗"}`);
    });
    json.push(']}');
    zip.add('guide-draft.docx', new Uint8Array([80, 75, 3, 4, 9, 9]), { compress: false });
    zip.add('empty.txt', '');
    csv.end();
    json.end();
    zip.add('README.txt', 'Read me.\n');
    const bytes = await zip.finish();

    const expectedJson = `{"clippings":[${Array.from({ length: 20 }, (_, k) => `${k === 0 ? '' : ','}{"n":${k * 1000},"text":"Cyngor Sir Ddinbych – £5 ✓ 🚗"}`).join('')}]}`;
    const expected: Record<string, Uint8Array> = {
      'bundle.json': new TextEncoder().encode(expectedJson),
      'clippings.csv': new TextEncoder().encode(rows.join('')),
      'guide-draft.docx': new Uint8Array([80, 75, 3, 4, 9, 9]),
      'empty.txt': new Uint8Array(0),
      'README.txt': new TextEncoder().encode('Read me.\n'),
    };
    // Read by fflate and by the project's own reader alike.
    const unzipped = unzipSync(bytes);
    expect(Object.keys(unzipped)).toEqual(Object.keys(expected));
    const read = readZip(bytes);
    for (const [name, content] of Object.entries(expected)) {
      expect(strFromU8(unzipped[name]!)).toBe(strFromU8(content));
      expect([...read.get(name)!].length).toBe(content.length);
    }
    expect(strFromU8(read.get('clippings.csv')!)).toBe(rows.join(''));

    const directory = centralDirectory(bytes);
    expect(directory.map((e) => e.name)).toEqual(Object.keys(expected));
    for (const entry of directory) {
      const content = expected[entry.name]!;
      expect(entry.crc).toBe(crc32(content));
      expect(entry.size).toBe(content.length);
      expect(entry.method).toBe(entry.name.endsWith('.docx') ? 0 : 8);
    }
    // Deflated: the CSV's 2.5 MB come to a small part of that.
    const csvEntry = directory.find((e) => e.name === 'clippings.csv')!;
    expect(csvEntry.compressedSize).toBeLessThan(csvEntry.size / 5);
  });

  it('holds the same files as the zip written with fflate alone', async () => {
    const write = (zip: Pick<ZipWriter, 'stream' | 'add'>) => {
      const a = zip.stream('a.txt');
      const b = zip.stream('b.txt');
      a.push('Hello, ');
      b.push('Shwmae ');
      a.push(new TextEncoder().encode('world £'));
      b.push('Caerdydd');
      b.end();
      a.end();
      zip.add('c.bin', new Uint8Array([1, 2, 3]), { compress: false });
    };
    const native = nativeZipWriter(new Date('2026-11-21T09:00:00Z'));
    write(native);
    const fflate = createZipWriter(new Date('2026-11-21T09:00:00Z'));
    write(fflate);
    const one = unzipSync(await native.finish());
    const other = unzipSync(fflate.finish());
    expect(Object.keys(one)).toEqual(['a.txt', 'b.txt', 'c.bin']);
    expect(Object.keys(one)).toEqual(Object.keys(other));
    for (const name of Object.keys(one)) expect([...one[name]!]).toEqual([...other[name]!]);
    expect(strFromU8(one['b.txt']!)).toBe('Shwmae Caerdydd');
  });

  it('refuses to finish a zip with an entry not ended', async () => {
    const zip = nativeZipWriter();
    zip.stream('bundle.json').push('{}');
    await expect(zip.finish()).rejects.toThrow(/not ended/);
  });

  it('gives a failure of the browser\u2019s compression at the end, not a zip', async () => {
    compressWith(
      () =>
        new TransformStream<Uint8Array, Uint8Array>({
          transform(_chunk, controller) {
            controller.error(new Error('QuotaExceededError: out of memory'));
          },
        }),
    );
    const zip = nativeZipWriter();
    const json = zip.stream('bundle.json');
    json.push('{"a":1}');
    json.end();
    await expect(zip.finish()).rejects.toThrow(/out of memory/);
  });

  it('refuses output that is not the gzip it expects, rather than write a zip that does not open', async () => {
    // A gzip header with a file name flag set, as CompressionStream never writes.
    compressWith(
      () =>
        new TransformStream<Uint8Array, Uint8Array>({
          flush(controller) {
            controller.enqueue(new Uint8Array([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3, 0x61, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
          },
        }),
    );
    const zip = nativeZipWriter();
    zip.add('bundle.json', '{}');
    await expect(zip.finish()).rejects.toThrow(/header/);
  });

  it('is not available without CompressionStream, so the worker uses fflate', () => {
    vi.stubGlobal('CompressionStream', undefined);
    expect(canZipNatively()).toBe(false);
  });
});

/** Bytes that hardly compress (a simple generator, the same every run). */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A zip of one entry and that entry, as listZip finds it. */
function oneEntry(content: Uint8Array, name = 'bundle.json') {
  const zip = zipSync({ [name]: content }, { level: 6 });
  return { zip, entry: listZip(zip)[0]! };
}

/** Overwrites the uncompressed size an entry declares, in both its local and central headers. */
function declaring(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, size, true);
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

describe('readZipEntryNatively', () => {
  it('is available where the tests run, as in every browser the extension supports', () => {
    expect(canInflateNatively()).toBe(true);
  });

  it('reads what fflate reads, and counts it against the budget', async () => {
    const text = strToU8(csvLike(4000).join(''));
    const content = new Uint8Array(text.length + 50_000);
    content.set(text);
    content.set(noise(50_000), text.length);
    const { zip, entry } = oneEntry(content);
    expect(entry.compressedSize).toBeGreaterThan(4 * PIECE);
    const budget = { used: 10 };
    const native = await readZipEntryNatively(zip, entry, DEFAULT_ZIP_LIMITS, budget);
    expect(native).toEqual(readZipEntry(zip, entry));
    expect(native).toEqual(content);
    expect(budget.used).toBe(10 + content.length);
  });

  it('refuses an entry that inflates past its limits, past the size it declares, or by too high a ratio, as fflate does', async () => {
    // 3 MB that deflates to about 20 kB: a ratio its central directory may declare (under 500), over 100.
    const dense = new Uint8Array(3_000_000);
    dense.set(noise(16_000));
    const cases: Array<{ zip: Uint8Array; entry: ZipEntryInfo; limits: ZipLimits }> = [
      { ...oneEntry(dense), limits: { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 1_000_000 } },
      { ...oneEntry(dense), limits: { ...DEFAULT_ZIP_LIMITS, maxRatio: 100 } },
    ];
    const lying = declaring(oneEntry(dense).zip, 1000);
    cases.push({ zip: lying, entry: listZip(lying)[0]!, limits: DEFAULT_ZIP_LIMITS });
    for (const { zip, entry, limits } of cases) {
      expect(() => readZipEntry(zip, entry, limits)).toThrow(ZipBombError);
      await expect(readZipEntryNatively(zip, entry, limits)).rejects.toThrow(ZipBombError);
    }
  });

  it('stops a bomb as it inflates, long before the whole of it has come out', async () => {
    // Noise, then 30 MB of zeros: the first piece that comes out already passes the 1 kB declared.
    const content = new Uint8Array(30_000_000 + 400_000);
    content.set(noise(400_000, 3));
    const zip = declaring(oneEntry(content).zip, 1000);
    const entry = listZip(zip)[0]!;
    expect(Math.ceil(entry.compressedSize / PIECE)).toBeGreaterThan(20);
    // What the browser's zlib gave, counted as it came out of it.
    const Real = DecompressionStream;
    let out = 0;
    vi.stubGlobal(
      'DecompressionStream',
      class {
        readonly readable: ReadableStream<Uint8Array>;
        readonly writable: WritableStream<Uint8Array>;
        constructor(format: CompressionFormat) {
          const real = new Real(format);
          this.writable = real.writable as WritableStream<Uint8Array>;
          this.readable = (real.readable as ReadableStream<Uint8Array>).pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                out += chunk.length;
                controller.enqueue(chunk);
              },
            }),
          );
        }
      },
    );
    await expect(readZipEntryNatively(zip, entry)).rejects.toThrow(ZipBombError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out).toBeGreaterThan(1000);
    expect(out).toBeLessThan(2_000_000);
  });

  it('calls data that does not inflate, or ends short of its size, corrupt', async () => {
    const { zip, entry } = oneEntry(noise(200_000));
    const scrambled = zip.slice();
    const start = entry.localOffset + 30 + entry.name.length;
    for (let i = start; i < start + 64; i++) scrambled[i] = 0xff;
    await expect(readZipEntryNatively(scrambled, entry)).rejects.toThrow(ZipCorruptError);
    const longer = declaring(zip, 200_001);
    await expect(readZipEntryNatively(longer, listZip(longer)[0]!)).rejects.toThrow(ZipCorruptError);
  });

  it('inflates with fflate where the runtime has no DecompressionStream', async () => {
    const { zip, entry } = oneEntry(noise(100_000));
    vi.stubGlobal('DecompressionStream', undefined);
    expect(canInflateNatively()).toBe(false);
    expect(await readZipEntryNatively(zip, entry)).toEqual(noise(100_000));
  });
});
