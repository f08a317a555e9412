// Slack misbehaving: rate limits, 5xx beyond the retry budget, rejected blocks, slow Web API and
// failing response_urls. What the user sees and what is logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import type { ApiCall } from '../support/fake-slack.js';
import {
  asMessage,
  blockTexts,
  LEVEL,
  type Rolebot,
  startRolebot,
  useRolebot,
} from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeDirectMessage,
  makeEventEnvelope,
} from '../support/slack-payloads.js';

const SORRY = "Sorry, I couldn't answer that just now. Please try again in a moment.";
const bot = useRolebot({ mode: 'http' });

async function deliver(event: { type: string }) {
  const envelope = makeEventEnvelope(event);
  const result = await bot.post({ kind: 'event', json: envelope });
  expect(result.status).toBe(200);
  expect(result.ms).toBeLessThan(1_000);
  return envelope;
}

const inThread = (ts: string) => (call: ApiCall) =>
  call.args.channel === CHANNEL_ID && call.args.thread_ts === ts;

function threadPosts(ts: string): ApiCall[] {
  return bot.fake.callsTo('chat.postMessage').filter(inThread(ts));
}

describe('Web API faults', () => {
  it('waits out a 429 with Retry-After: 1 and still answers', async () => {
    bot.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await deliver(makeDirectMessage({ channel: 'D0RATE', text: 'who owns the backlog?' }));
    const answered = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'D0RATE' && c.fault === undefined,
      5_000,
    );
    const [limited] = bot.fake.callsTo('chat.postMessage');
    expect(limited?.fault).toEqual({ status: 429, retryAfter: 1 });
    expect(answered.at - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const message = asMessage(answered.args);
    expectValidMessage(message);
    expect(blockTexts(message).join('\n')).toContain('Owner: Product Owner');
  });

  it('logs an error with the event id after 500 beyond its retries, and keeps answering', async () => {
    bot.fake.fail('chat.postMessage', { status: 500 }, 4);
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap?` });
    const envelope = await deliver(mention);
    const error = await bot.waitForLog(
      (l) => l.level === LEVEL.error && l.eventId === envelope.event_id,
      10_000,
    );
    expect(error).toMatchObject({
      msg: 'could not answer a Slack request',
      kind: 'app_mention',
      err: { status: 500 },
    });
    // 1 try + 3 retries, all refused; then the apology in the same thread goes through.
    const sorry = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.fault === undefined && inThread(mention.ts)(c),
    );
    expect(sorry.args.text).toBe(SORRY);
    expect(threadPosts(mention.ts).map((c) => c.fault)).toEqual([
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      undefined,
    ]);
    // The 👀 is taken back even though the answer failed.
    await bot.fake.waitForCall('reactions.remove', (c) => c.args.timestamp === mention.ts);

    const next = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    await deliver(next);
    const answer = await bot.fake.waitForCall('chat.postMessage', inThread(next.ts));
    expect(answer.fault).toBeUndefined();
    expect(blockTexts(asMessage(answer.args)).join('\n')).toContain('Owner: Product Owner');
  });

  it('invalid_blocks on a mention answer (twice): logs the block types and sends the same answer as plain text', async () => {
    // Once for the native feedback buttons, once more for the plain vote buttons.
    bot.fake.fail('chat.postMessage', { error: 'invalid_blocks' }, 2);
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    await deliver(mention);
    const warning = await bot.waitForLog((l) =>
      /sending the answer as plain text/.test(l.msg ?? ''),
    );
    expect(warning).toMatchObject({ slackError: 'invalid_blocks' });
    // Which blocks were refused, by type; the blocks themselves (they quote the question) are
    // logged at debug only.
    expect(String(warning.blockTypes)).toContain('section');
    expect(warning.blocks).toBeUndefined();
    const plain = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.fault === undefined && inThread(mention.ts)(c),
    );
    // The rejected answer, minus its blocks: the verdict and the first passage as text.
    expect(String(plain.args.text)).toMatch(/Owner: Product Owner/);
    expect(plain.args.blocks ?? []).toEqual([]);
    expect(threadPosts(mention.ts)).toHaveLength(3);
    expect(bot.logs.some((l) => l.level === LEVEL.error)).toBe(false);
  });

  it('invalid_blocks on a compare card posted for a mention: sends the table-free fallback', async () => {
    bot.fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> compare pm po` });
    await deliver(mention);
    const fallback = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.fault === undefined && inThread(mention.ts)(c),
    );
    const rejected = asMessage(threadPosts(mention.ts)[0]?.args);
    expect(rejected.attachments?.[0]?.blocks?.[0]?.type).toBe('table');
    const message = asMessage(fallback.args);
    expectValidMessage(message);
    expectNoLiveMentions(message);
    expect(message.attachments ?? []).toEqual([]);
    const rows = (message.blocks ?? []).filter((b) => b.fields);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.fields).toHaveLength(2);
    expect(bot.logs.some((l) => /rejected the message blocks/.test(l.msg ?? ''))).toBe(true);
  });

  it('acks a mention at once even when the Web API is slow', async () => {
    bot.fake.fail('reactions.add', { delayMs: 1_500 });
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    await deliver(mention); // asserts the ack came back in < 1 s
    const answer = await bot.fake.waitForCall('chat.postMessage', inThread(mention.ts), 5_000);
    expectValidMessage(asMessage(answer.args));
  });
});

describe('response_url faults', () => {
  it('an expired response_url is logged, and no apology is sent to it', async () => {
    bot.fake.failResponses({ status: 404, body: 'expired_url' });
    const { ack, responseUrl } = await bot.slash('who owns the backlog?');
    expect(ack.status).toBe(200);
    const error = await bot.waitForLog((l) => l.level === LEVEL.error);
    expect(error).toMatchObject({ msg: 'could not answer a Slack request', kind: '/roles' });
    // A later command is answered; by then any apology to the dead URL would have been sent.
    const later = await bot.slash('help');
    await bot.responseTo(later.responseUrl, 0);
    expect(bot.fake.responses.filter((r) => r.url === responseUrl)).toHaveLength(1);
  });
});

describe('Web API timeouts', () => {
  let slow: Rolebot;
  beforeAll(async () => {
    slow = await startRolebot({ mode: 'http', apiTimeoutMs: 200 });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('retries a call that times out a bounded number of times, then logs it and apologises', async () => {
    // Every try of the answer (the first and the 3 retries) takes longer than the 200 ms limit.
    slow.fake.fail('chat.postMessage', { delayMs: 1_000 }, 4);
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    const envelope = makeEventEnvelope(mention);
    const ack = await slow.post({ kind: 'event', json: envelope });
    expect(ack.status).toBe(200);
    const error = await slow.waitForLog(
      (l) => l.level === LEVEL.error && l.eventId === envelope.event_id,
      15_000,
    );
    expect(error).toMatchObject({ msg: 'could not answer a Slack request', kind: 'app_mention' });
    const tries = slow.fake.callsTo('chat.postMessage').filter((c) => c.fault !== undefined);
    expect(tries).toHaveLength(4);
    const sorry = await slow.fake.waitForCall(
      'chat.postMessage',
      (c) => c.fault === undefined && c.args.thread_ts === mention.ts,
    );
    expect(sorry.args.text).toBe(SORRY);
  }, 20_000);
});
