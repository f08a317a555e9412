// Pacing and limits: posts per channel at Slack's pace (a burst queued in order, never dropped),
// and questions per person (20 a minute by default, then a friendly "slow down"), in both modes.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { ChannelPacer } from '../../src/slack/pacer.js';
import { RateLimiter, SLOW_DOWN } from '../../src/slack/rate-limit.js';
import { slashCommandEnvelope } from '../support/fake-slack.js';
import { asMessage, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  makeAppMention,
  makeDirectMessage,
  makeMessageShortcut,
  makeSlashCommand,
} from '../support/slack-payloads.js';
import { MODES, sendEvent, sendInteractive } from '../support/surface-driver.js';

/** A clock that only moves when the pacer sleeps: no test waits for real time. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('ChannelPacer', () => {
  it('starts sends in one channel at least a second apart, in order, dropping none', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ now: clock.now, sleep: clock.sleep });
    const started: [string, number][] = [];
    const sends = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      pacer.run('C1', async () => {
        started.push([name, clock.now()]);
        return name;
      }),
    );
    expect(await Promise.all(sends)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(started).toEqual([
      ['a', 0],
      ['b', 1_000],
      ['c', 2_000],
      ['d', 3_000],
      ['e', 4_000],
    ]);
  });

  it('does not make one channel wait for another', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ now: clock.now, sleep: clock.sleep });
    const started: string[] = [];
    await Promise.all([
      pacer.run('C1', async () => started.push('C1 first')),
      pacer.run('C2', async () => started.push('C2 first')),
      pacer.run('C1', async () => started.push('C1 second')),
    ]);
    expect(started.indexOf('C2 first')).toBeLessThan(started.indexOf('C1 second'));
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('passes a failed send to its caller and keeps the queue moving', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ now: clock.now, sleep: clock.sleep });
    const failed = pacer.run('C1', async () => {
      throw new Error('channel_not_found');
    });
    const next = pacer.run('C1', async () => 'sent');
    await expect(failed).rejects.toThrow('channel_not_found');
    expect(await next).toBe('sent');
    expect(pacer.queued('C1')).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('allows 20 questions a minute per person, then refuses until the minute has passed', () => {
    let now = 0;
    const limiter = new RateLimiter(20, 60_000, () => now);
    for (let i = 0; i < 20; i += 1) expect(limiter.take('U1')).toBe(true);
    expect(limiter.take('U1')).toBe(false);
    expect(limiter.take('U2')).toBe(true);
    now = 59_999;
    expect(limiter.take('U1')).toBe(false);
    now = 60_001;
    expect(limiter.take('U1')).toBe(true);
  });

  it('reads ROLEBOT_RATE_LIMIT (20 when unset) and names the variable when it is wrong', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    const read = (extra: Record<string, string>) =>
      readConfig({ ...env, ...extra }, '/tmp') as {
        rateLimitPerMinute?: number;
        postIntervalMs?: number;
      };
    expect(read({}).rateLimitPerMinute).toBe(20);
    expect(read({ ROLEBOT_RATE_LIMIT: '5' }).rateLimitPerMinute).toBe(5);
    expect(read({}).postIntervalMs).toBe(1_000);
    expect(read({ ROLEBOT_POST_INTERVAL_MS: '0' }).postIntervalMs).toBe(0);
    expect(() => read({ ROLEBOT_RATE_LIMIT: 'lots' })).toThrow(
      'config: ROLEBOT_RATE_LIMIT must be a whole number of questions per minute (1 or more), not "lots"',
    );
  });
});

describe.each(MODES)('limits end to end (%s)', (mode) => {
  const bot = useRolebot({ mode, rateLimitPerMinute: 3, postIntervalMs: 200 });

  async function slash(user: string, text: string) {
    const responseUrl = bot.fake.responseUrl();
    const command = makeSlashCommand({ text, user_id: user, response_url: responseUrl });
    if (mode === 'http') {
      expect((await bot.post({ kind: 'command', form: command })).status).toBe(200);
    } else {
      await bot.fake.socket.send(slashCommandEnvelope(command));
    }
    return asMessage((await bot.responseTo(responseUrl)).body);
  }

  it('answers 3 /roles questions a minute, then says "slow down", privately', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await slash('U0FAST', 'who owns the backlog?')).text).not.toBe(SLOW_DOWN);
    }
    const fourth = await slash('U0FAST', 'who owns the backlog?');
    expect(fourth).toMatchObject({ response_type: 'ephemeral', text: SLOW_DOWN });
    // Someone else is not slowed down, and help is not a question.
    expect((await slash('U0OTHER', 'who owns the roadmap?')).text).not.toBe(SLOW_DOWN);
    expect((await slash('U0FAST', 'help')).text).not.toBe(SLOW_DOWN);
  });

  it('tells a fast asker to slow down where they asked: a mention privately, a DM in the DM', async () => {
    const user = 'U0MENTION';
    for (let i = 0; i < 3; i += 1) {
      await sendEvent(bot, mode, dmQuestion(user, i));
    }
    await bot.fake.waitForCalls('chat.postMessage', 3);
    const mention = makeAppMention({ user, text: `<@${BOT_USER_ID}> who owns the backlog?` });
    await sendEvent(bot, mode, mention);
    const ephemeral = await bot.fake.waitForCall('chat.postEphemeral');
    expect(ephemeral.args).toMatchObject({ user, text: SLOW_DOWN, thread_ts: mention.ts });
    const dm = makeDirectMessage({ user, channel: 'D0MENTION', text: 'who owns the roadmap?' });
    await sendEvent(bot, mode, dm);
    const told = await bot.fake.waitForCall('chat.postMessage', (c) => c.args.text === SLOW_DOWN);
    expect(told.args.channel).toBe('D0MENTION');
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('counts the message shortcut too', async () => {
    const user = 'U0SHORTCUT';
    const urls: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const responseUrl = bot.fake.responseUrl();
      urls.push(responseUrl);
      await sendInteractive(bot, mode, makeMessageShortcut({ user, response_url: responseUrl }));
    }
    const last = asMessage((await bot.responseTo(urls[3] ?? '')).body);
    expect(last.text).toBe(SLOW_DOWN);
  });

  it('queues a burst of answers in one channel and drops none, without holding up others', async () => {
    const channel = 'C0BURST';
    const burst = ['A', 'B', 'C'].map((user) =>
      makeAppMention({
        user: `U0${user}BURST`,
        channel,
        text: `<@${BOT_USER_ID}> who owns the backlog?`,
      }),
    );
    for (const mention of burst) await sendEvent(bot, mode, mention);
    const elsewhere = makeAppMention({ user: 'U0QUIET', channel: 'C0QUIET' });
    await sendEvent(bot, mode, elsewhere);
    const posts = await bot.fake.waitForCalls('chat.postMessage', 4);
    const inBurst = posts.filter((c) => c.args.channel === channel);
    expect(inBurst.map((c) => c.args.thread_ts)).toEqual(burst.map((m) => m.ts));
    // The quiet channel's answer did not wait for the whole burst.
    const quiet = posts.findIndex((c) => c.args.channel === 'C0QUIET');
    expect(quiet).toBeLessThan(posts.lastIndexOf(inBurst.at(-1) as never));
  });
});

/** A DM question from `user` (the i-th), for spending their allowance. */
function dmQuestion(user: string, i: number) {
  return makeDirectMessage({ user, channel: `D0SPEND${i}`, text: 'who owns the backlog?' });
}
