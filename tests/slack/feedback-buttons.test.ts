// 👍/👎 as Slack's native feedback buttons (context_actions → feedback_buttons), end to end in
// both modes: the vote is recorded as before, 👎 still asks "what were you looking for?", and an
// answer Slack refuses with the newer block goes out again with the plain vote buttons.
import { describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import { asMessage, buttonLabels, useRolebot } from '../support/rolebot-app.js';
import {
  BOT_USER_ID,
  CHANNEL_ID,
  makeAppMention,
  makeFeedbackButtonsAction,
} from '../support/slack-payloads.js';
import {
  feedbackButtons,
  MODES,
  sendEvent,
  sendInteractive,
  vote,
} from '../support/surface-driver.js';

describe.each(MODES)('native feedback buttons (%s)', (mode) => {
  const bot = useRolebot({ mode });

  async function mentionAnswer(question: string) {
    const event = makeAppMention({ text: `<@${BOT_USER_ID}> ${question}` });
    await sendEvent(bot, mode, event);
    const posted = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === event.ts && c.fault === undefined,
    );
    return { event, message: asMessage(posted.args) };
  }

  it('puts 👍/👎 on an answer as feedback_buttons, not as plain buttons', async () => {
    const { message } = await mentionAnswer('who owns the backlog?');
    expectValidMessage(message);
    expectNoLiveMentions(message);
    expect(feedbackButtons(message)).toMatchObject({ actionId: 'rolebot_feedback' });
    expect(buttonLabels(message)).not.toContain(':+1:');
  });

  it('records a 👎, asks what they were looking for and thanks them privately', async () => {
    const { message } = await mentionAnswer('who owns the backlog?');
    const thanks = asMessage(await vote(bot, mode, message, 'down', { user: 'U0DAVE' }));
    expect(thanks).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Thanks, noted: this answer will be reviewed.',
    });
    const logged = await bot.waitForLog((l) => l.msg === 'answer feedback');
    expect(logged).toMatchObject({ feedback: 'down', offset: 0 });
    // A pseudonym, never the Slack id; the question itself only at debug level.
    expect(JSON.stringify(logged)).not.toContain('U0DAVE');
    expect(JSON.stringify(logged)).not.toContain('who owns the backlog');
    const opened = await bot.fake.waitForCall('views.open');
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('rolebot_feedback');
  });

  it('records a 👍 without opening anything', async () => {
    const { message } = await mentionAnswer('who owns the roadmap?');
    expect(asMessage(await vote(bot, mode, message, 'up')).text).toBe('Thanks! Glad it helped.');
    expect(await bot.waitForLog((l) => l.msg === 'answer feedback')).toMatchObject({
      feedback: 'up',
    });
    expect(bot.fake.callsTo('views.open')).toEqual([]);
  });

  it('falls back to the plain vote buttons when Slack rejects the feedback block', async () => {
    bot.fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    const { event, message } = await mentionAnswer('who owns the backlog?');
    const posts = bot.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === event.ts);
    expect(posts).toHaveLength(2);
    expect(feedbackButtons(asMessage(posts[0]?.args))).toBeDefined();
    // The same answer, with today's 👍/👎 buttons in place of the feedback block.
    expectValidMessage(message);
    expect(feedbackButtons(message)).toBeUndefined();
    expect(buttonLabels(message)).toEqual(expect.arrayContaining([':+1:', ':-1:']));
    expect(JSON.stringify(message.blocks)).toContain('Owner: Product Owner');
    await bot.waitForLog((l) => /sending the answer with vote buttons/.test(l.msg ?? ''));
  });

  it('acknowledges a forged feedback value and records nothing', async () => {
    const responseUrl = bot.fake.responseUrl();
    await sendInteractive(
      bot,
      mode,
      makeFeedbackButtonsAction({
        action_id: 'rolebot_feedback',
        value: 'garbage{',
        response_url: responseUrl,
        channel: CHANNEL_ID,
      }),
    );
    await bot.waitForLog((l) => /unreadable value/.test(l.msg ?? ''));
    expect(bot.logs.some((l) => l.msg === 'answer feedback')).toBe(false);
    expect(bot.fake.responses).toEqual([]);
  });
});
