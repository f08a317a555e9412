import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * Counts the Slack requests rolebot is still answering. Bolt acknowledges before the answer is
 * sent, so stopping the receiver alone would cut answers off mid-way; shutdown waits on `drain`.
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /**
   * `inner`, counted as in flight while it (and everything after it) runs. Wrapping the next
   * middleware rather than being one of its own saves a step in Bolt's chain (Bolt copies the
   * request's arguments for every middleware of every request).
   */
  around(inner: Middleware<AnyMiddlewareArgs>): Middleware<AnyMiddlewareArgs> {
    return async (args) => {
      this.count++;
      try {
        await inner(args);
      } finally {
        this.count--;
        if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
      }
    };
  }

  get size(): number {
    return this.count;
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}
