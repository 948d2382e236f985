import * as v from 'valibot';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleSchema, type Bundle } from './schema';
import { contributorKey } from './identity';
import { DEFAULT_ZIP_LIMITS, ZipBombError, listZip, looksLikeZip, readZipEntry, type ZipLimits } from './zip';

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
    return readBundleBytes(bytes, options);
  } catch {
    return fail({ code: 'corrupt' });
  }
}

/** As readBundleFile, for bytes already read. */
export function readBundleBytes(bytes: Uint8Array, options: ReadBundleOptions = {}): ReadBundleResult {
  let jsonBytes: Uint8Array;
  if (looksLikeZip(bytes)) {
    const limits = options.zipLimits ?? DEFAULT_ZIP_LIMITS;
    try {
      const entries = listZip(bytes, limits);
      const entry = entries.find((e) => e.name === 'bundle.json') ?? entries.find((e) => /(^|\/)bundle\.json$/.test(e.name));
      if (!entry) return fail({ code: 'no-bundle-json' });
      jsonBytes = readZipEntry(bytes, entry, limits);
    } catch (error) {
      return fail({ code: error instanceof ZipBombError ? 'zip-bomb' : 'corrupt' });
    }
  } else if (looksLikeJson(bytes)) {
    jsonBytes = bytes;
  } else {
    return fail({ code: 'not-a-bundle' });
  }
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
  const postIds = new Set<string>();
  for (let i = 0; i < bundle.clippings.length && fields.length < MAX_FIELDS_NAMED; i++) {
    const c = bundle.clippings[i]!;
    if (postIds.has(c.postId)) add(`clippings.${i}.postId`);
    postIds.add(c.postId);
    if (c.snapshot.postId !== c.postId) add(`clippings.${i}.snapshot.postId`);
    const contributors = new Set<string>();
    c.annotations.forEach((a, j) => {
      const key = contributorKey(a.contributor);
      if (contributors.has(key)) add(`clippings.${i}.annotations.${j}.contributor`);
      contributors.add(key);
      a.themes.forEach((t, k) => {
        if (!themeIds.has(t)) add(`clippings.${i}.annotations.${j}.themes.${k}`);
      });
    });
  }
  return fields;
}
