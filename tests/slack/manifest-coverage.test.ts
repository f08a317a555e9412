// Every payload manifest.yml makes Slack send has a listener that acknowledges it at once, in
// both modes: each subscribed event, each shortcut, the workflow step, the topic menu's options
// and the modals' submissions. None is left to Bolt's unhandled-request timeout (HTTP 404 after
// a few seconds).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LEVEL, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  makeAppHomeOpened,
  makeAppMention,
  makeAssistantThreadContextChanged,
  makeAssistantThreadStarted,
  makeBlockSuggestion,
  makeChannelMessage,
  makeDirectMessage,
  makeFunctionExecuted,
  makeGlobalShortcut,
  makeMemberJoinedChannel,
  makeMessageShortcut,
  makeViewSubmission,
} from '../support/slack-payloads.js';
import { MODES, sendEvent, sendInteractive } from '../support/surface-driver.js';

interface Manifest {
  features?: { shortcuts?: { type: string; callback_id: string }[] };
  settings?: { event_subscriptions?: { bot_events?: string[] } };
  functions?: Record<string, unknown>;
}
const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

/** A payload Slack would send for each subscribed bot event. */
const EVENTS: Record<string, () => { type: string }> = {
  app_mention: () => makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` }),
  'message.im': () => makeDirectMessage({ text: 'who owns the backlog?' }),
  'message.channels': () => makeChannelMessage({ text: 'lunch?' }),
  'message.groups': () =>
    makeChannelMessage({ channel: 'G0PRIVATE', channel_type: 'group', text: 'lunch?' }),
  member_joined_channel: () => makeMemberJoinedChannel(),
  app_home_opened: () => makeAppHomeOpened(),
  assistant_thread_started: () => makeAssistantThreadStarted(),
  assistant_thread_context_changed: () => makeAssistantThreadContextChanged(),
  function_executed: () => makeFunctionExecuted(),
};

const SHORTCUTS: Record<string, (callbackId: string, responseUrl: string) => unknown> = {
  message: (callbackId, responseUrl) =>
    makeMessageShortcut({ callback_id: callbackId, response_url: responseUrl }),
  global: (callbackId) => makeGlobalShortcut({ callback_id: callbackId }),
};

describe.each(MODES)('every payload the manifest asks for is acknowledged at once (%s)', (mode) => {
  const bot = useRolebot({ mode });
  const noErrors = () => expect(bot.logs.filter((l) => l.level >= LEVEL.error)).toEqual([]);

  it.each(manifest.settings?.event_subscriptions?.bot_events ?? [])('event %s', async (name) => {
    const make = EVENTS[name];
    expect(make, `no payload for ${name}: add one above`).toBeDefined();
    if (!make) return;
    await sendEvent(bot, mode, make());
    noErrors();
  });

  it.each(manifest.features?.shortcuts ?? [])('shortcut $callback_id', async (shortcut) => {
    const make = SHORTCUTS[shortcut.type];
    expect(make, `no payload for a ${shortcut.type} shortcut`).toBeDefined();
    if (!make) return;
    const responseUrl = bot.fake.responseUrl();
    await sendInteractive(bot, mode, make(shortcut.callback_id, responseUrl));
    // Answered: privately through the response_url, or with a modal.
    if (shortcut.type === 'message') await bot.responseTo(responseUrl);
    else await bot.fake.waitForCall('views.open');
    noErrors();
  });

  it.each(Object.keys(manifest.functions ?? {}))('workflow step %s', async (callbackId) => {
    await sendEvent(bot, mode, makeFunctionExecuted({ callback_id: callbackId }));
    await bot.fake.waitForCall('functions.completeSuccess');
    noErrors();
  });

  it('the topic menu and the modals it belongs to', async () => {
    await sendInteractive(
      bot,
      mode,
      makeBlockSuggestion({
        action_id: 'rolebot_owner_topic',
        block_id: 'rolebot_owner_topic',
        value: 'back',
      }),
    );
    for (const callbackId of ['rolebot_owner_picker', 'rolebot_owner_verdict', 'rolebot_feedback'])
      await sendInteractive(bot, mode, makeViewSubmission({ callback_id: callbackId }));
    noErrors();
  });
});
