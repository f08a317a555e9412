import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { ExpiringSet } from './expiring-set.js';

/** Slack retries an event for up to about five minutes; remember ids a little longer. */
const EVENT_TTL_MS = 10 * 60_000;
/** Two clicks on the same button within this window are one intention. */
const CLICK_TTL_MS = 3_000;

/**
 * Global middleware that lets each Slack event through once. Slack redelivers events (HTTP
 * retries with X-Slack-Retry-Num, Socket Mode `retry_attempt`) and Bolt does not deduplicate, so
 * the same `event_id` would otherwise be answered twice. A button clicked twice in quick
 * succession is acknowledged twice but answered once. Memory is bounded and expiring.
 */
export function dedupeMiddleware(
  logger: Logger,
  options: {
    maxEntries?: number;
    now?: () => number;
    /** Replicas share what they processed: false when another replica already took the event. */
    claimShared?: (eventId: string, ttlMs: number) => Promise<boolean | undefined>;
    /**
     * Whether rolebot will act on an event; only those are claimed in the shared store (every
     * message in every channel the bot is in would otherwise write a row before being ignored).
     */
    handles?: (body: unknown) => boolean;
  } = {},
): Middleware<AnyMiddlewareArgs> {
  const events = new ExpiringSet({
    maxEntries: options.maxEntries ?? 50_000,
    ttlMs: EVENT_TTL_MS,
    ...(options.now ? { now: options.now } : {}),
  });
  const clicks = new ExpiringSet({
    maxEntries: options.maxEntries ?? 50_000,
    ttlMs: CLICK_TTL_MS,
    ...(options.now ? { now: options.now } : {}),
  });
  return async (args) => {
    const body = args.body as {
      type?: string;
      event_id?: string;
      user?: { id?: string };
      container?: { message_ts?: string; view_id?: string };
      actions?: { action_id?: string; value?: string }[];
    };
    if (body.type === 'event_callback' && body.event_id) {
      if (!events.add(body.event_id)) {
        logger.info({ eventId: body.event_id }, 'duplicate event delivery ignored');
        return;
      }
      if (options.handles && !options.handles(body)) {
        await args.next();
        return;
      }
      if ((await options.claimShared?.(body.event_id, EVENT_TTL_MS)) === false) {
        logger.info({ eventId: body.event_id }, 'event already answered by another replica');
        return;
      }
    } else if (body.type === 'block_actions') {
      const action = body.actions?.[0];
      const key = [
        body.user?.id,
        action?.action_id,
        body.container?.message_ts ?? body.container?.view_id,
        action?.value,
      ].join('|');
      if (!clicks.add(key)) {
        logger.info({ action: action?.action_id }, 'repeated click ignored');
        if ('ack' in args && typeof args.ack === 'function') await args.ack();
        return;
      }
    }
    await args.next();
  };
}
