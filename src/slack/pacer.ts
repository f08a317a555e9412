/**
 * Paces messages per channel at Slack's rate for chat.postMessage (about one a second per
 * channel; short bursts are tolerated, sustained ones answered with HTTP 429). A burst is queued
 * in order, never dropped: each send in a channel starts at least `intervalMs` after the one
 * before it there. Channels do not wait for each other. A failed send does not hold the queue
 * up; its error goes to its caller (the Web API client has already retried it).
 */
export interface PacerOptions {
  /** Minimum time between two sends in one channel (default 1,000 ms). */
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Lane {
  /** When the last send in this channel started (or is scheduled to). */
  lastStart: number;
  /** The end of the queue: the next send waits for it. */
  tail: Promise<unknown>;
  pending: number;
}

export class ChannelPacer {
  private readonly lanes = new Map<string, Lane>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PacerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ??
      ((ms) =>
        new Promise<void>((resolve) => {
          setTimeout(resolve, ms).unref();
        }));
  }

  /** Runs `send` once every earlier send in `channel` has started and the interval has passed. */
  run<T>(channel: string, send: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(channel);
    if (!lane) {
      lane = { lastStart: Number.NEGATIVE_INFINITY, tail: Promise.resolve(), pending: 0 };
      this.lanes.set(channel, lane);
    }
    const current = lane;
    current.pending += 1;
    const result = current.tail.then(async () => {
      const wait = current.lastStart + this.intervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      current.lastStart = this.now();
      return send();
    });
    // The queue moves on once this send has started and finished, whatever its outcome.
    current.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void current.tail.then(() => {
      current.pending -= 1;
      // An idle lane whose interval has passed holds nothing worth keeping.
      if (current.pending === 0 && this.now() - current.lastStart >= this.intervalMs)
        this.lanes.delete(channel);
    });
    return result;
  }

  /** Sends queued (or running) per channel, for logs and tests. */
  queued(channel: string): number {
    return this.lanes.get(channel)?.pending ?? 0;
  }
}
