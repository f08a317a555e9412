import type { App, MessageShortcut } from '@slack/bolt';
import { replyTo } from '../replies.js';
import { plainQuestion } from '../slack-text.js';
import { sendReply } from './commands.js';
import { askOptions, type ListenerContext } from './context.js';

/** The manifest's `features.shortcuts` callback id for "Ask rolebot about this". */
export const MESSAGE_SHORTCUT = 'rolebot_ask_about_message';

const NO_TEXT =
  'That message has no text I can answer. Try `/roles <question>`, or use the shortcut on a message that asks something.';

/**
 * "Ask rolebot about this" on a message: acknowledged at once, then the message's text answered
 * privately to whoever clicked (ephemeral, through the shortcut's response_url), with Share.
 */
export function registerMessageShortcut(app: App, context: ListenerContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: MESSAGE_SHORTCUT, type: 'message_action' },
    async ({ shortcut, ack, respond, context: bolt }) => {
      await ack();
      const question = plainQuestion(shortcut.message.text ?? '', bolt.botUserId);
      if (!question) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: NO_TEXT });
        return;
      }
      const reply = replyTo({ kind: 'ask', question }, context.engine, {
        audience: 'ephemeral',
        ask: askOptions(context),
      });
      context.logger.info(
        { surface: 'message_shortcut', channel: shortcut.channel.id },
        'answering a message shortcut',
      );
      await sendReply(respond, { ...reply, responseType: 'ephemeral' }, context.logger, {
        replace_original: false,
      });
      if (reply.unanswered) await context.feedback.unanswered(reply.unanswered);
    },
  );
}
