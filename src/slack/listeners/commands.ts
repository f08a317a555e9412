import type { App, RespondFn } from '@slack/bolt';
import { parseRolesCommand } from '../../commands/roles-command.js';
import { type Reply, rejectedBlocks, replyTo } from '../replies.js';
import { plainQuestion } from '../slack-text.js';
import type { ListenerContext } from './context.js';

/** `/roles …`: acknowledged at once, answered through the command's response_url. */
export function registerCommands(app: App, context: ListenerContext): void {
  app.command('/roles', async ({ command, ack, respond, logger }) => {
    await ack();
    const parsed = parseRolesCommand(plainQuestion(command.text));
    // Only the compare card goes to the channel, so only it says who posted it.
    const reply = replyTo(parsed, context.engine, {
      audience: 'ephemeral',
      ...(parsed.kind === 'compare' ? { sharedBy: command.user_id } : {}),
    });
    context.logger.info(
      { surface: 'command', kind: parsed.kind, channel: command.channel_id },
      'answering /roles',
    );
    await sendReply(respond, reply, logger);
  });
}

/**
 * Sends a reply through a response_url; when Slack rejects its blocks (a table it does not
 * accept), logs which blocks and sends the table-free fallback instead.
 */
export async function sendReply(
  respond: RespondFn,
  reply: Reply,
  logger: { warn(...args: unknown[]): void },
  extra: { replace_original?: boolean; delete_original?: boolean } = {},
): Promise<void> {
  try {
    await respond({ response_type: reply.responseType, ...extra, ...reply.message });
  } catch (error) {
    if (!reply.fallback || !rejectedBlocks(error)) throw error;
    logger.warn(
      `Slack rejected the message blocks (${describeBlocks(reply)}); sending the fallback without a table`,
    );
    await respond({ response_type: reply.responseType, ...extra, ...reply.fallback });
  }
}

export function describeBlocks(reply: Reply): string {
  const types = [
    ...reply.message.blocks,
    ...(reply.message.attachments ?? []).flatMap((a) => a.blocks ?? []),
  ].map((block) => block.type);
  return types.join(', ');
}
