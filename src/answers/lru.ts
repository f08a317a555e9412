import { LRUCache } from 'lru-cache';

/** A least-recently-used cache of derived data for the passages questions keep touching. */
export class Lru<K extends {}, V extends {}> {
  readonly #values: LRUCache<K, V>;

  constructor(capacity: number) {
    this.#values = new LRUCache<K, V>({ max: capacity });
  }

  /** The value kept for `key`, made (and kept) on a miss. */
  get(key: K, make: () => V): V {
    let value = this.#values.get(key);
    if (value === undefined) {
      value = make();
      this.#values.set(key, value);
    }
    return value;
  }
}
