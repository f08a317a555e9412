import type { AllMiddlewareArgs, App } from '@slack/bolt';

import { parseRolesCommand } from '../../commands/roles-command.js';
import type { Logger } from '../../logger.js';
import { renderWelcome } from '../../render/slack/cheat-sheet.js';
import { deliver } from '../deliver.js';
import type { EventFields } from '../event-fields.js';
import { type Reply, replyTo } from '../replies.js';
import { looksLikeQuestion } from '../settings.js';
import { mentionsUser, plainQuestion } from '../slack-text.js';
import { askOptions, type ListenerContext } from './context.js';
import { offerEscalation } from './escalation.js';

/**
 * Who counts as asking rolebot: whoever mentions it, whoever DMs it, and, in a thread it answered,
 * the person whose mention started that answer. Anyone else's message in such a thread is their
 * conversation, not a question: it is not answered, stored, logged or recorded as processed.
 */
export function askerKey(channel: string, threadTs: string, user: string | undefined): string {
  return `${channel}:${threadTs}:${user ?? ''}`;
}

/** The key under which an answer message remembers who asked for it (for its buttons). */
export function answerOwnerKey(channel: string, ts: string, user: string): string {
  return `answer:${channel}:${ts}:${user}`;
}

/**
 * Whether rolebot will act on this event: the same rules the listeners below apply, so an event
 * that will be ignored costs nothing (no shared claim row, no queue slot). Event types this file
 * does not know (other surfaces) count as handled.
 */
export function handlesEvent(body: unknown, context: ListenerContext): boolean {
  const envelope = body as {
    event?: EventFields;
    authorizations?: { user_id?: string }[];
  };
  const event = envelope.event;
  if (!event) return true;
  const botUserId = envelope.authorizations?.[0]?.user_id;
  switch (event.type) {
    case 'message':
      return isQuestionMessage(event, context, botUserId);
    case 'member_joined_channel':
      return (
        event.channel !== undefined &&
        context.settings.snapshot().channel(event.channel).welcome &&
        event.user !== botUserId
      );
    default:
      return true;
  }
}

function isQuestionMessage(
  message: EventFields,
  context: ListenerContext,
  botUserId: string | undefined,
): boolean {
  // Edits, deletions, joins and every bot's messages (ours included) are not questions: no loops.
  if (message.subtype !== undefined || message.bot_id !== undefined) return false;
  if (!message.text || !message.channel || message.user === botUserId) return false;
  if (message.channel_type === 'im') return true;
  // A question without a mention, where an admin turned that on (`/roles config`); whether the
  // knowledge covers it is decided by the listener, which answers only then.
  if (!message.thread_ts) return unmentionedQuestion(message, context, botUserId);
  // A follow-up by the asker in a thread rolebot answered; one mentioning the bot is app_mention's.
  if (!context.threads.has(askerKey(message.channel, message.thread_ts, message.user))) {
    return false;
  }
  return !mentionsUser(message.text, botUserId);
}

/**
 * A top-level message in a channel whose setting answers questions without a mention: it ends in
 * "?" and does not mention rolebot (then app_mention answers it). The settings were read
 * through just before (settings.ts `refreshSettingsMiddleware`).
 */
function unmentionedQuestion(
  message: EventFields,
  context: ListenerContext,
  botUserId: string | undefined,
): boolean {
  if (!message.channel || !message.text || message.channel.startsWith('D')) return false;
  if (context.settings.snapshot().channel(message.channel).unmentioned !== 'questions')
    return false;
  return looksLikeQuestion(message.text) && !mentionsUser(message.text, botUserId);
}

/** Mentions, DMs, thread follow-ups and onboarding welcomes. */
export function registerEvents(app: App, context: ListenerContext): void {
  app.event('app_mention', async ({ event, client, context: bolt, logger }) => {
    const threadTs = event.thread_ts ?? event.ts;
    const question = plainQuestion(event.text, bolt.botUserId);
    // Before answering, so a quick follow-up by the same person is already theirs.
    context.threads.add(askerKey(event.channel, threadTs, event.user));
    await withEyes(client, event.channel, event.ts, logger, async () => {
      await postReply(
        client,
        event.channel,
        threadTs,
        replyFor(question, context),
        context,
        event.user,
      );
    });
  });

  app.message(async ({ message, client, context: bolt, logger }) => {
    const fields = message as EventFields & { ts: string };
    if (!isQuestionMessage(fields, context, bolt.botUserId)) return;
    const question = plainQuestion(fields.text as string, bolt.botUserId);
    const reply = (): Promise<void> =>
      postReply(
        client,
        message.channel,
        fields.thread_ts,
        replyFor(question, context),
        context,
        fields.user,
      );
    if (fields.channel_type !== 'im' && !fields.thread_ts) {
      // Not addressed to rolebot: answered only when the knowledge covers it, and otherwise left
      // alone entirely (not stored as a gap, not logged, no reaction). Asked once: the reply
      // says whether it was answered.
      const answer = replyTo({ kind: 'ask', question }, context.engine, {
        audience: 'thread',
        ask: askOptions(context),
      });
      if (answer.unanswered) return;
      context.logger.info(
        { surface: 'unmentioned', channel: message.channel },
        'answering a question without a mention',
      );
      await postReply(client, message.channel, fields.ts, answer, context, fields.user);
      return;
    }
    // In a DM the answer is the whole conversation; elsewhere 👀 shows it is being worked on.
    if (fields.channel_type === 'im') await reply();
    else await withEyes(client, message.channel, fields.ts, logger, reply);
  });

  app.event('member_joined_channel', async ({ event, client, context: bolt }) => {
    if (!context.settings.snapshot().channel(event.channel).welcome) return;
    if (event.user === bolt.botUserId) return;
    const welcome = renderWelcome(context.engine.summaries(), event.user);
    await client.chat.postEphemeral({ channel: event.channel, user: event.user, ...welcome });
    context.logger.info({ surface: 'welcome', channel: event.channel }, 'welcomed a newcomer');
  });
}

/** A mention or DM reads like `/roles`: "compare pm po", "help" and plain questions all work. */
function replyFor(question: string, context: ListenerContext): Reply {
  return replyTo(parseRolesCommand(question, context.engine.roles), context.engine, {
    audience: 'thread',
    ask: askOptions(context),
  });
}

async function postReply(
  client: AllMiddlewareArgs['client'],
  channel: string,
  threadTs: string | undefined,
  answer: Reply,
  context: ListenerContext,
  asker: string | undefined,
): Promise<void> {
  const logger: Logger = context.logger;
  const reply = await offerEscalation(answer, context);
  const target = { channel, ...(threadTs ? { thread_ts: threadTs } : {}) };
  // Stored before the reply goes out: a gap the user has been told about survives a crash.
  if (reply.unanswered) await context.feedback.unanswered(reply.unanswered);
  let posted: string | undefined;
  await deliver(
    async (message) => {
      const result = await context.pacer.run(channel, () =>
        client.chat.postMessage({ ...target, ...message }),
      );
      posted = result.ts ?? posted;
      return result;
    },
    reply,
    logger,
  );
  // Its buttons may replace this answer only for the person who asked (see listeners/actions.ts).
  if (posted && asker) context.threads.add(answerOwnerKey(channel, posted, asker));
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
