/**
 * The "Who owns…?" modal (global shortcut): pick a topic from a menu that filters as you type,
 * see the verdict card in the modal, then post it to a channel.
 */
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { OwnerAnswer } from '../../answers/engine.js';
import { LIMITS, plainText, truncate } from './mrkdwn.js';
import { renderOwnerCard } from './owner-card.js';

export const OWNER_MODAL = {
  /** The first view: just the topic menu. */
  picker: 'rolebot_owner_picker',
  /** The verdict, with "Post to channel". */
  verdict: 'rolebot_owner_verdict',
} as const;
export const TOPIC_INPUT = { block: 'rolebot_owner_topic', action: 'rolebot_owner_topic' } as const;
export const CHANNEL_INPUT = { block: 'rolebot_post_to', action: 'rolebot_post_to' } as const;

const OPTION_TEXT = 75;
const OPTION_VALUE = 150;

/** A topic as a select option (text ≤ 75, value ≤ 150). */
export function topicOption(topic: { label: string; value: string }): PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(plainText(topic.label), OPTION_TEXT) },
    value: topic.value.slice(0, OPTION_VALUE),
  };
}

function topicInput(chosen?: { label: string; value: string }): InputBlock {
  return {
    type: 'input',
    block_id: TOPIC_INPUT.block,
    // Choosing a topic shows its verdict at once (block_actions → views.update).
    dispatch_action: true,
    label: { type: 'plain_text', text: 'Who owns…' },
    element: {
      type: 'external_select',
      action_id: TOPIC_INPUT.action,
      placeholder: { type: 'plain_text', text: 'Start typing: roadmap, backlog, priorities…' },
      min_query_length: 0,
      ...(chosen ? { initial_option: topicOption(chosen) } : {}),
    },
  };
}

/** The modal the shortcut opens. */
export function renderOwnerPicker(): ModalView {
  return {
    type: 'modal',
    callback_id: OWNER_MODAL.picker,
    title: { type: 'plain_text', text: 'Who owns…?' },
    submit: { type: 'plain_text', text: 'Show owner' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Pick what to settle. rolebot answers from its sources and shows the evidence.',
        },
      },
      topicInput(),
    ],
  };
}

/**
 * The verdict for a topic inside the modal: the topic menu (to pick another), the verdict card
 * (without its buttons: they belong on a message), and where to post it.
 */
export function renderOwnerVerdict(
  topic: { label: string; value: string },
  result: OwnerAnswer,
): ModalView {
  const card = renderOwnerCard(result, { audience: 'thread' }).blocks.filter(
    (block) => block.type !== 'actions' && block.type !== 'context_actions',
  );
  const blocks: KnownBlock[] = [
    topicInput(topic),
    { type: 'divider' },
    ...card,
    { type: 'divider' },
    {
      type: 'input',
      block_id: CHANNEL_INPUT.block,
      label: { type: 'plain_text', text: 'Post it to' },
      element: {
        type: 'conversations_select',
        action_id: CHANNEL_INPUT.action,
        default_to_current_conversation: true,
        // Slack hands back a response_url for the chosen conversation: rolebot can post there
        // without being a member (no chat:write.public).
        response_url_enabled: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        placeholder: { type: 'plain_text', text: 'Choose a channel' },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: OWNER_MODAL.verdict,
    private_metadata: JSON.stringify({ t: topic.value.slice(0, OPTION_VALUE) }),
    title: { type: 'plain_text', text: 'Who owns…?' },
    submit: { type: 'plain_text', text: 'Post to channel' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/** The topic a submitted verdict view was about; undefined for anything forged. */
export function topicOf(privateMetadata: string | undefined): string | undefined {
  try {
    const data = JSON.parse(privateMetadata ?? '') as { t?: unknown };
    return typeof data.t === 'string' && data.t.trim() ? data.t.slice(0, OPTION_VALUE) : undefined;
  } catch {
    return undefined;
  }
}
