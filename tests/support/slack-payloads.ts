// Typed factories for the bodies Slack sends to the app (Events API, slash commands,
// interactions), in the style of Bolt's own test helpers: sensible defaults plus overrides.
// The shapes follow what Slack actually delivers, typed with Bolt's own types where they fit,
// so a listener in src/ sees exactly what it would see in production.
import type {
  BlockAction,
  BlockSuggestion,
  ButtonAction,
  EnvelopedEvent,
  ExternalSelectAction,
  FeedbackButtonsAction,
  GlobalShortcut,
  MessageShortcut,
  SlashCommand,
  types,
  ViewOutput,
  ViewSubmitAction,
} from '@slack/bolt';

// One fixed identity for the workspace and the bot, shared with the fake Web API's `auth.test`
// so that Bolt's ignoreSelf middleware and any "is this me?" checks line up.
export const TEAM_ID = 'T0TEAM';
export const TEAM_DOMAIN = 'rolebot-test';
export const TEAM_NAME = 'Rolebot Test';
export const APP_ID = 'A0ROLEBOT';
export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';
export const BOT_NAME = 'rolebot';
export const USER_ID = 'U0ALICE';
export const CHANNEL_ID = 'C0ROLES';
export const CHANNEL_NAME = 'roles';
export const DM_CHANNEL_ID = 'D0ALICE';
export const HOME_CHANNEL_ID = 'D0HOME';
export const VERIFICATION_TOKEN = 'verification-token';

// A response_url that can never leave the machine: nothing listens on port 1, so a forgotten
// `response_url` override fails fast with ECONNREFUSED instead of reaching hooks.slack.com.
// Pass `fake.responseUrl()` to get a recording one.
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:1/response-url-not-set';

// Monotonic counters so every factory call yields unique ids/timestamps within a test run.
let tsCounter = 0;
let idCounter = 0;

/** A unique Slack message timestamp (`'1600000000.000100'` style), distinct from the fake's. */
export function nextTs(): string {
  tsCounter += 1;
  const micros = tsCounter * 100;
  return `${1_600_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function nextId(prefix: string): string {
  idCounter += 1;
  return `${prefix}${String(idCounter).padStart(8, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Slash commands

/** A `/roles` slash command as Bolt parses it (every field is a string, as in the form body). */
export function makeSlashCommand(overrides: Partial<SlashCommand> = {}): SlashCommand {
  return {
    token: VERIFICATION_TOKEN,
    command: '/roles',
    text: '',
    response_url: UNSET_RESPONSE_URL,
    trigger_id: nextId('1337.42.'),
    user_id: USER_ID,
    user_name: 'alice',
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: CHANNEL_ID,
    channel_name: CHANNEL_NAME,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Events API

type Authorization = NonNullable<EnvelopedEvent['authorizations']>[number];

/**
 * Wraps an event in the Events API `event_callback` body (what Slack POSTs over HTTP and what
 * Socket Mode carries as the `events_api` envelope payload).
 */
export function makeEventEnvelope<E extends { type: string }>(
  event: E,
  overrides: Partial<Omit<EnvelopedEvent<E>, 'event'>> = {},
): EnvelopedEvent<E> {
  const authorization: Authorization = {
    enterprise_id: null,
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    is_bot: true,
    is_enterprise_install: false,
  };
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    context_team_id: TEAM_ID,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [authorization],
    is_ext_shared_channel: false,
    event_context: nextId('4-eyJldCI6'),
    ...overrides,
  };
}

export interface AppMentionOptions {
  text?: string;
  user?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
}

/** An `app_mention` event. `text` is used verbatim; include `<@U0BOT>` yourself if it matters. */
export function makeAppMention(options: AppMentionOptions = {}): types.AppMentionEvent {
  const ts = options.ts ?? nextTs();
  const event: types.AppMentionEvent = {
    type: 'app_mention',
    client_msg_id: nextId('msg-'),
    text: options.text ?? `<@${BOT_USER_ID}> who owns billing?`,
    user: options.user ?? USER_ID,
    ts,
    team: TEAM_ID,
    channel: options.channel ?? CHANNEL_ID,
    event_ts: ts,
  };
  if (options.thread_ts !== undefined) event.thread_ts = options.thread_ts;
  return event;
}

/**
 * A `message` event. Bolt's `GenericMessageEvent` pins `subtype` to `undefined`, so this is our
 * own, looser shape: it also covers `bot_message`, `message_changed` etc. via overrides.
 */
export interface MessageEventPayload {
  type: 'message';
  subtype?: string;
  channel: string;
  channel_type: 'channel' | 'group' | 'im' | 'mpim' | 'app_home';
  user?: string;
  bot_id?: string;
  text: string;
  ts: string;
  event_ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  team: string;
  client_msg_id?: string;
  [key: string]: unknown;
}

export interface MessageOptions {
  text?: string;
  user?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
  /** Set with `user: BOT_USER_ID` to simulate the bot's own echo (Bolt's ignoreSelf drops it). */
  bot_id?: string;
  subtype?: string;
  [key: string]: unknown;
}

function makeMessage(
  channelType: MessageEventPayload['channel_type'],
  defaultChannel: string,
  options: MessageOptions,
): MessageEventPayload {
  const { text, user, channel, ts, thread_ts, bot_id, subtype, ...extra } = options;
  const messageTs = ts ?? nextTs();
  const event: MessageEventPayload = {
    type: 'message',
    channel: channel ?? defaultChannel,
    channel_type: channelType,
    text: text ?? 'who owns billing?',
    ts: messageTs,
    event_ts: messageTs,
    team: TEAM_ID,
  };
  // Human messages carry `user` and `client_msg_id`; legacy `bot_message`s carry neither.
  if (subtype !== 'bot_message' || user !== undefined) event.user = user ?? USER_ID;
  if (bot_id === undefined && subtype === undefined) event.client_msg_id = nextId('msg-');
  if (bot_id !== undefined) event.bot_id = bot_id;
  if (subtype !== undefined) event.subtype = subtype;
  if (thread_ts !== undefined) {
    // Thread replies name the thread starter; override `parent_user_id` if it was someone else.
    event.thread_ts = thread_ts;
    event.parent_user_id = USER_ID;
  }
  return { ...event, ...extra };
}

/** A direct message to the bot (`channel_type: 'im'`). */
export function makeDirectMessage(options: MessageOptions = {}): MessageEventPayload {
  return makeMessage('im', DM_CHANNEL_ID, options);
}

/** A message in a public channel (`channel_type: 'channel'`), e.g. a thread follow-up. */
export function makeChannelMessage(options: MessageOptions = {}): MessageEventPayload {
  return makeMessage('channel', CHANNEL_ID, options);
}

/** `member_joined_channel`; note Slack's `channel_type` here is `'C'`/`'G'`, not `'channel'`. */
export function makeMemberJoinedChannel(
  overrides: Partial<types.MemberJoinedChannelEvent> = {},
): types.MemberJoinedChannelEvent {
  return {
    type: 'member_joined_channel',
    user: USER_ID,
    channel: CHANNEL_ID,
    channel_type: 'C',
    team: TEAM_ID,
    event_ts: nextTs(),
    ...overrides,
  };
}

/** `app_home_opened` for the Home tab (Slack sends it on every visit). */
export function makeAppHomeOpened(
  overrides: Partial<types.AppHomeOpenedEvent> = {},
): types.AppHomeOpenedEvent {
  return {
    type: 'app_home_opened',
    user: USER_ID,
    channel: HOME_CHANNEL_ID,
    tab: 'home',
    event_ts: nextTs(),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Interactivity

export interface BlockActionOptions {
  action_id?: string;
  value?: string;
  block_id?: string;
  /** Button label as shown to the user. */
  label?: string;
  user?: string;
  channel?: string;
  response_url?: string;
  trigger_id?: string;
  /** The message carrying the button (surface 'message'); merged over a default bot message. */
  message?: Partial<NonNullable<BlockAction['message']>>;
  container?: Record<string, unknown>;
  /** 'home': the button lives in the App Home view (no channel, message or response_url use). */
  surface?: 'message' | 'home';
}

/** Who clicked, in which app and workspace: what every `block_actions` payload opens with. */
function clickedBy(options: { user?: string; trigger_id?: string }) {
  return {
    type: 'block_actions' as const,
    user: { id: options.user ?? USER_ID, username: 'alice', name: 'alice', team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: options.trigger_id ?? nextId('1337.42.'),
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    is_enterprise_install: false,
  };
}

/** Where a click in a bot message happened: the message (merged over a default one), its channel. */
function inBotMessage(options: {
  channel?: string;
  response_url?: string;
  message?: Partial<NonNullable<BlockAction['message']>>;
  container?: Record<string, unknown>;
}) {
  const channel = options.channel ?? CHANNEL_ID;
  const messageTs = options.message?.ts ?? nextTs();
  return {
    state: { values: {} },
    response_url: options.response_url ?? UNSET_RESPONSE_URL,
    container: options.container ?? {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel,
      is_ephemeral: false,
    },
    channel: { id: channel, name: CHANNEL_NAME },
    message: {
      type: 'message' as const,
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: TEAM_ID,
      text: 'answer',
      blocks: [],
      ...options.message,
      ts: messageTs,
    },
  };
}

/** A `block_actions` payload for a button click. */
export function makeBlockAction(options: BlockActionOptions = {}): BlockAction<ButtonAction> {
  const action: ButtonAction = {
    type: 'button',
    action_id: options.action_id ?? 'roles_feedback',
    block_id: options.block_id ?? 'actions',
    text: { type: 'plain_text', text: options.label ?? 'Button', emoji: true },
    action_ts: nextTs(),
  };
  if (options.value !== undefined) action.value = options.value;
  if (options.surface === 'home') {
    const view = makeViewOutput({ type: 'home', id: 'V0HOME' });
    return {
      ...clickedBy(options),
      state: { values: {} },
      response_url: options.response_url ?? UNSET_RESPONSE_URL,
      actions: [action],
      container: options.container ?? { type: 'view', view_id: view.id },
      view,
    };
  }
  return { ...clickedBy(options), ...inBotMessage(options), actions: [action] };
}

/** A minimal but complete `ViewOutput` (what Slack echoes back for a view). */
export function makeViewOutput(overrides: Partial<ViewOutput> = {}): ViewOutput {
  const id = overrides.id ?? nextId('V');
  return {
    id,
    team_id: TEAM_ID,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    state: { values: {} },
    hash: nextId('hash.'),
    title: { type: 'plain_text', text: 'Rolebot', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: id,
    app_id: APP_ID,
    app_installed_team_id: TEAM_ID,
    bot_id: BOT_ID,
    ...overrides,
  };
}

export interface ViewSubmissionOptions {
  callback_id?: string;
  user?: string;
  /** `state.values`, keyed by block_id then action_id. */
  values?: ViewOutput['state']['values'];
  private_metadata?: string;
  view?: Partial<ViewOutput>;
  response_urls?: ViewSubmitAction['response_urls'];
}

/** A `view_submission` payload (modal submit). */
export function makeViewSubmission(options: ViewSubmissionOptions = {}): ViewSubmitAction {
  const view = makeViewOutput({
    callback_id: options.callback_id ?? 'roles_modal',
    private_metadata: options.private_metadata ?? '',
    state: { values: options.values ?? {} },
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    ...options.view,
  });
  const payload: ViewSubmitAction = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: { id: options.user ?? USER_ID, name: 'alice', team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: nextId('1337.42.'),
    view,
    is_enterprise_install: false,
    response_urls: options.response_urls ?? [],
  };
  return payload;
}

// ---------------------------------------------------------------------------------------------
// Assistant threads, shortcuts, options, workflow steps, feedback buttons

export interface AssistantThreadOptions {
  user?: string;
  /** The assistant thread's DM channel. */
  channel?: string;
  thread_ts?: string;
  /** The channel the user was viewing when they opened the assistant, if Slack says. */
  contextChannel?: string;
}

function assistantThread(options: AssistantThreadOptions) {
  return {
    user_id: options.user ?? USER_ID,
    context:
      options.contextChannel !== undefined
        ? { channel_id: options.contextChannel, team_id: TEAM_ID, enterprise_id: null }
        : {},
    channel_id: options.channel ?? DM_CHANNEL_ID,
    thread_ts: options.thread_ts ?? nextTs(),
  };
}

/** `assistant_thread_started`: someone opened the assistant (split view or the app's DM). */
export function makeAssistantThreadStarted(
  options: AssistantThreadOptions = {},
): types.AssistantThreadStartedEvent {
  return {
    type: 'assistant_thread_started',
    assistant_thread: assistantThread(options),
    event_ts: nextTs(),
  };
}

/** `assistant_thread_context_changed`: the user moved to another channel with the assistant open. */
export function makeAssistantThreadContextChanged(
  options: AssistantThreadOptions = {},
): types.AssistantThreadContextChangedEvent {
  return {
    type: 'assistant_thread_context_changed',
    assistant_thread: assistantThread(options),
    event_ts: nextTs(),
  };
}

export interface MessageShortcutOptions {
  callback_id?: string;
  text?: string;
  user?: string;
  /** Author of the message the shortcut was used on. */
  author?: string;
  channel?: string;
  response_url?: string;
  trigger_id?: string;
  message_ts?: string;
}

/** A `message_action` payload: "Ask rolebot about this" chosen on someone's message. */
export function makeMessageShortcut(options: MessageShortcutOptions = {}): MessageShortcut {
  const ts = options.message_ts ?? nextTs();
  return {
    type: 'message_action',
    callback_id: options.callback_id ?? 'rolebot_ask_about_message',
    trigger_id: options.trigger_id ?? nextId('1337.42.'),
    message_ts: ts,
    response_url: options.response_url ?? UNSET_RESPONSE_URL,
    message: {
      type: 'message',
      user: options.author ?? 'U0BOB',
      ts,
      text: options.text ?? 'Who owns the product backlog here?',
    },
    user: { id: options.user ?? USER_ID, name: 'alice', team_id: TEAM_ID, username: 'alice' },
    channel: { id: options.channel ?? CHANNEL_ID, name: CHANNEL_NAME },
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    token: VERIFICATION_TOKEN,
    action_ts: nextTs(),
    is_enterprise_install: false,
  };
}

/** A global `shortcut` payload ("Who owns…?" from the shortcuts menu). */
export function makeGlobalShortcut(
  options: { callback_id?: string; user?: string; trigger_id?: string } = {},
): GlobalShortcut {
  return {
    type: 'shortcut',
    callback_id: options.callback_id ?? 'rolebot_who_owns',
    trigger_id: options.trigger_id ?? nextId('1337.42.'),
    user: { id: options.user ?? USER_ID, username: 'alice', team_id: TEAM_ID },
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    token: VERIFICATION_TOKEN,
    action_ts: nextTs(),
    is_enterprise_install: false,
  };
}

/** A `block_suggestion` payload: what someone typed so far into an external_select in a view. */
export function makeBlockSuggestion(options: {
  action_id: string;
  block_id: string;
  value: string;
  user?: string;
  view?: Partial<ViewOutput>;
}): BlockSuggestion {
  const view = makeViewOutput({ type: 'modal', ...options.view });
  return {
    type: 'block_suggestion',
    block_id: options.block_id,
    action_id: options.action_id,
    value: options.value,
    api_app_id: APP_ID,
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: { id: options.user ?? USER_ID, name: 'alice', team_id: TEAM_ID },
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: view.id },
    view,
    is_enterprise_install: false,
  };
}

/** A `block_actions` payload for an external_select choice made inside a modal. */
export function makeViewSelectAction(options: {
  action_id: string;
  block_id: string;
  selected: { text: string; value: string };
  user?: string;
  view?: Partial<ViewOutput>;
}): BlockAction<ExternalSelectAction> {
  const view = makeViewOutput({ type: 'modal', ...options.view });
  // Slack sends no response_url for actions inside a modal; Bolt's type asks for one anyway.
  return {
    ...clickedBy(options),
    container: { type: 'view', view_id: view.id },
    view,
    actions: [
      {
        type: 'external_select',
        action_id: options.action_id,
        block_id: options.block_id,
        action_ts: nextTs(),
        selected_option: {
          text: { type: 'plain_text', text: options.selected.text },
          value: options.selected.value,
        },
      },
    ],
  } as Omit<BlockAction<ExternalSelectAction>, 'response_url'> as BlockAction<ExternalSelectAction>;
}

/** A `block_actions` payload for a click on a feedback_buttons element (👍 or 👎). */
export function makeFeedbackButtonsAction(options: {
  action_id: string;
  value: string;
  block_id?: string;
  user?: string;
  channel?: string;
  response_url?: string;
  trigger_id?: string;
  message?: Partial<NonNullable<BlockAction['message']>>;
  container?: Record<string, unknown>;
}): BlockAction<FeedbackButtonsAction> {
  return {
    ...clickedBy(options),
    ...inBotMessage(options),
    actions: [
      {
        type: 'feedback_buttons',
        action_id: options.action_id,
        block_id: options.block_id ?? 'rolebot_feedback',
        action_ts: nextTs(),
        value: options.value,
        text: { type: 'plain_text', text: 'Good answer' },
      },
    ],
  };
}

/** A `function_executed` event: a workflow ran one of the app's steps. */
export function makeFunctionExecuted(
  options: {
    callback_id?: string;
    inputs?: Record<string, unknown>;
    bot_access_token?: string;
  } = {},
): types.FunctionExecutedEvent {
  const callbackId = options.callback_id ?? 'find_owner';
  return {
    type: 'function_executed',
    function: {
      id: nextId('Fn'),
      callback_id: callbackId,
      title: 'Find owner',
      type: 'app',
      input_parameters: [],
      output_parameters: [],
      app_id: APP_ID,
      date_created: 1_700_000_000,
      date_updated: 1_700_000_000,
      date_deleted: 0,
    },
    inputs: options.inputs ?? { question: 'who owns the roadmap?' },
    function_execution_id: nextId('Fx'),
    workflow_execution_id: nextId('Wx'),
    event_ts: nextTs(),
    bot_access_token: options.bot_access_token ?? 'xwfp-test-workflow-token',
  };
}
