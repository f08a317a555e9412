// Hostile text typed by people, through every way it reaches rolebot (mention, DM, /roles, a
// shared button value): every message rolebot produces must be valid Block Kit and ping nobody,
// except the ids rolebot adds on purpose from Slack's own payloads.
import { describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import { LEVEL, producedMessages, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeBlockAction,
  makeDirectMessage,
  makeEventEnvelope,
  USER_ID,
} from '../support/slack-payloads.js';

const bot = useRolebot({ mode: 'http' });

/** mulberry32: the same "random" text on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789',
  ...'<>&|@!#*_~`>:;?"\'\\/[]{}()',
  '<!channel>',
  '<!here>',
  '<@U123>',
  '<!subteam^S1>',
  '&amp;',
  '&lt;',
  '@channel',
  '\n',
  '\t',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u200b',
  '\u202e',
  'שלום',
  'مرحبا',
  '漢字',
  '🧑‍💻',
  '👍🏽',
  '🇩🇪',
  ':rocket:',
  'pm',
  'po',
  'backlog',
  'owner',
];

function randomText(length: number, seed: number): string {
  const next = seeded(seed);
  let text = '';
  while (text.length < length) text += PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return text.slice(0, length);
}

const CASES: [string, string][] = [
  ['broadcast', '<!channel> who owns the roadmap?'],
  ['labelled broadcast', '<!here|here> who owns the backlog? <!everyone>'],
  ['user mention', '<@U123> what does a PM do? <@U0CAROL|carol>'],
  ['user group', '<!subteam^S0TEAM|@product> who owns the vision?'],
  ['channel link', '<#C1|x> who owns the vision?'],
  ['link', '<https://x|y> who owns the roadmap? <https://evil.example/?a=1&b=2|click me>'],
  ['raw markup', '&<> who owns the <backlog> & roadmap?'],
  ['escaped markup', '&amp;&lt;&gt; who owns the &lt;!channel&gt; backlog?'],
  ['bare broadcasts', '@channel @here @everyone who owns the roadmap?'],
  ['mrkdwn', '*bold* _it_ ~s~ `code` ```block``` >quote who owns the backlog?'],
  ['emoji', '🧑‍💻 who owns the backlog? 🚀🔥 :rocket: 👍🏽'],
  ['rtl', 'מי אחראי על ה-backlog? \u202ewho owns the roadmap\u202c من يملك'],
  ['control characters', 'who\u0000owns\u0007the\u001bbacklog?\u007f\r\n\u2028'],
  ['owner of a broadcast', 'owner <!channel> <@U123>'],
  ['compare topic', 'compare pm po <!here> <@U123> &<>'],
  ['5,000 random characters', randomText(5_000, 42)],
  ['5,000 more random characters', randomText(5_000, 7)],
];

function checkEverything(allow: string[]): number {
  const messages = producedMessages(bot.fake);
  for (const { where, message } of messages) {
    try {
      expectValidMessage(message);
      expectNoLiveMentions(message, { allow });
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }
  expect(bot.logs.filter((l) => l.level >= LEVEL.error)).toEqual([]);
  return messages.length;
}

describe('hostile text', () => {
  it.each(CASES)(
    '%s: mention, DM and /roles answers are valid and ping nobody',
    async (_, text) => {
      const mention = makeAppMention({ text: `<@${BOT_USER_ID}> ${text}` });
      const dmChannel = `D0H${Math.floor(Math.random() * 1e8)}`;
      const [, , slash] = await Promise.all([
        bot.post({ kind: 'event', json: makeEventEnvelope(mention) }),
        bot.post({
          kind: 'event',
          json: makeEventEnvelope(makeDirectMessage({ channel: dmChannel, text })),
        }),
        bot.slash(text),
      ]);
      await Promise.all([
        bot.fake.waitForCall(
          'chat.postMessage',
          (c) => c.args.channel === CHANNEL_ID && c.args.thread_ts === mention.ts,
        ),
        bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === dmChannel),
        bot.responseTo(slash.responseUrl),
      ]);
      // The asker's own id comes from Slack's payload (a compare is "Posted by" them).
      expect(checkEverything([`<@${USER_ID}>`])).toBe(3);
    },
  );

  it.each(CASES)('%s: shared to the channel, credits only the sharer', async (_, text) => {
    const responseUrl = bot.fake.responseUrl();
    const value = JSON.stringify({ q: text.slice(0, 1_500), o: 0 });
    const payload = makeBlockAction({
      action_id: 'rolebot_share',
      value: value.length <= 2_000 ? value : JSON.stringify({ q: text.slice(0, 400), o: 0 }),
      user: 'U0SHARER',
      response_url: responseUrl,
    });
    expect((await bot.post({ kind: 'interactive', payload })).status).toBe(200);
    await bot.responseTo(responseUrl, 1); // the in_channel answer, then delete_original
    expect(checkEverything(['<@U0SHARER>'])).toBe(1);
  });
});
