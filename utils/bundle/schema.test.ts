import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleSchema, bundleJsonSchema } from './schema';
import { makeSnapshot } from '@/tests/unit/snapshots';

const DOC = resolve(import.meta.dirname, '../../docs/bundle.schema.json');

/** The committed docs/bundle.schema.json, as `bundleJsonSchema()` writes it. */
export function schemaFileText(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}

describe('bundle schema', () => {
  it('docs/bundle.schema.json is the schema the code generates (run with UPDATE_BUNDLE_SCHEMA=1 to rewrite it)', () => {
    if (process.env.UPDATE_BUNDLE_SCHEMA === '1') writeFileSync(DOC, schemaFileText());
    expect(readFileSync(DOC, 'utf8')).toBe(schemaFileText());
  });

  it('describes the format, version, verdicts and limits in the JSON Schema', () => {
    const json = JSON.stringify(bundleJsonSchema());
    expect(json).toContain(`"const":"${BUNDLE_FORMAT}"`);
    expect(json).toContain(`"const":${BUNDLE_VERSION}`);
    expect(json).toContain('["do","dont","undecided"]');
    expect(json).toContain('"maxLength":10000');
  });

  it('accepts a minimal bundle and refuses a wrong verdict', () => {
    const bundle = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      exportedAt: '2026-11-20T10:00:00.000Z',
      contributor: { name: 'Ann Example', organisation: 'Example Borough Council' },
      themes: [{ id: 'tone', name: 'Tone of voice' }],
      clippings: [
        {
          postId: '1846200000000000001',
          snapshot: makeSnapshot(),
          clippedAt: '2026-11-20T10:00:00.000Z',
          annotations: [{ contributor: { name: 'Ann Example', organisation: '' }, verdict: 'do', kind: null, themes: ['tone'], lesson: 'x', note: '', authorType: 'council', permission: 'granted', updatedAt: '2026-11-20T10:00:00.000Z' }],
        },
      ],
    };
    expect(v.safeParse(BundleSchema, bundle).success).toBe(true);
    const bad = structuredClone(bundle);
    (bad.clippings[0]!.annotations[0] as { verdict: string }).verdict = 'maybe';
    expect(v.safeParse(BundleSchema, bad).success).toBe(false);
  });
});
