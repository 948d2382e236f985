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

  it('imports a version 1 bundle with version 1 snapshots, and takes version 2 snapshots with X data fields', () => {
    const clipping = (snapshot: unknown) => ({ postId: '1846200000000000001', snapshot, clippedAt: '2026-11-20T10:00:00.000Z', annotations: [] });
    const bundle = (snapshot: unknown) => ({ format: BUNDLE_FORMAT, version: 1, exportedAt: '2026-11-20T10:00:00.000Z', contributor: { name: 'Ann Example', organisation: '' }, themes: [], clippings: [clipping(snapshot)] });
    expect(v.safeParse(BundleSchema, bundle(makeSnapshot({ schema: 1 }))).success).toBe(true);
    const enriched = makeSnapshot({
      schema: 2,
      counts: { likes: 40, quotes: 3 },
      author: { name: 'Example Borough Council', handle: 'ExampleBoroughCncl', verified: true, verifiedType: 'Government', label: { text: 'UK government organisation' } },
      media: [{ type: 'video', posterUrl: 'https://pbs.twimg.com/v.jpg', variants: [{ contentType: 'video/mp4', bitrate: 832000, url: 'https://video.twimg.com/v.mp4' }], sources: { variants: 'x-data' } }],
      card: { url: 'https://t.co/abc', title: 'Budget', description: 'Have your say', destination: 'https://example.gov.uk/budget' },
      poll: { choices: [{ label: 'Yes', count: 3 }] },
      edits: { ids: ['1846200000000000001'] },
      communityNote: { title: 'Readers added context' },
      conversationId: '1846200000000000000',
      sources: { text: 'x-data', counts: { quotes: 'x-data' } },
    });
    expect(v.safeParse(BundleSchema, bundle(enriched)).success).toBe(true);
    expect(v.safeParse(BundleSchema, bundle({ ...enriched, sources: { text: 'guessed' } })).success).toBe(false);
    expect(v.safeParse(BundleSchema, bundle({ ...enriched, schema: 3 })).success).toBe(false);
  });
});
