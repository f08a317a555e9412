// `/roles config` end to end in both modes, over a real store: an admin opens the settings,
// picks a channel and saves; the next join there gets the welcome, the next question without a
// mention is answered (only a question, only one the knowledge covers), `/roles` answers there
// are public. A non-admin is refused and nothing opens. Two replicas over one Postgres agree.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_CHANNEL_ACTION } from '../../src/render/slack/config-modal.js';
import { NOT_ADMIN } from '../../src/slack/listeners/config.js';
import { openStore, type Store } from '../../src/store/store.js';
import { type FakeSlack, slashCommandEnvelope } from '../support/fake-slack.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';
import { useReplicas } from '../support/replicas.js';
import { asMessage, type Rolebot, startRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  makeAppMention,
  makeBlockAction,
  makeChannelMessage,
  makeMemberJoinedChannel,
  makeSlashCommand,
  makeViewOutput,
  makeViewSubmission,
} from '../support/slack-payloads.js';
import { MODES, type Mode, sendEvent, sendInteractive } from '../support/surface-driver.js';

const ADMIN = 'U0ADMIN';
const TEAM = 'C0TEAM';
const OWNERS = 'C0OWNERS';

/** `/roles <text>` in either mode; resolves with the response_url to read the answer from. */
async function slash(bot: Rolebot, mode: Mode, text: string, user: string, channel = TEAM) {
  const responseUrl = bot.fake.responseUrl();
  const command = makeSlashCommand({
    text,
    user_id: user,
    channel_id: channel,
    response_url: responseUrl,
  });
  if (mode === 'http') {
    expect((await bot.post({ kind: 'command', form: command })).status).toBe(200);
  } else {
    await bot.fake.socket.send(slashCommandEnvelope(command));
  }
  return { responseUrl, command };
}

const radio = (value: string) => ({
  type: 'radio_buttons',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});

/** What Slack sends when the admin saves the modal showing `channel`. */
function submission(channel: string, values: Record<string, string>, owners?: string) {
  return makeViewSubmission({
    callback_id: 'rolebot_config',
    user: ADMIN,
    private_metadata: JSON.stringify({ c: channel }),
    values: {
      config_channel: {
        [CONFIG_CHANNEL_ACTION]: { type: 'conversations_select', selected_conversation: channel },
      },
      ...Object.fromEntries(
        Object.entries(values).map(([name, value]) => [
          `${name}_${channel}`,
          { [name]: radio(value) },
        ]),
      ),
      config_owners: {
        owners: { type: 'conversations_select', selected_conversation: owners ?? null },
      },
    } as never,
  });
}

const TURN_ON = { welcome: 'on', unmentioned: 'questions', visibility: 'public' };

/** Sends `event` and then a marker mention, and waits for the marker's answer. */
async function thenMarker(bot: Rolebot, mode: Mode, event: { type: string }) {
  await sendEvent(bot, mode, event);
  const marker = makeAppMention({ text: `<@${BOT_USER_ID}> what does a product owner do?` });
  await sendEvent(bot, mode, marker);
  await bot.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === marker.ts);
}

const answeredIn = (fake: FakeSlack, ts: string) =>
  fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
const welcomedIn = (fake: FakeSlack, channel: string) =>
  fake.callsTo('chat.postEphemeral').filter((c) => c.args.channel === channel);

describe.each(MODES)('/roles config (%s)', (mode) => {
  let dir: string;
  let store: Store;
  let bot: Rolebot;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rolebot-settings-'));
    store = await openStore({ dataDir: path.join(dir, 'data') });
    bot = await startRolebot({ mode, store, admins: [ADMIN] });
  }, 90_000);

  afterAll(async () => {
    await bot?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a non-admin politely, and opens nothing', async () => {
    bot.reset();
    const { responseUrl } = await slash(bot, mode, 'config', 'U0EVE');
    const refused = asMessage((await bot.responseTo(responseUrl)).body);
    expect(refused).toMatchObject({ response_type: 'ephemeral', text: NOT_ADMIN });
    expect(bot.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0EVE']);
    expect(bot.fake.callsTo('views.open')).toHaveLength(0);
    // A forged submission by them changes nothing either.
    const forged = {
      ...submission(TEAM, TURN_ON),
      user: { id: 'U0EVE', name: 'eve', team_id: 'T0TEAM' },
    };
    const acked = await sendInteractive(bot, mode, forged);
    expect(JSON.stringify(acked.body)).toContain('errors');
    expect(await store.settings()).toEqual([]);
  });

  it('opens for a workspace admin as users.info reports them', async () => {
    bot.reset();
    bot.fake.handle('users.info', (call) => ({
      user: { id: call.args.user, is_admin: call.args.user === 'U0WSADMIN' },
    }));
    const { command } = await slash(bot, mode, 'config', 'U0WSADMIN');
    const opened = await bot.fake.waitForCall('views.open');
    expect(opened.args.trigger_id).toBe(command.trigger_id);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('rolebot_config');
  });

  it('changes a channel: the next join, question without a mention and /roles follow it', async () => {
    bot.reset();
    // Before: no welcome and no answer without a mention in the team channel.
    const early = makeChannelMessage({ channel: TEAM, text: 'who owns the product backlog?' });
    await sendEvent(bot, mode, makeMemberJoinedChannel({ channel: TEAM, user: 'U0NEW1' }));
    await thenMarker(bot, mode, early);
    expect(answeredIn(bot.fake, early.ts)).toHaveLength(0);
    expect(welcomedIn(bot.fake, TEAM)).toHaveLength(0);

    // The admin opens the settings in another channel, picks the team channel, saves.
    await slash(bot, mode, 'config', ADMIN, 'C0ROLES');
    const opened = await bot.fake.waitForCall('views.open');
    const view = opened.args.view as { private_metadata: string };
    expect(JSON.parse(view.private_metadata)).toEqual({ c: 'C0ROLES' });
    const pick = makeBlockAction({
      action_id: CONFIG_CHANNEL_ACTION,
      user: ADMIN,
      surface: 'home',
    });
    await sendInteractive(bot, mode, {
      ...pick,
      view: makeViewOutput({
        id: 'V0CONFIG',
        callback_id: 'rolebot_config',
        private_metadata: view.private_metadata,
        state: {
          values: {
            config_channel: {
              [CONFIG_CHANNEL_ACTION]: {
                type: 'conversations_select',
                selected_conversation: TEAM,
              },
            },
          } as never,
        },
      }),
    });
    const updated = await bot.fake.waitForCall('views.update');
    const shown = updated.args.view as {
      private_metadata: string;
      blocks: { block_id?: string }[];
    };
    expect(updated.args.view_id).toBe('V0CONFIG');
    expect(shown.blocks.map((block) => block.block_id)).toContain(`welcome_${TEAM}`);

    const saved = await sendInteractive(bot, mode, submission(TEAM, TURN_ON, OWNERS));
    expect(saved.body).toMatchObject({ response_action: 'update' });
    // Stored (and audited) before the modal said so.
    expect(await store.settings()).toEqual(
      expect.arrayContaining([
        { scope: TEAM, name: 'welcome', value: 'on' },
        { scope: TEAM, name: 'unmentioned', value: 'questions' },
        { scope: TEAM, name: 'visibility', value: 'public' },
        { scope: '', name: 'owners_channel', value: OWNERS },
      ]),
    );
    const audit = await store.settingsAudit(10);
    expect(audit.find((row) => row.scope === TEAM && row.name === 'welcome')).toMatchObject({
      changedBy: ADMIN,
      oldValue: null,
      newValue: 'on',
    });

    // After: the welcome, an answer without a mention (in a thread), public /roles answers.
    await sendEvent(bot, mode, makeMemberJoinedChannel({ channel: TEAM, user: 'U0NEW2' }));
    const welcome = await bot.fake.waitForCall(
      'chat.postEphemeral',
      (c) => c.args.channel === TEAM && c.args.user === 'U0NEW2',
    );
    expect(welcome.args.user).toBe('U0NEW2');
    const question = makeChannelMessage({ channel: TEAM, text: 'who owns the product backlog?' });
    await sendEvent(bot, mode, question);
    await bot.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === question.ts);
    const { responseUrl } = await slash(bot, mode, 'who owns the backlog?', 'U0ALICE');
    expect(asMessage((await bot.responseTo(responseUrl)).body).response_type).toBe('in_channel');
  });

  it('answers without a mention only questions the knowledge covers, storing nothing else', async () => {
    bot.reset();
    const statement = makeChannelMessage({ channel: TEAM, text: 'the product backlog is a mess' });
    const uncovered = makeChannelMessage({
      channel: TEAM,
      text: 'what is the office wifi password?',
    });
    await sendEvent(bot, mode, statement);
    await thenMarker(bot, mode, uncovered);
    expect(answeredIn(bot.fake, statement.ts)).toHaveLength(0);
    expect(answeredIn(bot.fake, uncovered.ts)).toHaveLength(0);
    expect((await store.topGaps(10)).map((gap) => gap.question)).not.toContain(
      'what is the office wifi password?',
    );
    expect(JSON.stringify(bot.logs)).not.toContain('wifi password');
  });
});

describe.skipIf(!TEST_DATABASE_URL)('/roles config on two replicas sharing one Postgres', () => {
  const cluster = useReplicas(TEST_DATABASE_URL as string, { admins: [ADMIN] });

  it('a change saved on one replica is followed by both at once', async () => {
    const [a, b] = cluster.replicas;
    const { fake } = cluster;
    fake.reset();
    const before = makeChannelMessage({ channel: TEAM, text: 'who owns the product backlog?' });
    await thenMarker(b, 'http', before);
    expect(answeredIn(fake, before.ts)).toHaveLength(0);

    const saved = await sendInteractive(a, 'http', submission(TEAM, TURN_ON));
    expect(saved.body).toMatchObject({ response_action: 'update' });

    for (const [replica, user] of [
      [b, 'U0NEWB'],
      [a, 'U0NEWA'],
    ] as const) {
      await sendEvent(replica, 'http', makeMemberJoinedChannel({ channel: TEAM, user }));
      await fake.waitForCall('chat.postEphemeral', (c) => c.args.user === user);
      const question = makeChannelMessage({ channel: TEAM, text: 'who owns the product backlog?' });
      await sendEvent(replica, 'http', question);
      await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === question.ts);
    }

    // Off again on B: A stops at once.
    expect(
      (await sendInteractive(b, 'http', submission(TEAM, { ...TURN_ON, unmentioned: 'off' }))).body,
    ).toMatchObject({
      response_action: 'update',
    });
    const after = makeChannelMessage({ channel: TEAM, text: 'who owns the product backlog?' });
    await thenMarker(a, 'http', after);
    expect(answeredIn(fake, after.ts)).toHaveLength(0);
  });
});
