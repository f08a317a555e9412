// Proves the fake Slack speaks the same wire protocol as Slack, using the real clients: WebClient,
// SocketModeClient and a Bolt App (HTTP and Socket Mode). Nothing inside them is mocked.
import { App } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  captureLogger,
  eventsApiEnvelope,
  type FakeSlack,
  interactiveEnvelope,
  slashCommandEnvelope,
  startFakeSlack,
} from './fake-slack.js';
import {
  BOT_ID,
  BOT_USER_ID,
  makeAppMention,
  makeBlockAction,
  makeEventEnvelope,
  makeSlashCommand,
} from './slack-payloads.js';
import { nowSeconds, postSlack, startHttpApp } from './slack-requests.js';

const SIGNING_SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test';
const APP_TOKEN = 'xapp-test';

// Cleanups run in reverse order after each test: stop clients/apps before closing the fake.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  return fake;
}

describe('fake Slack Web API with the real WebClient', () => {
  it('records chat.postMessage with decoded blocks and the bearer token', async () => {
    const fake = await fakeSlack();
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logger: captureLogger() });
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*Billing* is owned by Ana' } },
    ];

    const result = await client.chat.postMessage({ channel: 'C0ROLES', text: 'answer', blocks });

    expect(result).toMatchObject({ ok: true, channel: 'C0ROLES', ts: '1700000000.000100' });
    expect(result.message).toMatchObject({ user: BOT_USER_ID, bot_id: BOT_ID, blocks });
    const call = await fake.waitForCall('chat.postMessage');
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.args).toMatchObject({ channel: 'C0ROLES', text: 'answer', blocks });
    expect((await client.auth.test()).user_id).toBe(BOT_USER_ID);
  });

  it('answers 429 with Retry-After, which WebClient waits out and retries', async () => {
    const fake = await fakeSlack();
    const client = new WebClient(BOT_TOKEN, {
      slackApiUrl: fake.apiUrl,
      logger: captureLogger(),
      // minTimeout 0 removes p-retry's own backoff, so the gap measured below is Retry-After alone.
      retryConfig: { retries: 2, minTimeout: 0 },
    });
    const rateLimited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });

    const result = await client.chat.postMessage({ channel: 'C0ROLES', text: 'hi' });

    expect(result.ok).toBe(true);
    const [first, second] = fake.callsTo('chat.postMessage');
    expect(first?.fault).toEqual({ status: 429, retryAfter: 1 });
    expect(second?.fault).toBeUndefined();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(rateLimited).toEqual([1]);
  });

  it('surfaces { ok: false } as a platform error and retries 5xx', async () => {
    const fake = await fakeSlack();
    const client = new WebClient(BOT_TOKEN, {
      slackApiUrl: fake.apiUrl,
      logger: captureLogger(),
      retryConfig: { retries: 1, minTimeout: 0 },
    });
    fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    await expect(client.chat.postMessage({ channel: 'C0ROLES', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'invalid_blocks' },
    });

    fake.fail('reactions.add', { status: 503 });
    await expect(
      client.reactions.add({ channel: 'C0ROLES', timestamp: '1.2', name: 'eyes' }),
    ).resolves.toMatchObject({ ok: true });
    expect(fake.callsTo('reactions.add').map((c) => c.fault)).toEqual([{ status: 503 }, undefined]);

    fake.fail('reactions.add', { status: 500 }, 2);
    await expect(
      client.reactions.add({ channel: 'C0ROLES', timestamp: '1.2', name: 'eyes' }),
    ).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });

    await expect(client.apiCall('no.such.method')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    await expect(
      new WebClient(undefined, { slackApiUrl: fake.apiUrl, logger: captureLogger() }).auth.test(),
    ).rejects.toMatchObject({ data: { error: 'not_authed' } });
  });
});

describe('fake Socket Mode with the real SocketModeClient', () => {
  it('connects, delivers envelopes, receives acks and survives disconnect and drop', async () => {
    const fake = await fakeSlack();
    const client = new SocketModeClient({
      appToken: APP_TOKEN,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logger: captureLogger(),
      // Also the reconnect delay (clientPingTimeout x consecutive failures): 5 s by default.
      clientPingTimeout: 500,
    });
    const received: { type: string; retryNum: unknown; retryReason: unknown; body: unknown }[] = [];
    client.on('slack_event', async ({ ack, type, body, retry_num, retry_reason }) => {
      received.push({ type, retryNum: retry_num, retryReason: retry_reason, body });
      await ack(type === 'slash_commands' ? { text: 'on it' } : undefined);
    });
    cleanups.push(() => client.disconnect());

    await client.start();
    expect(fake.socket.connected()).toBe(true);
    expect(fake.socket.connectionCount).toBe(1);
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);

    const body = makeEventEnvelope(makeAppMention({ text: `<@${BOT_USER_ID}> who owns billing?` }));
    const envelope = eventsApiEnvelope(body, { retryAttempt: 1, retryReason: 'timeout' });
    const ack = await fake.socket.send(envelope);
    expect(ack).toMatchObject({ envelope_id: envelope.envelope_id, payload: {} });
    expect(received[0]).toEqual({ type: 'events_api', retryNum: 1, retryReason: 'timeout', body });

    fake.socket.disconnect('refresh_requested');
    await fake.socket.waitForConnection(2);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    const command = slashCommandEnvelope(makeSlashCommand({ text: 'billing' }));
    expect((await fake.socket.send(command)).payload).toEqual({ text: 'on it' });

    fake.socket.drop();
    await fake.socket.waitForConnection(3);
    const click = interactiveEnvelope(makeBlockAction({ action_id: 'helpful', value: 'yes' }));
    expect((await fake.socket.send(click)).envelope_id).toBe(click.envelope_id);
    expect(received.map((r) => r.type)).toEqual(['events_api', 'slash_commands', 'interactive']);
  });
});

describe('a real Bolt App against the fake', () => {
  it('HTTP mode: url_verification, signature checks, ack + respond, events with retry headers', async () => {
    const fake = await fakeSlack();
    const logger = captureLogger();
    const app = new App({
      signingSecret: SIGNING_SECRET,
      token: BOT_TOKEN,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logger,
    });
    app.command('/roles', async ({ ack, respond }) => {
      await ack();
      await respond('hi');
    });
    app.event('app_mention', async ({ event, client, context }) => {
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.ts,
        text: `retry ${context.retryNum}/${context.retryReason}`,
      });
    });
    const { eventsUrl } = await startHttpApp(app);
    cleanups.push(() => app.stop());
    // With a token and no botUserId, Bolt calls auth.test right in the constructor.
    expect((await fake.waitForCall('auth.test')).token).toBe(BOT_TOKEN);

    const challenge = { token: 'x', challenge: 'c-123', type: 'url_verification' };
    const verified = await postSlack(eventsUrl, SIGNING_SECRET, { kind: 'event', json: challenge });
    expect(verified).toMatchObject({ status: 200, body: { challenge: 'c-123' } });

    const badSignature = await postSlack(
      eventsUrl,
      SIGNING_SECRET,
      { kind: 'event', json: challenge },
      { badSignature: true },
    );
    expect(badSignature.status).toBe(401);
    const stale = await postSlack(
      eventsUrl,
      SIGNING_SECRET,
      { kind: 'event', json: challenge },
      { timestamp: nowSeconds() - 6 * 60 },
    );
    expect(stale.status).toBe(401);

    const responseUrl = fake.responseUrl('roles-1');
    const form = makeSlashCommand({ text: 'billing', response_url: responseUrl });
    const command = await postSlack(eventsUrl, SIGNING_SECRET, { kind: 'command', form });
    expect(command).toMatchObject({ status: 200, text: '' });
    expect((await fake.waitForResponse((r) => r.id === 'roles-1')).body).toEqual({ text: 'hi' });

    const mention = makeEventEnvelope(makeAppMention({ channel: 'C0ROLES' }));
    const delivered = await postSlack(
      eventsUrl,
      SIGNING_SECRET,
      { kind: 'event', json: mention },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    expect(delivered.status).toBe(200);
    const reply = await fake.waitForCall('chat.postMessage');
    expect(reply.token).toBe(BOT_TOKEN);
    expect(reply.args).toMatchObject({
      channel: 'C0ROLES',
      thread_ts: mention.event.ts,
      text: 'retry 1/http_timeout',
    });
  });

  it('Socket Mode: acks with a payload over the socket and responds via response_url', async () => {
    const fake = await fakeSlack();
    const app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logger: captureLogger(),
    });
    app.command('/roles', async ({ ack, respond }) => {
      await ack({ text: 'working on it' });
      await respond({ text: 'done', response_type: 'ephemeral' });
    });
    await app.start();
    cleanups.push(() => app.stop());

    const command = makeSlashCommand({ text: 'billing', response_url: fake.responseUrl('sm-1') });
    const ack = await fake.socket.send(slashCommandEnvelope(command));
    expect(ack.payload).toEqual({ text: 'working on it' });
    const response = await fake.waitForResponse((r) => r.id === 'sm-1');
    expect(response.body).toEqual({ text: 'done', response_type: 'ephemeral' });
  });
});
