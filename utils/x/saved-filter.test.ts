import { describe, expect, it } from 'vitest';
import { buildSavedFilter, savedFilterTest } from './saved-filter';

/** Post ids as X makes them: 18 to 19 digit numbers, close together in time. */
function ids(n: number, from: bigint): string[] {
  return Array.from({ length: n }, (_, i) => String(from + BigInt(i) * 4_194_305n));
}

describe('the saved posts filter', () => {
  it('holds every id it was built from (a saved post is never shown as unsaved)', () => {
    for (const n of [0, 1, 7, 1_000, 50_000]) {
      const saved = ids(n, 1_840_000_000_000_000_000n);
      const test = savedFilterTest(buildSavedFilter(saved, saved.length))!;
      expect(test).not.toBeNull();
      expect(saved.filter((id) => !test(id))).toEqual([]);
    }
  });

  it('says "surely not saved" for nearly every other post', () => {
    const saved = ids(50_000, 1_840_000_000_000_000_000n);
    const others = ids(50_000, 1_860_000_000_000_000_000n);
    const test = savedFilterTest(buildSavedFilter(saved, saved.length))!;
    const falsePositives = others.filter(test).length;
    expect(falsePositives / others.length).toBeLessThan(0.01);
    // An empty library's filter holds nothing at all.
    const empty = savedFilterTest(buildSavedFilter([], 0))!;
    expect(others.filter(empty)).toEqual([]);
  });

  it('stays small enough to send to every X tab', () => {
    const filter = buildSavedFilter(ids(50_000, 1n), 50_000);
    expect(filter.bits.length).toBeLessThan(110_000); // 75 kB of bits, as base64
  });

  it('refuses anything that is not a filter, so nothing is assumed from it', () => {
    for (const bad of [null, undefined, 'x', {}, { bits: 5, k: 8 }, { bits: 'AAAA', k: 0 }, { bits: 'AAAA', k: 99 }, { bits: '***', k: 8 }, { bits: '', k: 8 }]) {
      expect(savedFilterTest(bad)).toBeNull();
    }
  });
});
