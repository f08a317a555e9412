import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  FeedbackButtonsAction,
  RespondFn,
} from '@slack/bolt';
import { ACTION, type AnswerState, decodeVote } from '../../render/slack/actions.js';
import { section } from '../../render/slack/answer-message.js';
import { withEscalation } from '../../render/slack/escalation.js';
import { renderFeedbackModal } from '../../render/slack/feedback-modal.js';
import { answerKey } from '../feedback.js';
import type { ListenerContext } from './context.js';

/** What a vote click (native feedback buttons or the older 👍/👎 buttons) carries. */
export interface VoteClick {
  body: BlockAction;
  client: AllMiddlewareArgs['client'];
  respond: RespondFn;
}

/** 👍/👎 as Slack's native feedback_buttons: the vote is in the clicked value. */
export function registerFeedbackButtons(app: App, context: ListenerContext): void {
  app.action<BlockAction<FeedbackButtonsAction>>(ACTION.feedback, async (args) => {
    await args.ack();
    const clicked = decodeVote(args.action.value);
    if (!clicked) {
      args.logger.warn(`ignoring a "${ACTION.feedback}" click with an unreadable value`);
      return;
    }
    if (!clicked.state) args.logger.warn(`a "${ACTION.feedback}" vote with an unreadable answer`);
    await recordVote(args, clicked.state, clicked.vote, context);
  });
}

/**
 * Stores a vote (with the passages the answer showed, so ranking can learn from repeated 👎),
 * opens "what were you looking for?" after a 👎, and thanks the voter privately.
 */
export async function recordVote(
  args: VoteClick,
  state: AnswerState | undefined,
  vote: 'up' | 'down',
  context: ListenerContext,
): Promise<void> {
  const kind = state?.kind ?? 'ask';
  let outcome: 'stored' | 'logged' | 'failed' = 'logged';
  if (state) {
    const shown = context.engine.ask(state.question, {
      offset: state.offset,
      ...(state.readings ? { readings: state.readings } : {}),
    });
    outcome = await context.feedback.vote({
      question: state.question,
      offset: state.offset,
      kind,
      passageIds: shown.passages.map((passage) => passage.id),
      userId: args.body.user.id,
      ...(args.body.channel?.id ? { channel: args.body.channel.id } : {}),
      vote,
    });
  } else {
    context.logger.info(
      { feedback: vote, user: context.feedback.pseudonym(args.body.user.id) },
      'answer feedback',
    );
  }
  if (vote === 'down' && state && args.body.trigger_id) {
    // "What were you looking for?" (optional); a refused modal only loses the comment.
    await args.client.views
      .open({
        trigger_id: args.body.trigger_id,
        view: renderFeedbackModal(answerKey(state.question, state.offset, kind)),
      })
      .catch((error: unknown) =>
        context.logger.warn({ err: (error as Error).message }, 'could not open the feedback modal'),
      );
  }
  // "Noted" only once the vote is durable; a failed write is said, not swallowed.
  const text =
    outcome === 'failed'
      ? "Thanks, but I couldn't save your vote just now. Please try again in a minute."
      : vote === 'up'
        ? 'Thanks! Glad it helped.'
        : 'Thanks, noted: this answer will be reviewed.';
  // After a 👎, "Ask a person" when there are owners to ask.
  const { ownersChannel } =
    vote === 'down' && state ? await context.settings.current() : { ownersChannel: undefined };
  await args.respond({
    response_type: 'ephemeral',
    replace_original: false,
    text,
    ...(ownersChannel && state
      ? {
          blocks: withEscalation({ text, blocks: [section(text)] }, state.question, askedAt(args))
            .blocks,
        }
      : {}),
  });
}

/** The public message a vote was on (thread answers: the thread's root), for "Ask a person". */
function askedAt(args: VoteClick): { channel: string; ts: string } | undefined {
  const { body } = args;
  const channel = body.channel?.id;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const ts = message?.thread_ts ?? message?.ts;
  if (body.container?.is_ephemeral !== false || !channel || channel.startsWith('D') || !ts)
    return undefined;
  return { channel, ts };
}
