/**
 * A map that keeps at most `maxSize` entries and forgets the least recently used one first.
 *
 * A `Map` iterates in insertion order, so it doubles as the recency list: reading an entry deletes and
 * re-inserts it (it becomes the newest), and the first key in iteration order is the oldest.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();
  /** The most recently used key: reading it again changes no order, so it is not moved. */
  private newest: { key: K } | undefined;

  /**
   * @param maxSize - The most entries kept: an integer >= 1.
   * @param onEvict - Called with each entry dropped to make room (not with entries removed by `delete`).
   * @throws RangeError when `maxSize` is not an integer >= 1.
   */
  constructor(
    readonly maxSize: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`LruMap: maxSize must be an integer >= 1 (got ${String(maxSize)})`);
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, which becomes the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (this.newest?.key === key) return value;
    if (value === undefined && !this.entries.has(key)) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value as V);
    this.newest = { key };
    return value;
  }

  /** Whether `key` is held, without changing its recency. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used entry, then drops the oldest entries past `maxSize`. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = { key };
    while (this.entries.size > this.maxSize) {
      const [oldestKey, oldestValue] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict?.(oldestKey, oldestValue);
    }
  }

  /** Removes `key`; true when it was held. */
  delete(key: K): boolean {
    if (this.newest?.key === key) this.newest = undefined;
    return this.entries.delete(key);
  }

  /** The keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** The values, least recently used first, without changing their recency. */
  values(): IterableIterator<V> {
    return this.entries.values();
  }
}
