import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { EventFields } from './event-fields.js';

/**
 * Graceful overload. Every Slack request takes a slot while rolebot answers it (the listener
 * acknowledges first, then answers and posts). When all slots are busy a request waits, in a
 * bounded FIFO queue and for a bounded time: a request not yet acknowledged (a slash command, a
 * button) waits at most `ackWaitMs`, so its ack still goes out well inside Slack's 3 s; an event
 * (which Bolt acknowledged before any middleware ran) waits at most `eventWaitMs`. A request that
 * cannot get a slot in time, or finds the queue full, is shed: acknowledged here, answered with a
 * polite "busy, try again", and counted in one log line per `reportEveryMs`.
 */
export interface AdmissionOptions {
  /** Requests answered at once (default 32). */
  concurrency?: number;
  /** Requests waiting for a slot (default 256); beyond this, new ones are shed at once. */
  maxQueued?: number;
  /** How long an unacknowledged request may wait for a slot (default 1,000 ms). */
  ackWaitMs?: number;
  /** How long an already acknowledged event may wait for a slot (default 10,000 ms). */
  eventWaitMs?: number;
  reportEveryMs?: number;
}

export const BUSY_TEXT =
  "Sorry, I'm swamped with questions right now and couldn't get to this one. Please try again in a minute.";

interface Waiter {
  wake: () => void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly concurrency: number;
  private readonly maxQueued: number;
  readonly ackWaitMs: number;
  readonly eventWaitMs: number;
  private shedSinceReport = 0;
  private shedTotal = 0;
  private reportTimer: NodeJS.Timeout | undefined;
  private readonly reportEveryMs: number;

  constructor(
    private readonly logger: Logger,
    options: AdmissionOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 32;
    this.maxQueued = options.maxQueued ?? 256;
    this.ackWaitMs = options.ackWaitMs ?? 1_000;
    this.eventWaitMs = options.eventWaitMs ?? 10_000;
    this.reportEveryMs = options.reportEveryMs ?? 5_000;
  }

  get shed(): number {
    return this.shedTotal;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves true with a slot held (call `release`), or false when the request must be shed. */
  acquire(waitMs: number): Promise<boolean> {
    if (this.active < this.concurrency && this.queue.length === 0) {
      this.active++;
      return Promise.resolve(true);
    }
    if (this.queue.length >= this.maxQueued) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        wake: () => {
          clearTimeout(waiter.timer);
          this.active++;
          resolve(true);
        },
        timer: setTimeout(() => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          resolve(false);
        }, waitMs),
      };
      this.queue.push(waiter);
    });
  }

  release(): void {
    this.active--;
    const next = this.queue.shift();
    // On the next turn of the loop, so pending I/O (new requests to acknowledge) goes first.
    if (next) setImmediate(next.wake);
  }

  /** Counts one shed request; the count goes to the log at most once per `reportEveryMs`. */
  noteShed(kind: string | undefined): void {
    this.shedSinceReport++;
    this.shedTotal++;
    if (this.reportTimer) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      this.logger.warn(
        {
          shed: this.shedSinceReport,
          shedTotal: this.shedTotal,
          lastKind: kind,
          windowMs: this.reportEveryMs,
        },
        'overloaded: answered requests with "busy, try again" instead of an answer',
      );
      this.shedSinceReport = 0;
    }, this.reportEveryMs);
    this.reportTimer.unref();
  }

  close(): void {
    if (this.reportTimer) clearTimeout(this.reportTimer);
  }
}

interface RequestBody {
  type?: string;
  command?: string;
  response_url?: string;
  event?: EventFields;
}

/**
 * The middleware: first in the chain (after in-flight counting), so a shed request costs one ack
 * and one short reply. `handles(body)` says whether an event is one rolebot answers (others pass
 * straight through: they do no work worth queueing).
 */
export function admissionMiddleware(
  admission: Admission,
  handles: (body: unknown) => boolean,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as RequestBody;
    const isEvent = body.type === 'event_callback';
    if (isEvent && !handles(body)) {
      await args.next();
      return;
    }
    const admitted = await admission.acquire(isEvent ? admission.eventWaitMs : admission.ackWaitMs);
    if (!admitted) {
      admission.noteShed(body.command ?? body.event?.type ?? body.type);
      await shed(args, body);
      return;
    }
    try {
      await args.next();
    } finally {
      admission.release();
    }
  };
}

async function shed(args: AnyMiddlewareArgs & { next: () => Promise<void> }, body: RequestBody) {
  // Not acknowledged yet (commands, buttons, views): acknowledge now, or Slack shows a timeout.
  if ('ack' in args && typeof args.ack === 'function') await args.ack();
  const respond = 'respond' in args ? args.respond : undefined;
  if (typeof respond === 'function' && body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: BUSY_TEXT });
    return;
  }
  const event = body.event;
  // A workflow step must end with an outcome, or the workflow hangs: end it as busy too.
  const fail = (args as { fail?: (params: { error: string }) => Promise<unknown> }).fail;
  if (event?.type === 'function_executed' && typeof fail === 'function') {
    await fail({ error: BUSY_TEXT });
    return;
  }
  const client = (args as unknown as { client?: import('@slack/bolt').webApi.WebClient }).client;
  if (event?.channel && client && (event.type === 'app_mention' || event.type === 'message')) {
    await client.chat.postMessage({
      channel: event.channel,
      text: BUSY_TEXT,
      ...(event.thread_ts || event.channel_type !== 'im'
        ? { thread_ts: event.thread_ts ?? event.ts }
        : {}),
    });
  }
}
