import { describe, expect, it } from 'vitest';
import { PostCache } from './post-cache';

describe('PostCache', () => {
  it('keeps at most its bound, forgetting the least recently used first', () => {
    const cache = new PostCache<number>(3);
    for (const [i, id] of ['1', '2', '3', '4'].entries()) cache.set(id, i);
    expect(cache.size).toBe(3);
    expect(cache.has('1')).toBe(false);
    expect(cache.keys()).toEqual(['2', '3', '4']);
  });

  it('a get refreshes recency, a has does not', () => {
    const cache = new PostCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.has('a')).toBe(true);
    cache.set('d', 'D');
    expect(cache.keys()).toEqual(['c', 'd']);
    expect(cache.get('missing')).toBeUndefined();
  });

  it('a peek reads a post without making it more recently used', () => {
    const cache = new PostCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.peek('a')).toBe('A');
    expect(cache.peek('missing')).toBeUndefined();
    cache.set('c', 'C');
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('the newest write wins and counts as a use', () => {
    const cache = new PostCache<string>(2);
    cache.set('a', 'old');
    cache.set('b', 'B');
    cache.set('a', 'new');
    cache.set('c', 'C');
    expect(cache.get('a')).toBe('new');
    expect(cache.has('b')).toBe(false);
  });

  it('defaults to a few hundred entries and takes any size asked for, at least one', () => {
    expect(new PostCache().maxEntries).toBe(300);
    expect(new PostCache(1_000).maxEntries).toBe(1_000);
    expect(new PostCache(0).maxEntries).toBe(1);
    expect(new PostCache(Number.NaN).maxEntries).toBe(1);
    const big = new PostCache<number>(500);
    for (let i = 0; i < 2_000; i++) big.set(String(i), i);
    expect(big.size).toBe(500);
    expect(big.keys()[0]).toBe('1500');
  });

  it('delete and clear', () => {
    const cache = new PostCache<number>(5);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
