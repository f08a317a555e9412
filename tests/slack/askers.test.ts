// Issue 15: who counts as asking. In a thread rolebot answered, only the person who asked gets
// follow-ups answered; anyone else's message there is their own conversation: not answered, not
// stored as a knowledge gap, not logged, not recorded as a processed event. And only the asker
// may replace a thread answer through its buttons; anyone else gets a private copy.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/store/sql.js';
import { openStoreWithSql, type Store } from '../../src/store/store.js';
import type { ApiCall } from '../support/fake-slack.js';
import { asMessage, buttonNamed, type Rolebot, startRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeBlockAction,
  makeChannelMessage,
  makeEventEnvelope,
  nextTs,
} from '../support/slack-payloads.js';

const ASKER = 'U0ASKER';
const OTHER = 'U0OTHER';
const PRIVATE = 'Bob, your performance review is Friday; salary band 4';

let bot: Rolebot;
let store: Store;
let sql: Sql;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'rolebot-askers-'));
  ({ store, sql } = await openStoreWithSql({ dataDir }));
  bot = await startRolebot({ mode: 'http', store });
}, 90_000);

afterAll(async () => {
  await bot?.close();
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const inThread = (ts: string) => (call: ApiCall) =>
  call.args.channel === CHANNEL_ID && call.args.thread_ts === ts;

async function deliver(event: { type: string }) {
  const envelope = makeEventEnvelope(event);
  expect((await bot.post({ kind: 'event', json: envelope })).status).toBe(200);
  return envelope;
}

/** Asks in a new thread as ASKER; resolves with rolebot's answer there. */
async function askInThread(text: string) {
  const mention = makeAppMention({ user: ASKER, text: `<@${BOT_USER_ID}> ${text}` });
  await deliver(mention);
  const answer = await bot.fake.waitForCall('chat.postMessage', inThread(mention.ts));
  return { mention, answer };
}

/** A mention answered in its own thread: everything delivered before it has been handled. */
async function marker() {
  const { mention } = await askInThread('who owns the backlog?');
  await bot.fake.waitForCall('reactions.remove', (c) => c.args.timestamp === mention.ts);
}

describe('thread follow-ups', () => {
  it("answers the asker's follow-up; someone else's message is neither answered, stored nor logged", async () => {
    const { mention } = await askInThread('who owns the roadmap?');
    bot.reset();

    const other = makeChannelMessage({ user: OTHER, text: PRIVATE, thread_ts: mention.ts });
    const otherEnvelope = await deliver(other);
    const followUp = makeChannelMessage({
      user: ASKER,
      text: 'and who owns zorblax frobnication?',
      thread_ts: mention.ts,
    });
    const followUpEnvelope = await deliver(followUp);
    // The asker's follow-up is answered ("I don't know") and kept as a gap…
    await bot.fake.waitForCall('reactions.remove', (c) => c.args.timestamp === followUp.ts);
    await marker();
    const replies = bot.fake.callsTo('chat.postMessage').filter(inThread(mention.ts));
    expect(replies).toHaveLength(1);
    const gaps = await sql.query<{ question: string }>('SELECT question FROM knowledge_gaps');
    expect(gaps.map((g) => g.question)).toEqual(['and who owns zorblax frobnication?']);
    // …while the other person's message left no trace: no reply, no 👀, no gap, no log line,
    // no processed-event row.
    expect(bot.fake.callsTo('reactions.add').map((c) => c.args.timestamp)).not.toContain(other.ts);
    expect(JSON.stringify(bot.logs)).not.toMatch(/salary|performance review/);
    expect(JSON.stringify(bot.logs)).not.toContain('zorblax');
    const claimed = await sql.query<{ event_id: string }>('SELECT event_id FROM processed_events');
    const ids = claimed.map((row) => row.event_id);
    expect(ids).toContain(followUpEnvelope.event_id);
    expect(ids).not.toContain(otherEnvelope.event_id);
  });
});

describe('buttons on a thread answer', () => {
  /** The ts Slack gave each posted message (the fake's default handler does not record it). */
  const postedTs = new Map<ApiCall, string>();
  function recordTimestamps() {
    bot.fake.handle('chat.postMessage', (call) => {
      const ts = nextTs();
      postedTs.set(call, ts);
      return { channel: String(call.args.channel), ts };
    });
  }

  function click(posted: ApiCall, user: string, label: string) {
    const message = asMessage(posted.args);
    const button = buttonNamed(message, label);
    const responseUrl = bot.fake.responseUrl();
    const ts = postedTs.get(posted) ?? '';
    const payload = makeBlockAction({
      user,
      action_id: button.actionId,
      value: button.value,
      response_url: responseUrl,
      message: { ts, thread_ts: String(posted.args.thread_ts), text: message.text ?? '' },
      container: { type: 'message', message_ts: ts, channel_id: CHANNEL_ID, is_ephemeral: false },
    });
    return { payload, responseUrl, ts };
  }

  it("gives a non-asker's More passages a private copy, and lets the asker replace the answer", async () => {
    bot.reset();
    recordTimestamps();
    const { answer } = await askInThread('what does a product manager do?');

    const theirs = click(answer, OTHER, 'More passages');
    expect((await bot.post({ kind: 'interactive', payload: theirs.payload })).status).toBe(200);
    const copy = asMessage((await bot.responseTo(theirs.responseUrl)).body);
    expect(copy).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(bot.fake.callsTo('chat.update')).toEqual([]);

    const mine = click(answer, ASKER, 'More passages');
    expect((await bot.post({ kind: 'interactive', payload: mine.payload })).status).toBe(200);
    const update = await bot.fake.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel: CHANNEL_ID, ts: mine.ts });
  });
});
