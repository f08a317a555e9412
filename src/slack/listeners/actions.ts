import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { Logger } from '../../logger.js';
import {
  ACTION,
  ACTION_PATTERN,
  type AnswerState,
  decodeState,
} from '../../render/slack/actions.js';
import { answerKeyOf, FEEDBACK_INPUT, FEEDBACK_MODAL } from '../../render/slack/feedback-modal.js';
import { USER_ID } from '../../render/slack/mrkdwn.js';
import { deliver } from '../deliver.js';
import { type Reply, replyToState } from '../replies.js';
import { sendReply } from './commands.js';
import { askOptions, type ListenerContext } from './context.js';
import { answerOwnerKey } from './events.js';
import { recordVote } from './feedback-buttons.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> &
  Pick<AllMiddlewareArgs, 'client' | 'logger'>;

/** The buttons on rolebot's messages. Each is acknowledged first, then answered. */
export function registerActions(app: App, context: ListenerContext): void {
  app.action<BlockAction<ButtonAction>>(ACTION.share, async (args) => {
    await args.ack();
    const state = stateOf(args);
    if (!state) return;
    const sharer = args.body.user.id;
    const reply = replyToState(state, context.engine, {
      audience: 'channel',
      sharedBy: sharer,
      ask: askOptions(context),
    });
    await sendReply(
      args.respond,
      { ...withSharer(reply, sharer), responseType: 'in_channel' },
      context.logger,
      { replace_original: false },
    );
    // The private copy has done its job once the answer is in the channel.
    await args.respond({ delete_original: true }).catch((error: unknown) => {
      args.logger.warn(
        `could not remove the private copy after sharing: ${(error as Error).message}`,
      );
    });
    context.logger.info(
      { surface: 'share', channel: args.body.channel?.id },
      'answer shared in channel',
    );
  });

  // "More passages" and "I meant project manager" both replace the answer with another reading
  // of the state their button carries.
  for (const actionId of [ACTION.more, ACTION_PATTERN.reread]) {
    app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
      await args.ack();
      const state = stateOf(args);
      if (!state) return;
      if (!mayReplace(args, context)) {
        // Someone else's answer in a thread: they get their own private copy, the asker's stays.
        const reply = replyToState(state, context.engine, {
          audience: 'ephemeral',
          ask: askOptions(context),
        });
        await sendReply(args.respond, reply, context.logger, { replace_original: false });
        return;
      }
      const reply = replyToState(state, context.engine, {
        audience: audienceOf(args),
        ask: askOptions(context),
      });
      await replaceAnswer(args, reply, context.logger);
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION_PATTERN.suggest, async (args) => {
    await args.ack();
    const state = stateOf(args);
    if (!state) return;
    const { body } = args;
    if (body.container?.type === 'view' || !body.response_url) {
      // From the Home tab there is no message to answer under: answer in the app's DM.
      const reply = replyToState(state, context.engine, {
        audience: 'thread',
        ask: askOptions(context),
      });
      await context.pacer.run(body.user.id, () =>
        args.client.chat.postMessage({ channel: body.user.id, ...reply.message }),
      );
      return;
    }
    const reply = replyToState(state, context.engine, {
      audience: 'ephemeral',
      ask: askOptions(context),
    });
    await sendReply(args.respond, reply, context.logger, { replace_original: false });
  });

  app.view(FEEDBACK_MODAL, async ({ ack, view, body }) => {
    await ack();
    const key = answerKeyOf(view.private_metadata);
    const text = view.state.values[FEEDBACK_INPUT.block]?.[FEEDBACK_INPUT.action]?.value?.trim();
    if (key && text) await context.feedback.comment(key, body.user.id, text);
  });

  // Buttons from an older version of rolebot: acknowledge (Slack shows an error otherwise), say so.
  app.action(ACTION_PATTERN.unknown, async ({ ack, action, respond }) => {
    await ack();
    context.logger.warn(
      { action: 'action_id' in action ? action.action_id : undefined },
      'unknown button',
    );
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'That button is from an older version of rolebot; ask again to get a fresh answer.',
    });
  });

  // The 👍/👎 buttons of answers sent before feedback_buttons (and of the fallback without them).
  for (const [actionId, vote] of [
    [ACTION.voteUp, 'up'],
    [ACTION.voteDown, 'down'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
      await args.ack();
      await recordVote(args, stateOf(args), vote, context);
    });
  }
}

function stateOf(args: ButtonArgs): AnswerState | undefined {
  const state = decodeState(args.action.value);
  if (!state)
    args.logger.warn(`ignoring a "${args.action.action_id}" click with an unreadable value`);
  return state;
}

/**
 * Whether this click may replace the message it sits on for everyone. An ephemeral answer or one
 * in a DM is only seen by its asker; a thread answer only by the person whose question it
 * answered (remembered when it was posted; unknown after a restart or on another replica, then
 * the clicker gets a private copy, never someone else's answer replaced).
 */
function mayReplace(args: ButtonArgs, context: ListenerContext): boolean {
  const { body } = args;
  if (body.container?.is_ephemeral !== false) return true;
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  if (!channel || !ts) return false;
  if (channel.startsWith('D')) return true;
  return context.threads.has(answerOwnerKey(channel, ts, body.user.id));
}

/** A message put in front of the channel says who put it there, whatever renderer built it. */
function withSharer(reply: Reply, sharer: string): Reply {
  if (!USER_ID.test(sharer)) return reply;
  const mention = `<@${sharer}>`;
  if (JSON.stringify(reply.message).includes(mention)) return reply;
  const note = {
    type: 'context' as const,
    elements: [{ type: 'mrkdwn' as const, text: `shared by ${mention}` }],
  };
  return {
    ...reply,
    message: { ...reply.message, blocks: [note, ...reply.message.blocks] },
    ...(reply.fallback
      ? { fallback: { ...reply.fallback, blocks: [note, ...reply.fallback.blocks] } }
      : {}),
  };
}

function audienceOf(args: ButtonArgs): 'ephemeral' | 'thread' {
  return args.body.container?.is_ephemeral === false || args.body.message?.thread_ts
    ? 'thread'
    : 'ephemeral';
}

/**
 * Replaces the message the button sits on: ephemeral answers through the response_url, bot
 * messages in threads with chat.update (ephemeral messages cannot be updated that way).
 */
async function replaceAnswer(args: ButtonArgs, reply: Reply, logger: Logger): Promise<void> {
  const { body } = args;
  const ts = body.message?.ts;
  const channel = body.channel?.id;
  if (body.container?.is_ephemeral === false && ts && channel) {
    await deliver((message) => args.client.chat.update({ channel, ts, ...message }), reply, logger);
    return;
  }
  await sendReply(args.respond as RespondFn, reply, logger, { replace_original: true });
}
