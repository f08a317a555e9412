import type { MessageAttachment } from '@slack/types';
import type { Logger } from '../logger.js';
import type { SlackMessage } from '../render/slack/answer-message.js';
import { withLegacyFeedback } from '../render/slack/feedback-block.js';
import type { Reply } from './replies.js';

type Payload = SlackMessage & { attachments?: MessageAttachment[] };

/**
 * Sends a reply with `send`; when Slack rejects its blocks (`invalid_blocks`, or a response_url
 * answering 400), logs the blocks that failed and sends the next version down: the table-free
 * card when the reply has one; else the answer with plain vote buttons instead of Slack's newer
 * feedback_buttons, then the same answer as plain text. Any other failure is thrown, to be
 * logged (and apologised for) by the app's one error handler.
 */
export async function deliver(
  send: (message: Payload) => Promise<unknown>,
  reply: Reply,
  logger: Logger,
): Promise<void> {
  const legacy = reply.fallback ? undefined : withLegacyFeedback(reply.message);
  const attempts: { message: Payload; next: string }[] = [
    {
      message: reply.message,
      next: reply.fallback
        ? 'sending the card without a table'
        : legacy
          ? 'sending the answer with vote buttons'
          : 'sending the answer as plain text',
    },
  ];
  if (reply.fallback) attempts.push({ message: reply.fallback, next: '' });
  else {
    if (legacy) attempts.push({ message: legacy, next: 'sending the answer as plain text' });
    attempts.push({ message: { text: reply.message.text, blocks: [] }, next: '' });
  }
  for (const [i, attempt] of attempts.entries()) {
    try {
      await send(attempt.message);
      return;
    } catch (error) {
      if (!rejectedBlocks(error) || i === attempts.length - 1) throw error;
      const blocks = [
        ...attempt.message.blocks,
        ...(attempt.message.attachments ?? []).flatMap((a) => a.blocks ?? []),
      ];
      const slackError =
        (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      // The block types say what Slack refused; the blocks themselves quote the question and the
      // answer, so they are logged at debug only (question text never reaches an info/warn line).
      logger.warn(
        { slackError, blockTypes: blocks.map((block) => block.type).join(',') },
        `Slack rejected the message blocks; ${attempt.next}`,
      );
      logger.debug({ blocks: JSON.stringify(blocks).slice(0, 4_000) }, 'the rejected blocks');
    }
  }
}

/** Whether an error from Slack means it rejected the blocks (so a fallback should be sent). */
export function rejectedBlocks(error: unknown): boolean {
  const data = (error as { data?: { error?: string } } | undefined)?.data;
  if (data?.error === 'invalid_blocks' || data?.error === 'invalid_attachments') return true;
  // respond() reports a rejected payload as HTTP 400 from the response_url.
  return (error as { statusCode?: number } | undefined)?.statusCode === 400;
}
