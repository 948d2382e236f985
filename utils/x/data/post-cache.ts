/**
 * A bounded map by post id that forgets the least recently used post first. A write replaces what
 * the map held for that id (the newest response wins) and counts as a use, and so does a `get` that
 * finds the post. Pure and small: it runs inside X's page.
 */
export class PostCache<V> {
  private readonly map = new Map<string, V>();
  private readonly max: number;

  /** @param maxEntries how many posts the map keeps (at least 1; a few hundred by default) */
  constructor(maxEntries = 300) {
    this.max = Number.isFinite(maxEntries) && maxEntries >= 1 ? Math.floor(maxEntries) : 1;
  }

  get size(): number {
    return this.map.size;
  }

  get maxEntries(): number {
    return this.max;
  }

  /** The post's value, or undefined; a hit makes it the most recently used. */
  get(id: string): V | undefined {
    const value = this.map.get(id);
    if (value === undefined) return undefined;
    this.map.delete(id);
    this.map.set(id, value);
    return value;
  }

  /** The post's value, or undefined, without making it more recently used (a look that is no use). */
  peek(id: string): V | undefined {
    return this.map.get(id);
  }

  /** True when the map holds the post; does not change its recency. */
  has(id: string): boolean {
    return this.map.has(id);
  }

  /** Stores the post as the most recently used, dropping the least recently used beyond the bound. */
  set(id: string, value: V): void {
    this.map.delete(id);
    this.map.set(id, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  delete(id: string): boolean {
    return this.map.delete(id);
  }

  clear(): void {
    this.map.clear();
  }

  /** Ids from least to most recently used. */
  keys(): string[] {
    return [...this.map.keys()];
  }
}
