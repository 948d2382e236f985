import { describe, expect, it } from 'vitest';
import { strFromU8, zipSync } from 'fflate';
import { DEFAULT_ZIP_LIMITS, ZipBombError, ZipCorruptError, createZipWriter, listZip, readZip } from './zip';

const small = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1_000_000, maxEntryBytes: 600_000 };

/** Overwrites the uncompressed size an entry declares, in both its local and central headers. */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

describe('zip', () => {
  it('writes streamed and whole entries that read back', () => {
    const zip = createZipWriter(new Date('2026-11-21T09:00:00Z'));
    const a = zip.stream('a.txt');
    a.push('Hello, ');
    zip.add('b.bin', new Uint8Array([1, 2, 3]), { compress: false });
    a.push(new TextEncoder().encode('world £'));
    a.end();
    const files = readZip(zip.finish());
    expect(strFromU8(files.get('a.txt')!)).toBe('Hello, world £');
    expect([...files.get('b.bin')!]).toEqual([1, 2, 3]);
  });

  it('refuses an entry that inflates past the limit, while inflating', () => {
    const bomb = zipSync({ 'bundle.json': new Uint8Array(5_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => readZip(bomb, small)).toThrow(ZipBombError);
  });

  it('refuses entries that together declare more than the total limit', () => {
    const many = zipSync({ 'a.bin': new Uint8Array(400_000), 'b.bin': new Uint8Array(400_000), 'c.bin': new Uint8Array(400_000) }, { level: 9 });
    expect(() => listZip(many, small)).toThrow(ZipBombError);
  });

  it('refuses a zip whose declared sizes lie, stopping at the declared size', () => {
    const liar = lieAboutSize(zipSync({ 'bundle.json': new Uint8Array(3_000_000) }, { level: 9 }), 100);
    expect(() => readZip(liar)).toThrow(ZipBombError);
  });

  it('refuses a declared size over the default 500 MB total before inflating anything', () => {
    const huge = lieAboutSize(zipSync({ 'bundle.json': new Uint8Array(10) }), 0xfffffff0 - 1);
    expect(() => listZip(huge)).toThrow(ZipBombError);
  });

  it('refuses too many entries and a high ratio', () => {
    const entries = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, new Uint8Array(1)]));
    expect(() => listZip(zipSync(entries), { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 })).toThrow(ZipBombError);
    const dense = zipSync({ 'x.bin': new Uint8Array(4_000_000) }, { level: 9 });
    expect(() => readZip(dense, { ...DEFAULT_ZIP_LIMITS, maxRatio: 100 })).toThrow(ZipBombError);
  });

  it('calls a truncated or scrambled archive corrupt', () => {
    const good = zipSync({ 'bundle.json': new TextEncoder().encode('{"a":1}'.repeat(1000)) });
    expect(() => readZip(good.slice(0, good.length - 30))).toThrow(ZipCorruptError);
    const scrambled = good.slice();
    for (let i = 40; i < 80; i++) scrambled[i] = 0xff;
    expect(() => readZip(scrambled)).toThrow();
  });
});
