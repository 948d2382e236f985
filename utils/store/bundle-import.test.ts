import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { ClipperDB } from '@/utils/store/db';
import { applyMerge, planMerge } from '@/utils/store/merge';
import { ANN, BEA, clip, councilPost, freshDb, residentPost } from '@/tests/unit/bundles';
import { exportLibrary } from './export-source';
import { MAX_BUNDLE_BYTES, readBundleBytes, readBundleFile, type ImportProblem } from '@/utils/bundle/import';
import { BUNDLE_VERSION, type Bundle } from '@/utils/bundle/schema';
import { DEFAULT_ZIP_LIMITS } from '@/utils/bundle/zip';

let source: ClipperDB;
let target: ClipperDB;
let zip: Uint8Array;
let json: string;

beforeEach(async () => {
  source = freshDb();
  target = freshDb();
  await clip(source, councilPost(1), { verdict: 'do', lesson: 'Lead with the change', themes: ['tone'], authorType: 'council' });
  await clip(source, residentPost(2), { verdict: 'dont', note: 'Be kind' });
  await clip(source, councilPost(3, { media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/a?format=jpg', altText: 'Gritter' }] }), { kind: 'example' });
  zip = (await exportLibrary(source, { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: ANN })).bytes;
  const read = readBundleBytes(zip);
  if (!read.ok) throw new Error(read.problem.code);
  json = JSON.stringify(read.bundle);
});
afterEach(async () => {
  await source.delete();
  await target.delete();
});

function file(bytes: Uint8Array | string, name = 'bundle.zip'): Blob & { name: string } {
  return Object.assign(new Blob([(typeof bytes === 'string' ? strToU8(bytes) : bytes) as Uint8Array<ArrayBuffer>]), { name });
}

async function problemOf(bytes: Uint8Array | string, options?: Parameters<typeof readBundleFile>[1]): Promise<ImportProblem | null> {
  const result = await readBundleFile(file(bytes), options);
  return result.ok ? null : result.problem;
}

function edit(change: (b: Bundle & Record<string, unknown>) => void): string {
  const b = JSON.parse(json);
  change(b);
  return JSON.stringify(b);
}

describe('readBundleFile', () => {
  it('reads the zip and bundle.json alone', async () => {
    expect(await problemOf(zip)).toBeNull();
    expect(await problemOf(json)).toBeNull();
    expect(await problemOf(`\uFEFF${json}`)).toBeNull();
  });

  it('refuses a file over 100 MB before reading it', async () => {
    let read = false;
    const big = {
      name: 'huge.zip',
      size: MAX_BUNDLE_BYTES + 1,
      type: 'application/zip',
      arrayBuffer: async () => {
        read = true;
        return new ArrayBuffer(0);
      },
    } as unknown as Blob & { name: string };
    expect(await readBundleFile(big)).toEqual({ ok: false, problem: { code: 'too-large', maxBytes: MAX_BUNDLE_BYTES } });
    expect(read).toBe(false);
  });

  it('refuses a file that is neither a zip nor JSON', async () => {
    expect(await problemOf('Name,Verdict\r\nAnn,do\r\n')).toEqual({ code: 'not-a-bundle' });
    expect(await problemOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))).toEqual({ code: 'not-a-bundle' });
    expect(await problemOf('')).toEqual({ code: 'not-a-bundle' });
    expect(await problemOf('[1,2]')).toEqual({ code: 'not-a-bundle' });
  });

  it('refuses a zip without bundle.json, and broken JSON or zips as corrupt', async () => {
    expect(await problemOf(zipSync({ 'notes.txt': strToU8('hello') }))).toEqual({ code: 'no-bundle-json' });
    expect(await problemOf(json.slice(0, -10))).toEqual({ code: 'corrupt' });
    expect(await problemOf(zip.slice(0, zip.length - 40))).toEqual({ code: 'corrupt' });
    expect(await problemOf(zipSync({ 'bundle.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }))).toEqual({ code: 'corrupt' });
  });

  it('refuses a zip bomb: a small zip that inflates past the limits, and one whose declared size lies', async () => {
    const padding = ' '.repeat(3_000_000);
    const bomb = zipSync({ 'bundle.json': strToU8(`${json.slice(0, -1)}${padding}}`) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await problemOf(bomb, { zipLimits: { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 1_000_000, maxTotalBytes: 1_000_000 } })).toEqual({ code: 'zip-bomb' });
    // The same bomb with a central directory that says bundle.json is 1 kB.
    const liar = bomb.slice();
    const view = new DataView(liar.buffer);
    for (let i = 0; i + 4 <= liar.length; i++) {
      if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, 1000, true);
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1000, true);
    }
    expect(await problemOf(liar)).toEqual({ code: 'zip-bomb' });
  });

  it('names an unknown format and a newer version', async () => {
    expect(await problemOf(edit((b) => ((b as Record<string, unknown>).format = 'twitter-web-exporter')))).toEqual({ code: 'unknown-format', format: 'twitter-web-exporter' });
    expect(await problemOf('{"tweets":[]}')).toEqual({ code: 'unknown-format' });
    expect(await problemOf(edit((b) => ((b as Record<string, unknown>).version = BUNDLE_VERSION + 1)))).toEqual({ code: 'newer-version', version: BUNDLE_VERSION + 1 });
  });

  it('names the first invalid fields by their dot paths', async () => {
    const problem = await problemOf(
      edit((b) => {
        (b.clippings[1]!.snapshot as Record<string, unknown>).postId = 'abc';
        (b.clippings[2]!.annotations[0] as Record<string, unknown>).verdict = 'maybe';
      }),
    );
    expect(problem).toEqual({ code: 'invalid-fields', fields: ['clippings.1.snapshot.postId', 'clippings.2.annotations.0.verdict'] });
    const many = await problemOf(edit((b) => b.clippings.forEach((c) => ((c as Record<string, unknown>).clippedAt = 'yesterday'))));
    expect(many).toMatchObject({ code: 'invalid-fields' });
    expect((many as { fields: string[] }).fields[0]).toBe('clippings.0.clippedAt');
    expect(await problemOf(edit((b) => b.clippings.push(b.clippings[0]!)))).toEqual({ code: 'invalid-fields', fields: ['clippings.3.postId'] });
    expect(await problemOf(edit((b) => (b.clippings[0]!.annotations[0]!.themes = ['nowhere'])))).toEqual({ code: 'invalid-fields', fields: ['clippings.0.annotations.0.themes.0'] });
    expect(await problemOf(edit((b) => (b.clippings[0]!.postId = b.clippings[1]!.postId.replace(/.$/, '9'))))).toEqual({ code: 'invalid-fields', fields: ['clippings.0.snapshot.postId'] });
  });
});

/** mulberry32: a small seeded generator, so a failing case can be repeated. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(50_000), '<img src=x onerror=alert(1)>', [], {}, true, '2026-13-45T99:99:99Z', '=HYPERLINK("x")', { __proto__: { polluted: true } }, [null], 'do'];

function mutate(text: string, rand: () => number): string | Uint8Array {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const kind = rand();
  if (kind < 0.1) return text.slice(0, Math.floor(rand() * text.length));
  if (kind < 0.15) {
    const bytes = strToU8(text);
    for (let i = 0; i < 5; i++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
    return bytes;
  }
  const data = JSON.parse(text);
  // Walk to a random value and change it.
  let parent: Record<string, unknown> | unknown[] = data;
  let key: string | number = Object.keys(data)[0]!;
  for (let depth = 0; depth < 8; depth++) {
    const keys = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    key = pick(keys as Array<string | number>);
    const value = (parent as Record<string | number, unknown>)[key];
    if (value && typeof value === 'object' && rand() < 0.8) parent = value as Record<string, unknown>;
    else break;
  }
  const op = rand();
  const target = parent as Record<string | number, unknown>;
  if (op < 0.5) target[key] = pick(JUNK);
  else if (op < 0.7 && !Array.isArray(parent)) delete target[key];
  else if (op < 0.85 && Array.isArray(parent)) parent.push(structuredClone(parent[0]));
  else target[`${String(key)}Extra`] = pick(JUNK);
  return JSON.stringify(data);
}

describe('fuzzed bundles', () => {
  it('never throw, always give a bundle or a problem, and change nothing when refused', async () => {
    await clip(target, councilPost(7), { verdict: 'do', lesson: 'Mine' });
    const dump = async () => JSON.stringify([await target.clippings.toArray(), await target.annotations.toArray(), await target.themes.toArray(), await target.contributors.toArray()]);
    const before = await dump();
    const rand = random(20261121);
    let refused = 0;
    let accepted = 0;
    for (let i = 0; i < 150; i++) {
      const mutated = mutate(json, rand);
      const asZip = rand() < 0.3;
      const bytes = asZip ? zipSync({ 'bundle.json': typeof mutated === 'string' ? strToU8(mutated) : mutated }) : mutated;
      const result = await readBundleFile(file(bytes));
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) {
        accepted++;
        // Whatever validates merges without error (into a throwaway copy of the library).
        const scratch = freshDb();
        await clip(scratch, councilPost(7), { verdict: 'do', lesson: 'Mine' });
        await planMerge(scratch, result.bundle, BEA);
        await applyMerge(scratch, result.bundle, BEA);
        await scratch.delete();
      } else {
        refused++;
        expect(result.problem.code).toMatch(/^(not-a-bundle|no-bundle-json|zip-bomb|corrupt|unknown-format|newer-version|invalid-fields|too-large)$/);
        if (result.problem.code === 'invalid-fields') expect(result.problem.fields.length).toBeGreaterThan(0);
      }
    }
    expect(refused).toBeGreaterThan(50);
    expect(accepted).toBeGreaterThan(0);
    expect(await dump()).toBe(before);
  }, 120_000);
});
