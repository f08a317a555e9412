import type { App, RespondFn } from '@slack/bolt';
import { parseRolesCommand } from '../../commands/roles-command.js';
import type { Logger } from '../../logger.js';
import { renderGaps } from '../../render/slack/gaps-message.js';
import { deliver } from '../deliver.js';
import { type Reply, replyTo } from '../replies.js';
import { plainQuestion } from '../slack-text.js';
import { askOptions, type ListenerContext } from './context.js';

/** `/roles …`: acknowledged at once, answered through the command's response_url. */
export function registerCommands(app: App, context: ListenerContext): void {
  app.command('/roles', async ({ command, ack, respond }) => {
    await ack();
    const parsed = parseRolesCommand(plainQuestion(command.text), context.engine.roles);
    if (parsed.kind === 'gaps') {
      const message = context.admins.has(command.user_id)
        ? renderGaps(await context.feedback.gaps(10))
        : { text: 'Only rolebot admins (ROLEBOT_ADMINS) can see the knowledge gaps.', blocks: [] };
      await respond({ response_type: 'ephemeral', ...message });
      return;
    }
    // Only the compare card goes to the channel, so only it says who posted it.
    const reply = replyTo(parsed, context.engine, {
      audience: 'ephemeral',
      ...(parsed.kind === 'compare' ? { sharedBy: command.user_id } : {}),
      ask: askOptions(context),
    });
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
