import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../render/slack/actions.js';
import {
  decodeEscalation,
  ESCALATION_LIMITED,
  ESCALATION_OFF,
  escalationNotPosted,
  escalationSent,
  renderEscalationPost,
  withEscalation,
} from '../../render/slack/escalation.js';
import type { Reply } from '../replies.js';
import type { EffectiveSettings } from '../settings.js';
import type { ListenerContext } from './context.js';

/** Counts escalations per person; false once they are over the limit (rate-limit.ts). */
export interface EscalationLimiter {
  take(user: string): boolean;
}

/** Slack errors meaning the bot cannot post in the owners channel (not invited, archived…). */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * Adds "Ask a person" to an answer rolebot could not give, when an owners channel is set (the
 * settings are read through, so a channel set on another replica counts at once).
 */
export async function offerEscalation(
  reply: Reply,
  context: ListenerContext,
  read?: EffectiveSettings,
): Promise<Reply> {
  if (!reply.unanswered) return reply;
  const { ownersChannel } = read ?? (await context.settings.current());
  if (!ownersChannel) return reply;
  return { ...reply, message: withEscalation(reply.message, reply.unanswered) };
}

/**
 * "Ask a person": the question goes to the owners channel, escaped, with who asked and a link
 * to where; the asker is told privately where it went. A quick second click is dropped by the
 * click dedupe (dedupe.ts); more than the limiter allows gets a friendly refusal.
 */
export function registerEscalation(
  app: App,
  context: ListenerContext,
  limiter: EscalationLimiter,
): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION.escalate,
    async ({ ack, body, action, client, respond, logger }) => {
      await ack();
      const state = decodeEscalation(action.value);
      if (!state) {
        logger.warn(`ignoring a "${ACTION.escalate}" click with an unreadable value`);
        return;
      }
      const tell = (text: string) =>
        respond({ response_type: 'ephemeral', replace_original: false, text });
      const { ownersChannel } = await context.settings.current();
      if (!ownersChannel) {
        await tell(ESCALATION_OFF);
        return;
      }
      if (!limiter.take(body.user.id)) {
        context.logger.info({ surface: 'escalation' }, 'escalation over the rate limit');
        await tell(ESCALATION_LIMITED);
        return;
      }
      const channel = body.channel?.id;
      const message = body.message;
      // A message everyone in the conversation sees has a permalink (its thread's root, where
      // the question is); an ephemeral /roles answer or a DM has none anyone else could open.
      const here =
        body.container?.is_ephemeral === false && channel && !channel.startsWith('D') && message
          ? { channel, ts: message.thread_ts ?? message.ts }
          : undefined;
      // A link is a courtesy: without one the question still goes, and the failure is logged.
      const permalinkOf = (at: { channel: string; ts: string } | undefined) =>
        at
          ? client.chat
              .getPermalink({ channel: at.channel, message_ts: at.ts })
              .then((result) => result.permalink)
              .catch((error: unknown) => {
                context.logger.warn(
                  { err: (error as Error).message },
                  'could not get a permalink for an escalation',
                );
                return undefined;
              })
          : Promise.resolve(undefined);
      const permalink = await permalinkOf(state.askedAt ?? here);
      const post = renderEscalationPost({
        question: state.question,
        asker: body.user.id,
        permalink,
        channel,
      });
      let ts: string | undefined;
      try {
        const posted = await context.pacer.run(ownersChannel, () =>
          client.chat.postMessage({ channel: ownersChannel, ...post, unfurl_links: false }),
        );
        ts = posted.ts;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (!code || !CANNOT_POST.has(code)) throw error;
        context.logger.warn({ slackError: code, owners: ownersChannel }, 'could not escalate');
        await tell(escalationNotPosted(ownersChannel));
        return;
      }
      const postLink = await permalinkOf(ts ? { channel: ownersChannel, ts } : undefined);
      context.logger.info(
        { surface: 'escalation', channel, owners: ownersChannel },
        'question escalated to a person',
      );
      await tell(escalationSent(ownersChannel, postLink));
    },
  );
}
