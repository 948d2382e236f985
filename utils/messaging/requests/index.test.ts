import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SAMPLE_REQUESTS } from '@/tests/unit/requests';
import type { SenderKind } from '../protocol';
import { REQUESTS, RequestSchema, type RequestType } from '.';

const KINDS: SenderKind[] = ['content-script', 'extension-page'];

describe('the table of requests', () => {
  it.each(Object.entries(REQUESTS))('%s has a schema named after it, its senders and a handler', (name, definition) => {
    expect(definition.schema.type).toBe('object');
    expect(definition.schema.entries.type).toMatchObject({ type: 'literal', literal: name });
    expect(definition.senders.length).toBeGreaterThan(0);
    expect(new Set(definition.senders).size).toBe(definition.senders.length);
    for (const kind of definition.senders) expect(KINDS).toContain(kind);
    expect(typeof definition.handle).toBe('function');
  });

  it('builds the request union from every entry: each sample passes, and passes as its own type', () => {
    for (const [name, sample] of Object.entries(SAMPLE_REQUESTS)) {
      expect(v.safeParse(RequestSchema, sample)).toMatchObject({ success: true, output: { type: name } });
      expect(v.safeParse(REQUESTS[name as RequestType].schema, sample).success).toBe(true);
    }
    expect(Object.keys(SAMPLE_REQUESTS).sort()).toEqual(Object.keys(REQUESTS).sort());
    expect(v.safeParse(RequestSchema, { type: 'toString' }).success).toBe(false);
  });

  it('keeps what only pages need away from content scripts, and the reverse', () => {
    expect(REQUESTS.saveAnnotationText.senders).toEqual(['extension-page']);
    expect(REQUESTS.keepAwake.senders).toEqual(['extension-page']);
    expect(REQUESTS.pageHealth.senders).toEqual(['content-script']);
  });
});
