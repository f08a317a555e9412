// Socket Mode end to end: the real SocketModeReceiver connects to the fake's WebSocket, acks
// envelopes, answers through response_url / the Web API, dedupes retries and reconnects.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import { eventsApiEnvelope, slashCommandEnvelope } from '../support/fake-slack.js';
import {
  APP_TOKEN,
  asMessage,
  blockTexts,
  type Rolebot,
  startRolebot,
} from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeEventEnvelope,
  makeSlashCommand,
} from '../support/slack-payloads.js';
import { freePort } from '../support/slack-requests.js';

let bot: Rolebot;
const slowest = { ack: 0, answer: 0 };

beforeAll(async () => {
  bot = await startRolebot({ mode: 'socket', clientPingTimeoutMs: 500 });
});

afterAll(async () => {
  await bot?.close();
  console.log(
    `[rolebot socket] slowest slash ack: ${slowest.ack} ms; ` +
      `slowest envelope → response_url answer: ${slowest.answer} ms`,
  );
});

beforeEach(() => {
  bot.reset();
});

/** `/roles <text>` over the socket: acked in < 1 s, answered through the response_url. */
async function slash(text: string) {
  const responseUrl = bot.fake.responseUrl();
  const envelope = slashCommandEnvelope(makeSlashCommand({ text, response_url: responseUrl }));
  const sentAt = Date.now();
  const ack = await bot.fake.socket.send(envelope);
  expect(ack.envelope_id).toBe(envelope.envelope_id);
  expect(ack.at - sentAt).toBeLessThan(1_000);
  slowest.ack = Math.max(slowest.ack, ack.at - sentAt);
  const response = await bot.responseTo(responseUrl);
  slowest.answer = Math.max(slowest.answer, response.at - sentAt);
  const message = asMessage(response.body);
  expectValidMessage(message);
  expectNoLiveMentions(message, { allow: ['<@U0ALICE>'] });
  return message;
}

/** An app_mention over the socket, acked; resolves with rolebot's threaded answer. */
async function mention(text: string, options: { eventId?: string; retryAttempt?: number } = {}) {
  const event = makeAppMention({ text: `<@${BOT_USER_ID}> ${text}` });
  const body = makeEventEnvelope(event, options.eventId ? { event_id: options.eventId } : {});
  const ack = await bot.fake.socket.send(
    eventsApiEnvelope(body, options.retryAttempt ? { retryAttempt: options.retryAttempt } : {}),
  );
  expect(ack.envelope_id).toBeDefined();
  const reply = await bot.fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === CHANNEL_ID && c.args.thread_ts === event.ts,
  );
  const message = asMessage(reply.args);
  expectValidMessage(message);
  expectNoLiveMentions(message);
  return { event, body, message };
}

describe('Socket Mode', () => {
  it('connects with the app-level token', () => {
    expect(bot.fake.socket.connected()).toBe(true);
    expect(bot.fake.socket.connectionCount).toBe(1);
  });

  it('acks a slash command at once and answers it through the response_url', async () => {
    const message = await slash('who owns the backlog?');
    expect(message.response_type).toBe('ephemeral');
    expect(blockTexts(message).join('\n')).toContain('Owner: Product Owner');
    expect(bot.fake.callsTo('apps.connections.open')).toEqual([]);
  });

  it('answers an app_mention, and not again when Slack retries the same event', async () => {
    const { body, event, message } = await mention('who owns the roadmap?');
    expect(blockTexts(message)[0]).toBe(':grey_question: who owns the roadmap?');

    // The redelivery carries the same event_id in a new envelope.
    const retry = eventsApiEnvelope(body, { retryAttempt: 1, retryReason: 'timeout' });
    await bot.fake.socket.send(retry);
    await bot.waitForLog(
      (l) => l.msg === 'duplicate event delivery ignored' && l.eventId === body.event_id,
    );
    await mention('who owns the backlog?'); // marker: answered after the retry was handled
    expect(
      bot.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === event.ts),
    ).toHaveLength(1);
  });

  it('reconnects after a refresh_requested disconnect and keeps answering', async () => {
    const before = bot.fake.socket.connectionCount;
    bot.fake.socket.disconnect('refresh_requested');
    await bot.fake.socket.waitForConnection(before + 1, 5_000);
    expect(bot.fake.socket.connectionCount).toBe(before + 1);
    const opened = bot.fake.callsTo('apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.token).toBe(APP_TOKEN);
    await slash('compare pm po');
    await mention('who owns the backlog?');
  });

  it('reconnects after the connection drops and answers the next envelope', async () => {
    const before = bot.fake.socket.connectionCount;
    bot.fake.socket.drop();
    await bot.fake.socket.waitForConnection(before + 1, 5_000);
    expect(bot.fake.socket.connectionCount).toBe(before + 1);
    const message = await slash('owner roadmap');
    expect(blockTexts(message).join('\n')).toMatch(/sources disagree/i);
  });
});

describe('Socket Mode health check', () => {
  it('serves GET /healthz on PORT for containers, though Slack needs no inbound port', async () => {
    const port = await freePort();
    const withHealth = await startRolebot({
      mode: 'socket',
      clientPingTimeoutMs: 500,
      healthPort: port,
    });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ready: true });
    } finally {
      await withHealth.close();
    }
  });
});
