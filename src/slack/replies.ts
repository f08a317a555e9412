import type { MessageAttachment } from '@slack/types';
import type { Engine, OwnerAnswer } from '../answers/engine.js';
import type { AskOptions } from '../answers/types.js';
import { dispatch } from '../commands/dispatch.js';
import type { RolesCommand } from '../commands/roles-command.js';
import type { AnswerState } from '../render/slack/actions.js';
import { renderAnswerMessage, type SlackMessage } from '../render/slack/answer-message.js';
import { renderCompareCard, renderCompareFallback } from '../render/slack/compare-card.js';
import { renderHelp } from '../render/slack/help-message.js';
import { renderOwnerCard } from '../render/slack/owner-card.js';

export interface Reply {
  message: SlackMessage & { attachments?: MessageAttachment[] };
  /** Where `/roles` posts it: compare cards are for the whole meeting, answers for the asker. */
  responseType: 'ephemeral' | 'in_channel';
  /** A table-free version to send if Slack rejects the message's blocks. */
  fallback?: SlackMessage & { attachments?: MessageAttachment[] };
  /** The question, when the knowledge could not answer it (a knowledge gap to record). */
  unanswered?: string;
}

export interface ReplyOptions {
  audience: 'ephemeral' | 'channel' | 'thread';
  sharedBy?: string;
  /** Passed to the engine: readings, down-votes for ranking. */
  ask?: AskOptions;
}

/** Turns a `/roles` command (or a mention, DM or button re-run of one) into what to send. */
export function replyTo(command: RolesCommand, engine: Engine, options: ReplyOptions): Reply {
  const reply = dispatch(command, engine, options.ask);
  switch (reply.kind) {
    case 'help':
      return { message: renderHelp(reply.problem), responseType: 'ephemeral' };
    case 'config':
    case 'gaps':
      // Gaps and settings are the command listener's (the store, a modal): nothing to show here.
      return { message: renderHelp(), responseType: 'ephemeral' };
    case 'owner':
      return ownerReply(reply.owner, options);
    case 'compare':
      return {
        message: renderCompareCard(reply.comparison, options.sharedBy),
        fallback: renderCompareFallback(reply.comparison, options.sharedBy),
        responseType: 'in_channel',
      };
    case 'answer':
      return {
        message: renderAnswerMessage(reply.answer, options),
        responseType: options.audience === 'channel' ? 'in_channel' : 'ephemeral',
        ...(reply.answer.answered ? {} : { unanswered: reply.answer.question }),
      };
  }
}

function ownerReply(result: OwnerAnswer, options: ReplyOptions): Reply {
  return {
    message: renderOwnerCard(result, options),
    responseType: options.audience === 'channel' ? 'in_channel' : 'ephemeral',
  };
}

/** Rebuilds the answer a button carries (more passages, another reading, shared to the channel). */
export function replyToState(state: AnswerState, engine: Engine, options: ReplyOptions): Reply {
  if (state.kind === 'owner')
    return replyTo({ kind: 'owner', thing: state.question }, engine, options);
  const readings = state.readings ?? {};
  const answer = engine.ask(state.question, { ...options.ask, offset: state.offset, readings });
  return {
    message: renderAnswerMessage(answer, { ...options, readings }),
    responseType: options.audience === 'channel' ? 'in_channel' : 'ephemeral',
  };
}
