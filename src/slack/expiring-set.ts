import { LRUCache } from 'lru-cache';

/**
 * A bounded, expiring set of keys: the memory behind "answer each Slack event once". Entries live
 * `ttlMs`; at most `maxEntries` are kept (the least recently added go first), so memory stays
 * flat however many events arrive. An lru-cache underneath; this only says what a duplicate is.
 */
export class ExpiringSet {
  readonly #keys: LRUCache<string, true>;

  constructor(options: { maxEntries: number; ttlMs: number; now?: () => number }) {
    const { now } = options;
    this.#keys = new LRUCache<string, true>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      // Read the clock on every check: a cached reading would let a retry inside the same
      // millisecond-turn pass as new once the clock (or a test's) has moved past the ttl.
      ttlResolution: 0,
      // lru-cache reads a start time of 0 as "never expires": an injected clock may start there.
      ...(now ? { perf: { now: () => now() + 1 } } : {}),
    });
  }

  /** Adds the key; false when it was already there and has not expired (a duplicate). */
  add(key: string): boolean {
    if (this.has(key)) return false;
    this.#keys.set(key, true);
    return true;
  }

  /** Whether the key was added less than `ttlMs` ago. */
  has(key: string): boolean {
    return this.#keys.getRemainingTTL(key) > 0;
  }

  get size(): number {
    return this.#keys.size;
  }
}
