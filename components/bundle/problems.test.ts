import { describe, expect, it } from 'vitest';
import { importProblemMessage } from './problems';
import type { ImportProblem } from '@/utils/bundle/import';

describe('importProblemMessage', () => {
  it('names every problem and how to fix it, in house style', () => {
    const problems: ImportProblem[] = [
      { code: 'too-large', maxBytes: 100 * 1024 * 1024 },
      { code: 'not-a-bundle' },
      { code: 'no-bundle-json' },
      { code: 'zip-bomb' },
      { code: 'corrupt' },
      { code: 'unknown-format', format: 'tweets' },
      { code: 'unknown-format' },
      { code: 'newer-version', version: 2 },
      { code: 'invalid-fields', fields: ['clippings.3.snapshot.postId', 'themes.0.name'] },
    ];
    const messages = problems.map(importProblemMessage);
    for (const m of messages) {
      expect(m.length).toBeGreaterThan(20);
      expect(m).not.toMatch(/please|sorry|invalid|oops/i);
    }
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages[0]).toContain('100 MB');
    expect(messages[5]).toContain('"tweets"');
    expect(messages[7]).toContain('newer version of the extension');
    expect(messages[7]).toContain('update it');
    expect(messages[8]).toContain('clippings.3.snapshot.postId, themes.0.name');
  });
});
