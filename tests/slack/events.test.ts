// Events API over HTTP: mentions, thread follow-ups, DMs, loops that must not happen, and Slack's
// redeliveries of the same event.
import { describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import type { ApiCall } from '../support/fake-slack.js';
import { asMessage, blockTexts, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_ID,
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeChannelMessage,
  makeDirectMessage,
  makeEventEnvelope,
} from '../support/slack-payloads.js';
import type { PostSlackOptions } from '../support/slack-requests.js';

const bot = useRolebot({ mode: 'http' });

/** Delivers an event over HTTP; Slack expects the empty 200 ack well within 3 s. */
async function deliver(event: { type: string }, options?: PostSlackOptions, eventId?: string) {
  const envelope = makeEventEnvelope(event, eventId ? { event_id: eventId } : {});
  const result = await bot.post({ kind: 'event', json: envelope }, options);
  expect(result.status).toBe(200);
  expect(result.ms).toBeLessThan(1_000);
  return envelope;
}

const postsIn = (channel: string, threadTs?: string) => (call: ApiCall) =>
  call.args.channel === channel && call.args.thread_ts === threadTs;

function postsTo(channel: string, threadTs?: string): ApiCall[] {
  return bot.fake.callsTo('chat.postMessage').filter(postsIn(channel, threadTs));
}

/** A mention in its own channel, answered: everything delivered before it has been handled. */
async function marker(): Promise<void> {
  // A mention (👀 first, then the answer) sent last takes at least as long as anything before it.
  const channel = `C0MARK${Math.floor(Math.random() * 1e6)}`;
  const event = makeAppMention({ channel, text: `<@${BOT_USER_ID}> who owns the backlog?` });
  await deliver(event);
  await bot.fake.waitForCall('chat.postMessage', postsIn(channel, event.ts));
}

function checkAnswer(call: ApiCall) {
  const message = asMessage(call.args);
  expectValidMessage(message);
  expectNoLiveMentions(message);
  return message;
}

describe('app_mention', () => {
  it('reacts with 👀, answers in a thread under the message, then removes the 👀', async () => {
    const event = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap?` });
    await deliver(event);
    const reply = await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, event.ts));
    const removed = await bot.fake.waitForCall(
      'reactions.remove',
      (c) => c.args.timestamp === event.ts,
    );
    const added = bot.fake.callsTo('reactions.add');
    expect(added).toHaveLength(1);
    expect(added[0]?.args).toMatchObject({
      channel: CHANNEL_ID,
      timestamp: event.ts,
      name: 'eyes',
    });
    expect(removed.args).toMatchObject({ channel: CHANNEL_ID, timestamp: event.ts, name: 'eyes' });
    const order = bot.fake.calls.map((c) => c.method);
    expect(order.indexOf('reactions.add')).toBeLessThan(order.indexOf('chat.postMessage'));
    expect(order.indexOf('chat.postMessage')).toBeLessThan(order.indexOf('reactions.remove'));

    const message = checkAnswer(reply);
    // The bot's own mention is stripped from the question it echoes.
    expect(blockTexts(message)[0]).toBe(':grey_question: who owns the roadmap?');
    expect(JSON.stringify(message)).not.toContain(BOT_USER_ID);
    expect(blockTexts(message).join('\n')).toContain('Owner: Product Manager');
  });

  it('answers a mention inside a thread in that thread', async () => {
    const parent = makeAppMention({ text: 'a parent message' }).ts;
    const event = makeAppMention({
      text: `<@${BOT_USER_ID}> who owns the backlog?`,
      thread_ts: parent,
    });
    await deliver(event);
    const reply = await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, parent));
    checkAnswer(reply);
    // The 👀 goes on the mention itself, not on the thread's parent.
    await bot.fake.waitForCall('reactions.remove', (c) => c.args.timestamp === event.ts);
    expect(bot.fake.callsTo('reactions.add').map((c) => c.args.timestamp)).toEqual([event.ts]);
    expect(postsTo(CHANNEL_ID, event.ts)).toEqual([]);
  });
});

describe('thread follow-ups', () => {
  it('answers a follow-up without a mention in a thread rolebot answered', async () => {
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap?` });
    await deliver(mention);
    await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, mention.ts));
    await bot.fake.waitForCall('reactions.remove');
    bot.reset();

    const followUp = makeChannelMessage({ text: 'and the backlog?', thread_ts: mention.ts });
    await deliver(followUp);
    const reply = await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, mention.ts));
    checkAnswer(reply);
    await bot.fake.waitForCall('reactions.remove', (c) => c.args.timestamp === followUp.ts);
    expect(bot.fake.callsTo('reactions.add').map((c) => c.args.timestamp)).toEqual([followUp.ts]);
  });

  it('answers a thread message that mentions the bot once, not twice', async () => {
    const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap?` });
    await deliver(mention);
    await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, mention.ts));
    bot.reset();

    // Slack delivers both an app_mention and a message event for the same thread reply.
    const ts = makeChannelMessage().ts;
    const text = `<@${BOT_USER_ID}> who owns the backlog?`;
    await deliver(makeAppMention({ text, ts, thread_ts: mention.ts }));
    await deliver(makeChannelMessage({ text, ts, thread_ts: mention.ts }));
    await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, mention.ts));
    await marker();
    expect(postsTo(CHANNEL_ID, mention.ts)).toHaveLength(1);
  });

  it('ignores messages in threads rolebot is not part of', async () => {
    const elsewhere = makeChannelMessage({ text: 'unrelated' }).ts;
    await deliver(makeChannelMessage({ text: 'who owns the backlog?', thread_ts: elsewhere }));
    await deliver(makeChannelMessage({ text: 'who owns the backlog? (top level)' }));
    await marker();
    expect(postsTo(CHANNEL_ID, elsewhere)).toEqual([]);
    expect(
      bot.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL_ID),
    ).toEqual([]);
    expect(bot.fake.callsTo('reactions.add').filter((c) => c.args.channel === CHANNEL_ID)).toEqual(
      [],
    );
  });
});

describe('direct messages', () => {
  it('answers a DM in the DM, without a thread or reactions', async () => {
    const dm = makeDirectMessage({ channel: 'D0DM1', text: 'who owns the backlog?' });
    await deliver(dm);
    const reply = await bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0DM1');
    expect(reply.args.thread_ts).toBeUndefined();
    const message = checkAnswer(reply);
    expect(blockTexts(message).join('\n')).toContain('Owner: Product Owner');
  });

  it('treats "compare pm po" in a DM like the slash command', async () => {
    await deliver(makeDirectMessage({ channel: 'D0DM2', text: 'compare pm po' }));
    const reply = await bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0DM2');
    const message = checkAnswer(reply);
    expect(message.attachments?.[0]?.blocks?.[0]?.type).toBe('table');
  });

  it('ignores bot messages, edits and its own messages (no loops)', async () => {
    const channel = 'D0LOOP';
    await deliver(makeDirectMessage({ channel, bot_id: 'B0OTHER', text: 'who owns the backlog?' }));
    await deliver(
      makeDirectMessage({ channel, subtype: 'message_changed', text: 'who owns the backlog?' }),
    );
    await deliver(makeDirectMessage({ channel, user: BOT_USER_ID, text: 'who owns the backlog?' }));
    await deliver(
      makeDirectMessage({
        channel,
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        text: 'Owner: Product Owner',
      }),
    );
    await marker();
    expect(bot.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel)).toEqual(
      [],
    );
  });
});

describe('redeliveries', () => {
  it('answers an event delivered three times (retry headers 1 and 2) once', async () => {
    const event = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    const first = await deliver(event);
    await deliver(event, { retryNum: 1, retryReason: 'http_timeout' }, first.event_id);
    await deliver(event, { retryNum: 2, retryReason: 'http_timeout' }, first.event_id);
    await bot.fake.waitForCall('chat.postMessage', postsIn(CHANNEL_ID, event.ts));
    await marker();
    expect(postsTo(CHANNEL_ID, event.ts)).toHaveLength(1);
    expect(
      bot.fake.callsTo('reactions.add').filter((c) => c.args.timestamp === event.ts),
    ).toHaveLength(1);
    const duplicates = bot.logs.filter(
      (l) => l.msg === 'duplicate event delivery ignored' && l.eventId === first.event_id,
    );
    expect(duplicates).toHaveLength(2);
  });
});
