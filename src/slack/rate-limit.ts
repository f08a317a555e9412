import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { EventFields } from './event-fields.js';
import type { ChannelPacer } from './pacer.js';

/**
 * Questions per person: at most `limit` in any `windowMs` (a sliding window). Memory is bounded:
 * one short list of times per person who asked within the window.
 */
export class RateLimiter {
  private readonly asked = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    now: () => number = Date.now,
  ) {
    this.now = now;
  }

  /** Counts a question by `user`; false when it is over the limit (and is not counted). */
  take(user: string): boolean {
    const now = this.now();
    const since = now - this.windowMs;
    const times = (this.asked.get(user) ?? []).filter((at) => at > since);
    if (times.length >= this.limit) {
      this.asked.set(user, times);
      return false;
    }
    times.push(now);
    this.asked.set(user, times);
    if (this.asked.size > 10_000) this.prune(since);
    return true;
  }

  private prune(since: number): void {
    for (const [user, times] of this.asked) {
      if ((times.at(-1) ?? 0) <= since) this.asked.delete(user);
    }
  }
}

export const SLOW_DOWN =
  "You're asking faster than I can keep up with: please wait a minute, then ask again.";

/** A question someone asked, as far as the rate limit is concerned, and how to say "slow down". */
export interface Question {
  user: string;
  /** Tells the person to slow down, where they asked. */
  slowDown(): Promise<unknown>;
}

/**
 * Global middleware: each question (as `questionOf` recognises it) counts against its asker;
 * past the limit the request is acknowledged, the person is told to slow down, and nothing else
 * runs. Everything that is not a question passes untouched.
 */
export function rateLimitMiddleware(
  limiter: RateLimiter,
  questionOf: (args: QuestionArgs) => Question | undefined,
  logger: Logger,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const question = questionOf(args as unknown as QuestionArgs);
    if (!question || limiter.take(question.user)) {
      await args.next();
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
    logger.info({ limit: limiter.limit, surface: args.body.type }, 'question over the rate limit');
    await question.slowDown();
  };
}

interface QuestionArgs {
  body: unknown;
  client: AllMiddlewareArgs['client'];
  respond?: RespondFn;
  context: { botUserId?: string };
}

/**
 * Which requests are questions: `/roles` with something to answer (not help), a mention, a DM
 * or assistant message, a follow-up rolebot answers, the message shortcut. Each says
 * "slow down" where it was asked: privately in channels, in the DM or thread otherwise.
 */
export function slackQuestion(
  /** Whether rolebot answers this event at all (events.ts `handlesEvent`: the askers rules). */
  handles: (body: unknown) => boolean,
  pacer: ChannelPacer,
) {
  return (args: QuestionArgs): Question | undefined => {
    const body = args.body as {
      type?: string;
      command?: string;
      text?: string;
      user_id?: string;
      user?: { id?: string };
      callback_id?: string;
      event?: EventFields;
    };
    const respond = args.respond;
    const privately = respond
      ? () => respond({ response_type: 'ephemeral', replace_original: false, text: SLOW_DOWN })
      : undefined;
    if (body.command === '/roles' && body.user_id && privately) {
      const text = (body.text ?? '').trim().toLowerCase();
      return text === '' || text === 'help'
        ? undefined
        : { user: body.user_id, slowDown: privately };
    }
    if (body.type === 'message_action' && body.user?.id && privately) {
      return { user: body.user.id, slowDown: privately };
    }
    const event = body.type === 'event_callback' ? body.event : undefined;
    if (!event?.user || !event.channel || event.user === args.context.botUserId) return undefined;
    const { user, channel } = event;
    const thread = event.thread_ts ?? event.ts;
    const ephemeral = () =>
      args.client.chat.postEphemeral({
        channel,
        user,
        text: SLOW_DOWN,
        ...(thread ? { thread_ts: thread } : {}),
      });
    if (event.type === 'app_mention') return { user, slowDown: ephemeral };
    if (event.type !== 'message' || !handles(args.body)) return undefined;
    if (event.channel_type === 'im') {
      return {
        user,
        slowDown: () =>
          pacer.run(channel, () =>
            args.client.chat.postMessage({
              channel,
              text: SLOW_DOWN,
              ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
            }),
          ),
      };
    }
    // A follow-up by the asker in a thread rolebot answered.
    return { user, slowDown: ephemeral };
  };
}
