// The other surfaces: the onboarding welcome for newcomers and the App Home tab (and its buttons).
import { describe, expect, it } from 'vitest';
import {
  expectNoLiveMentions,
  expectValidMessage,
  expectValidView,
} from '../support/block-kit-validator.js';
import type { ApiCall } from '../support/fake-slack.js';
import { asMessage, blockTexts, buttons, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppHomeOpened,
  makeBlockAction,
  makeEventEnvelope,
  makeMemberJoinedChannel,
} from '../support/slack-payloads.js';

const ONBOARDING = 'C0WELCOME';
const ROLE_NAMES = ['Product Manager', 'Product Owner', 'Project Manager'];
const bot = useRolebot({ mode: 'http', onboardingChannels: [ONBOARDING] });

async function deliver(event: { type: string }): Promise<void> {
  const result = await bot.post({ kind: 'event', json: makeEventEnvelope(event) });
  expect(result.status).toBe(200);
  expect(result.ms).toBeLessThan(1_000);
}

const welcomeFor = (user: string) => (call: ApiCall) => call.args.user === user;

describe('onboarding welcome', () => {
  it('greets a newcomer to an onboarding channel privately with the three roles', async () => {
    await deliver(makeMemberJoinedChannel({ user: 'U0NEWBIE', channel: ONBOARDING }));
    const call = await bot.fake.waitForCall('chat.postEphemeral', welcomeFor('U0NEWBIE'));
    expect(call.args).toMatchObject({ channel: ONBOARDING, user: 'U0NEWBIE' });
    const message = asMessage(call.args);
    expectValidMessage(message);
    expectNoLiveMentions(message, { allow: ['<@U0NEWBIE>'] });
    expect(message.text).toContain('<@U0NEWBIE>');

    const roleLines = blockTexts(message)
      .flatMap((text) => text.split('\n'))
      .filter((line) => ROLE_NAMES.some((role) => line.startsWith(`*${role}*: `)));
    expect(roleLines.map((line) => /^\*([^*]+)\*/.exec(line)?.[1])).toEqual(ROLE_NAMES);
    for (const line of roleLines) expect(line).toMatch(/: “.+” \(.+\)$/);

    const suggestions = buttons(message);
    expect(suggestions).toHaveLength(3);
    for (const button of suggestions) expect(button.actionId).toMatch(/^rolebot_suggest_\d+$/);
    expect(await bot.waitForLog((l) => l.msg === 'welcomed a newcomer')).toMatchObject({
      surface: 'welcome',
      channel: ONBOARDING,
    });
  });

  it('stays quiet in other channels and when the bot itself joins', async () => {
    await deliver(makeMemberJoinedChannel({ user: 'U0ELSEWHERE', channel: CHANNEL_ID }));
    await deliver(makeMemberJoinedChannel({ user: BOT_USER_ID, channel: ONBOARDING }));
    // Marker: a welcome that is due, sent after both; once it is out, the others were handled.
    await deliver(makeMemberJoinedChannel({ user: 'U0MARKER', channel: ONBOARDING }));
    await bot.fake.waitForCall('chat.postEphemeral', welcomeFor('U0MARKER'));
    expect(bot.fake.callsTo('chat.postEphemeral').map((c) => c.args.user)).toEqual(['U0MARKER']);
    expect(bot.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('lets a newcomer click a suggestion and get a private answer', async () => {
    await deliver(makeMemberJoinedChannel({ user: 'U0CLICKER', channel: ONBOARDING }));
    const welcome = await bot.fake.waitForCall('chat.postEphemeral', welcomeFor('U0CLICKER'));
    const first = buttons(asMessage(welcome.args))[0];
    expect(first).toBeDefined();
    const responseUrl = bot.fake.responseUrl();
    const payload = makeBlockAction({
      action_id: first?.actionId ?? '',
      value: first?.value ?? '',
      user: 'U0CLICKER',
      channel: ONBOARDING,
      response_url: responseUrl,
      container: {
        type: 'message',
        message_ts: '1700000001.000100',
        channel_id: ONBOARDING,
        is_ephemeral: true,
      },
    });
    expect((await bot.post({ kind: 'interactive', payload })).status).toBe(200);
    const reply = asMessage((await bot.responseTo(responseUrl)).body);
    expectValidMessage(reply);
    expectNoLiveMentions(reply);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockTexts(reply)[0]).toBe(`:grey_question: ${first?.label}`);
  });
});

describe('App Home', () => {
  it('publishes a valid Home view with the three roles for whoever opened it', async () => {
    await deliver(makeAppHomeOpened({ user: 'U0HOMER' }));
    const call = await bot.fake.waitForCall('views.publish');
    expect(call.args.user_id).toBe('U0HOMER');
    const view = call.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expectValidView(view);
    expectNoLiveMentions(view);
    const json = JSON.stringify(view);
    for (const role of ROLE_NAMES) expect(json).toContain(`*${role}*`);
  });

  it('ignores app_home_opened for the Messages tab', async () => {
    await deliver(makeAppHomeOpened({ user: 'U0MSGTAB', tab: 'messages' }));
    await deliver(makeAppHomeOpened({ user: 'U0MARKER' }));
    await bot.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U0MARKER');
    expect(bot.fake.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0MARKER']);
  });

  it('answers a suggestion clicked on the Home tab in a DM to the user', async () => {
    await deliver(makeAppHomeOpened({ user: 'U0HOMER' }));
    const published = await bot.fake.waitForCall('views.publish');
    const view = published.args.view as { blocks: never[] };
    const suggestion = buttons({ blocks: view.blocks })[0];
    expect(suggestion?.actionId).toMatch(/^rolebot_suggest_\d+$/);
    const payload = makeBlockAction({
      action_id: suggestion?.actionId ?? '',
      value: suggestion?.value ?? '',
      user: 'U0HOMER',
      surface: 'home',
    });
    const result = await bot.post({ kind: 'interactive', payload });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(1_000);
    const call = await bot.fake.waitForCall('chat.postMessage');
    expect(call.args.channel).toBe('U0HOMER');
    const message = asMessage(call.args);
    expectValidMessage(message);
    expectNoLiveMentions(message);
    expect(blockTexts(message)[0]).toBe(`:grey_question: ${suggestion?.label}`);
    // A DM answer has nothing to share into: no "Share in channel".
    expect(buttons(message).map((b) => b.label)).not.toContain('Share in channel');
    expect(bot.fake.responses).toEqual([]);
  });
});
