/**
 * A bounded, expiring set of keys: the memory behind "answer each Slack event once". Entries live
 * `ttlMs`; at most `maxEntries` are kept (the oldest go first), so memory stays flat however many
 * events arrive. Insertion order is expiry order, so pruning only ever looks at the oldest end.
 */
export class ExpiringSet {
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: { maxEntries: number; ttlMs: number; now?: () => number }) {
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** Adds the key; false when it was already there and has not expired (a duplicate). */
  add(key: string): boolean {
    const now = this.now();
    this.prune(now);
    const expires = this.entries.get(key);
    if (expires !== undefined && expires > now) return false;
    this.entries.delete(key);
    this.entries.set(key, now + this.ttlMs);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return true;
  }

  has(key: string): boolean {
    const expires = this.entries.get(key);
    return expires !== undefined && expires > this.now();
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [key, expires] of this.entries) {
      if (expires > now) break;
      this.entries.delete(key);
    }
  }
}
