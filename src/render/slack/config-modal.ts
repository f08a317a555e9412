/**
 * The `/roles config` modal: one channel's settings (welcome, answering without a mention, the
 * visibility of `/roles` answers) and the workspace's owners channel for "Ask a person". Pure.
 *
 * The per-channel inputs carry the channel in their block ids: when the admin picks another
 * channel the view is replaced, and Slack keeps what was typed into blocks whose ids stay the
 * same, so new ids make it show that channel's own values.
 */
import type { InputBlock, KnownBlock, ModalView, Option } from '@slack/types';
import { CHANNEL_ID } from './mrkdwn.js';

/** The parts of a view Slack sends back that this reads (Bolt's ViewOutput has them). */
interface ViewState {
  private_metadata: string;
  state: {
    values: Record<
      string,
      Record<
        string,
        { selected_option?: { value?: string } | null; selected_conversation?: string | null }
      >
    >;
  };
}

export const CONFIG_MODAL = 'rolebot_config';
export const CONFIG_CHANNEL_ACTION = 'rolebot_config_channel';
const CHANNEL_BLOCK = 'config_channel';
const OWNERS_BLOCK = 'config_owners';
const OWNERS_ACTION = 'owners';

export interface ConfigValues {
  channel: string;
  welcome: boolean;
  unmentioned: 'off' | 'questions';
  visibility: 'private' | 'public';
  /** undefined: none. */
  ownersChannel: string | undefined;
}

type Choice = [value: string, label: string];
const WELCOME: Choice[] = [
  ['on', 'On: newcomers get a private welcome with questions to try'],
  ['off', 'Off'],
];
const UNMENTIONED: Choice[] = [
  ['off', 'Off: only when mentioned'],
  ['questions', 'Questions ending in "?" that the knowledge covers (answered in a thread)'],
];
const VISIBILITY: Choice[] = [
  ['private', 'Private, with a Share in channel button'],
  ['public', 'Posted to the channel'],
];

export function renderConfigModal(values: ConfigValues): ModalView {
  const { channel } = values;
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: CHANNEL_BLOCK,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Channel' },
      element: {
        type: 'conversations_select',
        action_id: CONFIG_CHANNEL_ACTION,
        ...(CHANNEL_ID.test(channel) ? { initial_conversation: channel } : {}),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        placeholder: { type: 'plain_text', text: 'Pick a channel' },
      },
    },
    radios('welcome', channel, 'Welcome newcomers', WELCOME, values.welcome ? 'on' : 'off'),
    radios('unmentioned', channel, 'Answer without a mention', UNMENTIONED, values.unmentioned),
    radios('visibility', channel, '/roles answers', VISIBILITY, values.visibility),
    { type: 'divider' },
    {
      type: 'input',
      block_id: OWNERS_BLOCK,
      optional: true,
      label: { type: 'plain_text', text: 'Owners to ask (every channel)' },
      hint: {
        type: 'plain_text',
        text: '"Ask a person" posts questions rolebot could not help with here. Empty: no button. Invite rolebot to it.',
      },
      element: {
        type: 'conversations_select',
        action_id: OWNERS_ACTION,
        ...(values.ownersChannel && CHANNEL_ID.test(values.ownersChannel)
          ? { initial_conversation: values.ownersChannel }
          : {}),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        placeholder: { type: 'plain_text', text: 'No owners channel' },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: CONFIG_MODAL,
    private_metadata: JSON.stringify({ c: channel }),
    title: { type: 'plain_text', text: 'rolebot settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

function radios(
  name: string,
  channel: string,
  label: string,
  choices: Choice[],
  initial: string,
): InputBlock {
  const options: Option[] = choices.map(([value, text]) => ({
    text: { type: 'plain_text', text },
    value,
  }));
  const chosen = options.find((option) => option.value === initial) ?? options[0];
  return {
    type: 'input',
    block_id: `${name}_${channel}`,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'radio_buttons',
      action_id: name,
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    },
  };
}

/** The channel a config view is about (from its private_metadata); undefined when forged. */
export function configChannelOf(view: Pick<ViewState, 'private_metadata'>): string | undefined {
  try {
    const data = JSON.parse(view.private_metadata) as { c?: unknown };
    return typeof data.c === 'string' && CHANNEL_ID.test(data.c) ? data.c : undefined;
  } catch {
    return undefined;
  }
}

/** The channel picked in the channel select (a block_actions or a submitted state). */
export function pickedChannel(view: Pick<ViewState, 'state'>): string | undefined {
  const picked = view.state.values[CHANNEL_BLOCK]?.[CONFIG_CHANNEL_ACTION]?.selected_conversation;
  return typeof picked === 'string' && CHANNEL_ID.test(picked) ? picked : undefined;
}

/**
 * What a submitted config view says, or the block to flag when it cannot be read. The
 * per-channel answers are read from the blocks of the channel the view shows.
 */
export function readConfigSubmission(
  view: ViewState,
): { values: ConfigValues } | { error: { block: string; message: string } } {
  const channel = pickedChannel(view) ?? configChannelOf(view);
  if (!channel) return { error: { block: CHANNEL_BLOCK, message: 'Pick a channel.' } };
  const shown = configChannelOf(view) ?? channel;
  const state = view.state.values;
  const picked = (name: string) => state[`${name}_${shown}`]?.[name]?.selected_option?.value;
  const welcome = picked('welcome');
  const unmentioned = picked('unmentioned');
  const visibility = picked('visibility');
  if (
    (welcome !== 'on' && welcome !== 'off') ||
    (unmentioned !== 'off' && unmentioned !== 'questions') ||
    (visibility !== 'private' && visibility !== 'public')
  ) {
    return { error: { block: CHANNEL_BLOCK, message: 'Pick an answer for every setting.' } };
  }
  const owners = state[OWNERS_BLOCK]?.[OWNERS_ACTION]?.selected_conversation;
  return {
    values: {
      channel,
      welcome: welcome === 'on',
      unmentioned,
      visibility,
      ownersChannel: typeof owners === 'string' && CHANNEL_ID.test(owners) ? owners : undefined,
    },
  };
}

/** What the modal shows once the settings are stored. */
export function renderConfigSaved(values: ConfigValues): ModalView {
  const label = (choices: Choice[], value: string) =>
    choices.find(([id]) => id === value)?.[1] ?? value;
  const lines = [
    `*Saved for <#${values.channel}>*, in effect now:`,
    `• Welcome newcomers: ${label(WELCOME, values.welcome ? 'on' : 'off')}`,
    `• Answer without a mention: ${label(UNMENTIONED, values.unmentioned)}`,
    `• /roles answers: ${label(VISIBILITY, values.visibility)}`,
    `• Owners to ask: ${values.ownersChannel ? `<#${values.ownersChannel}>` : 'none (no "Ask a person" button)'}`,
  ];
  return {
    type: 'modal',
    callback_id: `${CONFIG_MODAL}_saved`,
    title: { type: 'plain_text', text: 'rolebot settings' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
  };
}
