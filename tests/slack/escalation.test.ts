// "Ask a person" end to end in both modes: on "I don't know" and after a 👎, the question goes to
// the owners channel once per click, escaped, with who asked and a permalink to where; the
// asker is told where it went; more than three in ten minutes is refused kindly.
import { describe, expect, it } from 'vitest';
import { ACTION, encodeState } from '../../src/render/slack/actions.js';
import { ESCALATION_LIMITED } from '../../src/render/slack/escalation.js';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import {
  asMessage,
  blockTexts,
  buttonLabels,
  buttonNamed,
  useRolebot,
} from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeBlockAction,
  nextTs,
} from '../support/slack-payloads.js';
import { MODES, sendEvent, sendInteractive, vote } from '../support/surface-driver.js';

const OWNERS = 'C0OWNERS';
const HOSTILE =
  'is the <!channel> <@U0BOB> @here wifi & <https://evil.example|login> password set?';

describe.each(MODES)('"Ask a person" (%s)', (mode) => {
  const bot = useRolebot({ mode, ownersChannel: OWNERS });

  /** Clicks "Ask a person" on a thread answer (a message everyone there sees). */
  async function click(value: string, user = 'U0ALICE', messageTs = nextTs(), ephemeral = false) {
    const responseUrl = bot.fake.responseUrl();
    const payload = makeBlockAction({
      action_id: ACTION.escalate,
      value,
      user,
      response_url: responseUrl,
      message: { ts: messageTs, thread_ts: '1600000000.000042' },
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: CHANNEL_ID,
        is_ephemeral: ephemeral,
      },
    });
    await sendInteractive(bot, mode, payload);
    return { payload, responseUrl };
  }

  const toOwners = () =>
    bot.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === OWNERS);

  it('offers it on "I don\'t know", and posts the question once, escaped, with a permalink', async () => {
    const event = makeAppMention({ text: `<@${BOT_USER_ID}> what is the office wifi password?` });
    await sendEvent(bot, mode, event);
    const answer = asMessage(
      (await bot.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === event.ts)).args,
    );
    expectValidMessage(answer);
    const button = buttonNamed(answer, 'Ask a person');

    const { responseUrl } = await click(button.value);
    const posted = await bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === OWNERS);
    const post = asMessage(posted.args);
    expectValidMessage(post);
    // Only rolebot's own "asked by" names a person, from the id Slack signed.
    expectNoLiveMentions(post, { allow: ['<@U0ALICE>'] });
    const text = blockTexts(post).join('\n');
    expect(text).toContain('what is the office wifi password?');
    expect(text).toContain('Asked by <@U0ALICE>');
    // The thread's root: where the question was asked.
    expect(text).toContain(
      `<https://rolebot-test.slack.com/archives/${CHANNEL_ID}/p1600000000000042|where it was asked>`,
    );
    const told = asMessage((await bot.responseTo(responseUrl)).body);
    expect(told).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(told.text).toContain(`<#${OWNERS}>`);
    expect(told.text).toContain(`https://rolebot-test.slack.com/archives/${OWNERS}/p`);
    expect(toOwners()).toHaveLength(1);
  });

  it('never turns what was typed into a mention or a link', async () => {
    const { responseUrl } = await click(encodeState({ question: HOSTILE, offset: 0 }), 'U0HOST');
    await bot.responseTo(responseUrl);
    const post = asMessage(
      (await bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === OWNERS)).args,
    );
    expectNoLiveMentions(post, { allow: ['<@U0HOST>'] });
    const all = `${post.text}\n${blockTexts(post).join('\n')}`;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U0BOB>');
    expect(all).not.toContain('<https://evil');
    expect(all).not.toMatch(/@here/);
    expect(all).toContain('&lt;!channel&gt; &lt;@U0BOB&gt; @\u2060here wifi &amp;');
  });

  it('names the channel of a private /roles answer, which has no permalink', async () => {
    const responseUrl = bot.fake.responseUrl();
    const messageTs = nextTs();
    await sendInteractive(
      bot,
      mode,
      makeBlockAction({
        action_id: ACTION.escalate,
        value: encodeState({ question: 'who orders the team pizza?', offset: 0 }),
        user: 'U0PIZZA',
        response_url: responseUrl,
        container: {
          type: 'message',
          message_ts: messageTs,
          channel_id: CHANNEL_ID,
          is_ephemeral: true,
        },
      }),
    );
    await bot.responseTo(responseUrl);
    const post = asMessage(toOwners()[0]?.args);
    expect(blockTexts(post).join('\n')).toContain(`in <#${CHANNEL_ID}>`);
    expect(bot.fake.callsTo('chat.getPermalink').filter((c) => c.args.channel !== OWNERS)).toEqual(
      [],
    );
  });

  it('still asks when Slack will not give the links, says so in the log, and leaves them out', async () => {
    bot.fake.fail('chat.getPermalink', { error: 'internal_error' }, 2);
    const { responseUrl } = await click(
      encodeState({ question: 'who waters the office plants?', offset: 0 }),
      'U0DORA',
    );
    const told = String(asMessage((await bot.responseTo(responseUrl)).body).text);
    expect(told).toContain(`<#${OWNERS}>`);
    expect(told).not.toContain('your question there');
    expect(toOwners().some((c) => JSON.stringify(c.args).includes('office plants'))).toBe(true);
    await bot.waitForLog(
      (l) => l.msg === 'could not get a permalink for an escalation' && l.level === 40,
    );
    const warnings = bot.logs.filter(
      (l) => l.msg === 'could not get a permalink for an escalation',
    );
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });

  it('posts a quick second click once', async () => {
    const value = encodeState({ question: 'who signs off the office lease?', offset: 0 });
    const first = await click(value, 'U0CAROL', '1600000000.000777');
    await bot.responseTo(first.responseUrl);
    await sendInteractive(bot, mode, first.payload);
    await bot.waitForLog((l) => l.msg === 'repeated click ignored');
    expect(toOwners()).toHaveLength(1);
  });

  it('refuses a fourth escalation within ten minutes, kindly', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { responseUrl } = await click(
        encodeState({ question: `who books meeting room ${i}?`, offset: 0 }),
        'U0RATE',
      );
      texts.push(String(asMessage((await bot.responseTo(responseUrl)).body).text));
    }
    expect(toOwners()).toHaveLength(3);
    expect(texts.slice(0, 3).every((text) => text.includes(`<#${OWNERS}>`))).toBe(true);
    expect(texts[3]).toBe(ESCALATION_LIMITED);
  });

  it('offers it after a 👎, under the thanks', async () => {
    const event = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the backlog?` });
    await sendEvent(bot, mode, event);
    const answer = asMessage(
      (await bot.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === event.ts)).args,
    );
    expect(buttonLabels(answer)).not.toContain('Ask a person');
    const thanks = asMessage(
      await vote(bot, mode, answer, 'down', { message: { thread_ts: event.ts } }),
    );
    expectValidMessage(thanks);
    const button = buttonNamed(thanks, 'Ask a person');
    // The thanks is private: the button remembers the thread the answer was in.
    await click(button.value, 'U0DOWN', nextTs(), true);
    const post = asMessage(
      (await bot.fake.waitForCall('chat.postMessage', (c) => c.args.channel === OWNERS)).args,
    );
    const text = blockTexts(post).join('\n');
    expect(text).toContain('who owns the backlog?');
    expect(text).toContain(
      `https://rolebot-test.slack.com/archives/${CHANNEL_ID}/p${event.ts.replace('.', '')}|where it was asked>`,
    );
  });
});

describe('without an owners channel', () => {
  const bot = useRolebot({ mode: 'http' });

  it('shows no "Ask a person" button', async () => {
    const { responseUrl } = await bot.slash('what is the office wifi password?');
    const answer = asMessage((await bot.responseTo(responseUrl)).body);
    expect(blockTexts(answer).join('\n')).toMatch(/I don't know/);
    expect(buttonLabels(answer)).not.toContain('Ask a person');
  });
});
