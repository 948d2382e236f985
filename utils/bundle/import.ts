import * as v from 'valibot';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleSchema, type Bundle } from './schema';
import { contributorKey } from './identity';
import { DEFAULT_ZIP_LIMITS, ZipBombError, listZip, looksLikeZip, readZipEntry, type ZipEntryInfo, type ZipLimits } from './zip';
import { readZipEntryNatively } from './zip-native';

/**
 * Reads a bundle file (.zip or bundle.json) and validates it, without touching the library. Every
 * way a file can be wrong is a problem the UI can name, with how to fix it; nothing here throws.
 */

export type ImportProblem =
  | { code: 'too-large'; maxBytes: number }
  | { code: 'not-a-bundle' }
  | { code: 'no-bundle-json' }
  | { code: 'zip-bomb' }
  | { code: 'corrupt' }
  | { code: 'unknown-format'; format?: string }
  | { code: 'newer-version'; version: number }
  | { code: 'invalid-fields'; fields: string[] };

export const MAX_BUNDLE_BYTES = 100 * 1024 * 1024;
/** How many problem fields are named. */
export const MAX_FIELDS_NAMED = 5;

export type ReadBundleResult = { ok: true; bundle: Bundle } | { ok: false; problem: ImportProblem };

export interface ReadBundleOptions {
  /** Limits on the zip (tests pass small ones). */
  zipLimits?: ZipLimits;
}

const fail = (problem: ImportProblem): ReadBundleResult => ({ ok: false, problem });

export async function readBundleFile(file: Blob & { name: string }, options: ReadBundleOptions = {}): Promise<ReadBundleResult> {
  try {
    if (typeof file.size !== 'number' || file.size > MAX_BUNDLE_BYTES) return fail({ code: 'too-large', maxBytes: MAX_BUNDLE_BYTES });
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      return fail({ code: 'corrupt' });
    }
    if (bytes.length > MAX_BUNDLE_BYTES) return fail({ code: 'too-large', maxBytes: MAX_BUNDLE_BYTES });
    // The bundle.json inflated by the browser's own zlib: its reading is the part of an import that
    // nothing else can overlap (docs/performance.md).
    const found = findBundleJson(bytes, options);
    if (!found.ok) return found;
    if (!found.entry) return parseBundle(found.json);
    try {
      return parseBundle(await readZipEntryNatively(bytes, found.entry, found.limits));
    } catch (error) {
      return fail(zipProblem(error));
    }
  } catch {
    return fail({ code: 'corrupt' });
  }
}

const zipProblem = (error: unknown): ImportProblem => ({ code: error instanceof ZipBombError ? 'zip-bomb' : 'corrupt' });

/** Where a file's bundle.json is: its bytes when the file is the JSON, else its entry in the zip (found within the limits). */
function findBundleJson(bytes: Uint8Array, options: ReadBundleOptions): { ok: true; json: Uint8Array; entry?: undefined } | { ok: true; entry: ZipEntryInfo; limits: ZipLimits } | { ok: false; problem: ImportProblem } {
  if (looksLikeZip(bytes)) {
    const limits = options.zipLimits ?? DEFAULT_ZIP_LIMITS;
    try {
      const entries = listZip(bytes, limits);
      const entry = entries.find((e) => e.name === 'bundle.json') ?? entries.find((e) => /(^|\/)bundle\.json$/.test(e.name));
      if (!entry) return { ok: false, problem: { code: 'no-bundle-json' } };
      return { ok: true, entry, limits };
    } catch (error) {
      return { ok: false, problem: zipProblem(error) };
    }
  }
  if (looksLikeJson(bytes)) return { ok: true, json: bytes };
  return { ok: false, problem: { code: 'not-a-bundle' } };
}

/** As readBundleFile, for bytes already read (inflated by fflate, on this thread, at once). */
export function readBundleBytes(bytes: Uint8Array, options: ReadBundleOptions = {}): ReadBundleResult {
  const found = findBundleJson(bytes, options);
  if (!found.ok) return found;
  if (!found.entry) return parseBundle(found.json);
  let jsonBytes: Uint8Array;
  try {
    jsonBytes = readZipEntry(bytes, found.entry, found.limits);
  } catch (error) {
    return fail(zipProblem(error));
  }
  return parseBundle(jsonBytes);
}

/** The bundle in bundle.json's bytes, parsed and checked. */
function parseBundle(jsonBytes: Uint8Array): ReadBundleResult {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(jsonBytes));
  } catch {
    return fail({ code: 'corrupt' });
  }
  return validateBundle(data);
}

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b; // {
}

/** Checks parsed JSON: format, then version, then every field, then what the schema alone cannot say. */
export function validateBundle(data: unknown): ReadBundleResult {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail({ code: 'not-a-bundle' });
  const { format, version } = data as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT) return fail(typeof format === 'string' ? { code: 'unknown-format', format: format.slice(0, 100) } : { code: 'unknown-format' });
  if (typeof version === 'number' && Number.isInteger(version) && version > BUNDLE_VERSION) return fail({ code: 'newer-version', version });
  const result = v.safeParse(BundleSchema, data, { abortPipeEarly: true });
  if (!result.success) {
    const fields: string[] = [];
    for (const issue of result.issues) {
      const path = v.getDotPath(issue) ?? '';
      if (!fields.includes(path)) fields.push(path);
      if (fields.length >= MAX_FIELDS_NAMED) break;
    }
    return fail({ code: 'invalid-fields', fields });
  }
  const fields = consistencyProblems(result.output);
  if (fields.length > 0) return fail({ code: 'invalid-fields', fields });
  return { ok: true, bundle: result.output };
}

/** What the schema cannot check: ids that must agree, and nothing twice. */
function consistencyProblems(bundle: Bundle): string[] {
  const fields: string[] = [];
  const add = (path: string) => {
    if (fields.length < MAX_FIELDS_NAMED && !fields.includes(path)) fields.push(path);
  };
  const themeIds = new Set<string>();
  bundle.themes.forEach((t, i) => {
    if (themeIds.has(t.id)) add(`themes.${i}.id`);
    themeIds.add(t.id);
  });
  // A bundle names a few people thousands of times: each name and organisation is normalised once.
  const keys = new Map<string, Map<string, string>>();
  const keyOf = (c: { name: string; organisation: string }) => {
    let byOrganisation = keys.get(c.name);
    if (!byOrganisation) keys.set(c.name, (byOrganisation = new Map()));
    let key = byOrganisation.get(c.organisation);
    if (key === undefined) byOrganisation.set(c.organisation, (key = contributorKey(c)));
    return key;
  };
  const postIds = new Set<string>();
  for (let i = 0; i < bundle.clippings.length && fields.length < MAX_FIELDS_NAMED; i++) {
    const c = bundle.clippings[i]!;
    if (postIds.has(c.postId)) add(`clippings.${i}.postId`);
    postIds.add(c.postId);
    if (c.snapshot.postId !== c.postId) add(`clippings.${i}.snapshot.postId`);
    const contributors = new Set<string>();
    c.annotations.forEach((a, j) => {
      const key = keyOf(a.contributor);
      if (contributors.has(key)) add(`clippings.${i}.annotations.${j}.contributor`);
      contributors.add(key);
      a.themes.forEach((t, k) => {
        if (!themeIds.has(t)) add(`clippings.${i}.annotations.${j}.themes.${k}`);
      });
    });
  }
  return fields;
}
