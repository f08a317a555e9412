import type { AllMiddlewareArgs, App } from '@slack/bolt';

import { parseRolesCommand } from '../../commands/roles-command.js';
import type { Logger } from '../../logger.js';
import { renderWelcome } from '../../render/slack/cheat-sheet.js';
import { deliver } from '../deliver.js';
import { type Reply, replyTo } from '../replies.js';
import { mentionsUser, plainQuestion } from '../slack-text.js';
import { askOptions, type ListenerContext } from './context.js';

/** Mentions, DMs, thread follow-ups and onboarding welcomes. */
export function registerEvents(app: App, context: ListenerContext): void {
  app.event('app_mention', async ({ event, client, context: bolt, logger }) => {
    const threadTs = event.thread_ts ?? event.ts;
    const question = plainQuestion(event.text, bolt.botUserId);
    await withEyes(client, event.channel, event.ts, logger, async () => {
      await postReply(client, event.channel, threadTs, replyFor(question, context), context);
    });
    context.threads.add(`${event.channel}:${threadTs}`);
  });

  app.message(async ({ message, client, context: bolt, logger }) => {
    // Edits, deletions, joins and every bot's messages (ours included) are not questions: no loops.
    if (message.subtype !== undefined || 'bot_id' in message) return;
    if (!('text' in message) || !message.text || message.user === bolt.botUserId) return;
    const threadTs = 'thread_ts' in message ? message.thread_ts : undefined;
    if (message.channel_type === 'im') {
      const question = plainQuestion(message.text, bolt.botUserId);
      await postReply(client, message.channel, threadTs, replyFor(question, context), context);
      return;
    }
    // A follow-up in a thread rolebot answered; one that mentions the bot is app_mention's.
    if (!threadTs || !context.threads.has(`${message.channel}:${threadTs}`)) return;
    if (mentionsUser(message.text, bolt.botUserId)) return;
    const question = plainQuestion(message.text, bolt.botUserId);
    await withEyes(client, message.channel, message.ts, logger, async () => {
      await postReply(client, message.channel, threadTs, replyFor(question, context), context);
    });
  });

  app.event('member_joined_channel', async ({ event, client, context: bolt }) => {
    if (!context.onboardingChannels.has(event.channel) || event.user === bolt.botUserId) return;
    const welcome = renderWelcome(context.engine.summaries(), event.user);
    await client.chat.postEphemeral({ channel: event.channel, user: event.user, ...welcome });
    context.logger.info({ surface: 'welcome', channel: event.channel }, 'welcomed a newcomer');
  });
}

/** A mention or DM reads like `/roles`: "compare pm po", "help" and plain questions all work. */
function replyFor(question: string, context: ListenerContext): Reply {
  return replyTo(parseRolesCommand(question), context.engine, {
    audience: 'thread',
    ask: askOptions(context),
  });
}

async function postReply(
  client: AllMiddlewareArgs['client'],
  channel: string,
  threadTs: string | undefined,
  reply: Reply,
  context: ListenerContext,
): Promise<void> {
  const logger: Logger = context.logger;
  const target = { channel, ...(threadTs ? { thread_ts: threadTs } : {}) };
  await deliver((message) => client.chat.postMessage({ ...target, ...message }), reply, logger);
  if (reply.unanswered) await context.feedback.unanswered(reply.unanswered);
}

/**
 * Shows 👀 on the message while rolebot works on it. The reaction is a courtesy: if Slack refuses
 * it (no scope, already reacted), that is logged and the answer still goes out.
 */
async function withEyes(
  client: AllMiddlewareArgs['client'],
  channel: string,
  ts: string,
  logger: AllMiddlewareArgs['logger'],
  work: () => Promise<void>,
): Promise<void> {
  const added = await client.reactions
    .add({ channel, timestamp: ts, name: 'eyes' })
    .then(() => true)
    .catch((error: unknown) => {
      logger.warn(`could not add the 👀 reaction: ${(error as Error).message}`);
      return false;
    });
  try {
    await work();
  } finally {
    if (added) {
      await client.reactions
        .remove({ channel, timestamp: ts, name: 'eyes' })
        .catch((error: unknown) => {
          logger.warn(`could not remove the 👀 reaction: ${(error as Error).message}`);
        });
    }
  }
}
