import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { MAX_CHECKED, writtenKeys } from './order-check';

/** What a storagemutated event names, read the way SearchCache reads it (a RangeSet as plain data, as another page hands it on). */
type RangeSetCtor = new (from?: unknown, to?: unknown) => { addKeys(keys: unknown[]): unknown; add(range: unknown): unknown };
const RangeSet = (Dexie as unknown as { RangeSet: RangeSetCtor }).RangeSet;
const plain = (set: unknown) => JSON.parse(JSON.stringify(set));

describe('writtenKeys', () => {
  it('lists the clippings a change wrote or deleted, and none for a change elsewhere', () => {
    const parts = {
      'idb://lib/clippings/': plain(new RangeSet().addKeys(['1003', '1001'])),
      'idb://lib/clippings/:dels': plain(new RangeSet().addKeys(['1007'])),
      'idb://lib/clippings/[removed+clippedAt]': plain(new RangeSet().addKeys([[0, 5]])),
      'idb://lib/annotations/': plain(new RangeSet().addKeys([['1003', 'me']])),
      'idb://other/clippings/': plain(new RangeSet().addKeys(['2000'])),
    };
    expect(writtenKeys(parts, 'lib', 'clippings')?.sort()).toEqual(['1001', '1003', '1007']);
    expect(writtenKeys({ 'idb://lib/annotations/': parts['idb://lib/annotations/'] }, 'lib', 'clippings')).toEqual([]);
    expect(writtenKeys({ 'idb://lib/clippings/:dels': plain(new RangeSet()) }, 'lib', 'clippings')).toEqual([]);
  });

  it('gives up on a range (a clear, a range delete) and on more keys than it checks', () => {
    expect(writtenKeys({ 'idb://lib/clippings/': plain(new RangeSet(-Infinity, [[[]]])) }, 'lib', 'clippings')).toBeNull();
    expect(writtenKeys({ 'idb://lib/clippings/:dels': plain(new RangeSet('1000', '1999')) }, 'lib', 'clippings')).toBeNull();
    const many = Array.from({ length: MAX_CHECKED + 1 }, (_, i) => String(10_000 + i));
    expect(writtenKeys({ 'idb://lib/clippings/': plain(new RangeSet().addKeys(many)) }, 'lib', 'clippings')).toBeNull();
    expect(writtenKeys({ 'idb://lib/clippings/': plain(new RangeSet().addKeys(many.slice(1))) }, 'lib', 'clippings')).toHaveLength(MAX_CHECKED);
  });
});
