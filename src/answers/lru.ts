/** A small least-recently-used cache: derived data for the passages questions keep touching. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K, make: () => V): V {
    const found = this.map.get(key);
    if (found !== undefined) {
      // Re-insert so iteration order is recency order.
      this.map.delete(key);
      this.map.set(key, found);
      return found;
    }
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
    return value;
  }
}
