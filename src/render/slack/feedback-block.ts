/**
 * 👍/👎 on an answer: Slack's native feedback buttons (a `context_actions` block with a
 * `feedback_buttons` element), and the same votes as plain buttons for when Slack rejects the
 * newer block (an older client or workspace): `withLegacyFeedback` swaps one for the other.
 */
import type { ActionsBlock, Button, ContextActionsBlock, KnownBlock } from '@slack/types';
import { ACTION, type AnswerState, decodeVote, encodeState, encodeVote } from './actions.js';
import { LIMITS } from './mrkdwn.js';

/**
 * No block_id: Slack asks for a new one on each version of a message, and "More passages"
 * replaces the answer in place; Slack generates one when it is left out.
 */
export function feedbackBlock(state: AnswerState): ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION.feedback,
        positive_button: {
          text: { type: 'plain_text', text: 'Good answer' },
          accessibility_label: 'This answer helped',
          value: encodeVote('up', state),
        },
        negative_button: {
          text: { type: 'plain_text', text: 'Bad answer' },
          accessibility_label: 'This answer did not help',
          value: encodeVote('down', state),
        },
      },
    ],
  };
}

/** The two vote buttons rolebot used before feedback_buttons (their listeners still answer). */
export function legacyVoteButtons(state: AnswerState): Button[] {
  const value = encodeState(state);
  return [
    {
      type: 'button',
      action_id: ACTION.voteUp,
      text: { type: 'plain_text', text: ':+1:', emoji: true },
      value,
    },
    {
      type: 'button',
      action_id: ACTION.voteDown,
      text: { type: 'plain_text', text: ':-1:', emoji: true },
      value,
    },
  ];
}

/**
 * The message with its feedback_buttons replaced by the vote buttons (added to its last actions
 * block, or in one of their own); undefined when the message has no feedback block.
 */
export function withLegacyFeedback<M extends { blocks: KnownBlock[] }>(message: M): M | undefined {
  const index = message.blocks.findIndex((block) => block.type === 'context_actions');
  const block = message.blocks[index] as ContextActionsBlock | undefined;
  const element = block?.elements.find((item) => item.type === 'feedback_buttons');
  if (!block || !element || element.type !== 'feedback_buttons') return undefined;
  const state = decodeVote(element.positive_button.value)?.state;
  if (!state) return undefined;
  const blocks = message.blocks.filter((_, i) => i !== index);
  const votes = legacyVoteButtons(state);
  const last = blocks.findLastIndex((item) => item.type === 'actions');
  const actions = blocks[last] as ActionsBlock | undefined;
  if (actions && actions.elements.length + votes.length <= LIMITS.actionsElements) {
    blocks[last] = { ...actions, elements: [...actions.elements, ...votes] };
  } else {
    blocks.push({ type: 'actions', block_id: 'rolebot_votes', elements: votes });
  }
  return { ...message, blocks };
}
