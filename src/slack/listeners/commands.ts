import type { App, RespondFn } from '@slack/bolt';
import { parseRolesCommand } from '../../commands/roles-command.js';
import type { Logger } from '../../logger.js';
import { renderGaps } from '../../render/slack/gaps-message.js';
import { deliver } from '../deliver.js';
import { type Reply, replyTo } from '../replies.js';
import { plainQuestion } from '../slack-text.js';
import { openConfig } from './config.js';
import { askOptions, type ListenerContext } from './context.js';
import { offerEscalation } from './escalation.js';

/** `/roles …`: acknowledged at once, answered through the command's response_url. */
export function registerCommands(app: App, context: ListenerContext): void {
  app.command('/roles', async ({ command, ack, respond, client }) => {
    await ack();
    const parsed = parseRolesCommand(plainQuestion(command.text), context.engine.roles);
    if (parsed.kind === 'gaps') {
      const message = context.admins.has(command.user_id)
        ? renderGaps(await context.feedback.gaps(10))
        : { text: 'Only rolebot admins (ROLEBOT_ADMINS) can see the knowledge gaps.', blocks: [] };
      await respond({ response_type: 'ephemeral', ...message });
      return;
    }
    if (parsed.kind === 'config') {
      await openConfig(command, client, respond, context);
      return;
    }
    // Private with Share unless an admin made this channel's answers public; whatever goes to
    // the channel (public answers, the compare card) says who asked for it.
    const settings = await context.settings.current();
    const visible = settings.channel(command.channel_id).visibility === 'public';
    const answer = replyTo(parsed, context.engine, {
      audience: visible ? 'channel' : 'ephemeral',
      ...(parsed.kind === 'compare' || visible ? { sharedBy: command.user_id } : {}),
      ask: askOptions(context),
    });
    // "I don't know" stays with the asker, with "Ask a person" when there are owners to ask.
    const reply = await offerEscalation(
      answer.unanswered ? { ...answer, responseType: 'ephemeral' } : answer,
      context,
      settings,
    );
    context.logger.info(
      { surface: 'command', kind: parsed.kind, channel: command.channel_id },
      'answering /roles',
    );
    // The gap is stored before the reply tells the user: it survives a crash right after.
    if (reply.unanswered) await context.feedback.unanswered(reply.unanswered);
    await sendReply(respond, reply, context.logger);
  });
}

/** Sends a reply through a response_url (with the fallback when Slack rejects its blocks). */
export function sendReply(
  respond: RespondFn,
  reply: Reply,
  logger: Logger,
  extra: { replace_original?: boolean; delete_original?: boolean } = {},
): Promise<void> {
  return deliver(
    (message) => respond({ response_type: reply.responseType, ...extra, ...message }),
    reply,
    logger,
  );
}
