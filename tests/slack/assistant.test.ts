// The assistant (split view) surface end to end, in both connection modes: suggested prompts for
// the channel the person is viewing, a status while rolebot looks, the answer in the thread, the
// thread titled after the first question, follow-ups answered, plain DMs untouched.
import { describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import { asMessage, blockTexts, useRolebot } from '../support/rolebot-app.js';
import {
  CHANNEL_ID,
  DM_CHANNEL_ID,
  makeAssistantThreadContextChanged,
  makeAssistantThreadStarted,
  makeDirectMessage,
  nextTs,
} from '../support/slack-payloads.js';
import { MODES, sendEvent } from '../support/surface-driver.js';

const ONBOARDING = 'C0WELCOME';

describe.each(MODES)('assistant thread (%s)', (mode) => {
  const bot = useRolebot({ mode, onboardingChannels: [ONBOARDING] });

  it('offers newcomer prompts in an onboarding channel and working prompts elsewhere', async () => {
    const welcome = makeAssistantThreadStarted({ contextChannel: ONBOARDING });
    await sendEvent(bot, mode, welcome);
    const first = await bot.fake.waitForCall(
      'assistant.threads.setSuggestedPrompts',
      (c) => c.args.thread_ts === welcome.assistant_thread.thread_ts,
    );
    expect(first.args.channel_id).toBe(DM_CHANNEL_ID);
    const prompts = first.args.prompts as { title: string; message: string }[];
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(prompts.map((p) => p.message)).toContain('What does a product owner do?');

    const working = makeAssistantThreadStarted({ contextChannel: CHANNEL_ID });
    await sendEvent(bot, mode, working);
    const second = await bot.fake.waitForCall(
      'assistant.threads.setSuggestedPrompts',
      (c) => c.args.thread_ts === working.assistant_thread.thread_ts,
    );
    const messages = (second.args.prompts as { message: string }[]).map((p) => p.message);
    expect(messages).toContain('Who owns the roadmap?');
    expect(messages).not.toContain('What does a product owner do?');
  });

  it('shows a status, titles the thread after the first question and answers in the thread', async () => {
    const started = makeAssistantThreadStarted({ contextChannel: CHANNEL_ID });
    const thread = started.assistant_thread.thread_ts;
    await sendEvent(bot, mode, started);
    await bot.fake.waitForCall('assistant.threads.setSuggestedPrompts');

    await sendEvent(
      bot,
      mode,
      makeDirectMessage({ text: 'who owns the roadmap?', thread_ts: thread }),
    );
    const answer = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === thread,
    );
    const status = bot.fake.callsTo('assistant.threads.setStatus');
    expect(status.map((c) => c.args)).toEqual([
      expect.objectContaining({
        channel_id: DM_CHANNEL_ID,
        thread_ts: thread,
        status: 'looking in the sources…',
      }),
    ]);
    // The status was set before the answer went out.
    expect(bot.fake.calls.indexOf(status[0] as never)).toBeLessThan(bot.fake.calls.indexOf(answer));
    expect(bot.fake.callsTo('assistant.threads.setTitle').map((c) => c.args.title)).toEqual([
      'who owns the roadmap?',
    ]);
    const message = asMessage(answer.args);
    expect(message.channel).toBe(DM_CHANNEL_ID);
    expectValidMessage(message);
    expectNoLiveMentions(message);
    expect(blockTexts(message).join('\n')).toContain('Owner: Product Manager');
    // The reply carries the thread's context (the channel it was opened from) as metadata.
    expect(answer.args.metadata).toMatchObject({
      event_type: 'assistant_thread_context',
      event_payload: { channel_id: CHANNEL_ID },
    });

    // A follow-up is answered too, without renaming the thread.
    await sendEvent(bot, mode, makeDirectMessage({ text: 'and the backlog?', thread_ts: thread }));
    await bot.fake.waitForCalls('chat.postMessage', 2);
    expect(bot.fake.callsTo('assistant.threads.setTitle')).toHaveLength(1);
    expect(bot.fake.callsTo('assistant.threads.setStatus')).toHaveLength(2);
  });

  it('escapes a question echoed back, so it never pings anyone', async () => {
    const thread = nextTs();
    await sendEvent(
      bot,
      mode,
      makeDirectMessage({ text: '<!channel> what is a wibble <@U0BOB>?', thread_ts: thread }),
    );
    const answer = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === thread,
    );
    const message = asMessage(answer.args);
    expectValidMessage(message);
    expectNoLiveMentions(message);
    const title = await bot.fake.waitForCall('assistant.threads.setTitle');
    expect(String(title.args.title)).not.toMatch(/<!channel>|<@U0BOB>/);
  });

  it('follows the person to another channel before the first question', async () => {
    const started = makeAssistantThreadStarted({ contextChannel: CHANNEL_ID });
    await sendEvent(bot, mode, started);
    await bot.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 1);
    await sendEvent(
      bot,
      mode,
      makeAssistantThreadContextChanged({
        contextChannel: ONBOARDING,
        thread_ts: started.assistant_thread.thread_ts,
      }),
    );
    const [, changed] = await bot.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
    expect(
      ((changed?.args.prompts ?? []) as { message: string }[]).map((p) => p.message),
    ).toContain('What does a product owner do?');
  });

  it("keeps each thread's own context: two people, two channels, no mix-up", async () => {
    const alice = makeAssistantThreadStarted({ contextChannel: 'C0ALICE' });
    const bob = makeAssistantThreadStarted({
      user: 'U0BOB',
      channel: 'D0BOB',
      contextChannel: 'C0BOBS',
    });
    await sendEvent(bot, mode, alice);
    await sendEvent(bot, mode, bob);
    await bot.fake.waitForCalls('assistant.threads.setSuggestedPrompts', 2);
    const threads = [
      [alice.assistant_thread, 'C0ALICE'],
      [bob.assistant_thread, 'C0BOBS'],
    ] as const;
    for (const [thread, viewing] of threads) {
      await sendEvent(
        bot,
        mode,
        makeDirectMessage({
          user: thread.user_id,
          channel: thread.channel_id,
          text: 'who owns the backlog?',
          thread_ts: thread.thread_ts,
        }),
      );
      const answer = await bot.fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.thread_ts === thread.thread_ts,
      );
      expect(answer.args.metadata).toMatchObject({ event_payload: { channel_id: viewing } });
    }
    // rolebot keeps the context itself: no thread history read back from Slack.
    expect(bot.fake.callsTo('conversations.replies')).toEqual([]);
  });

  it('leaves plain DMs (no thread) to the DM listener: answered, no status or title', async () => {
    const dm = makeDirectMessage({ text: 'who owns the backlog?' });
    await sendEvent(bot, mode, dm);
    const answer = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === DM_CHANNEL_ID,
    );
    expect(answer.args.thread_ts).toBeUndefined();
    expect(bot.fake.callsTo('assistant.threads.setStatus')).toEqual([]);
    expect(bot.fake.callsTo('assistant.threads.setTitle')).toEqual([]);
  });
});

describe('assistant thread when Slack refuses the status (http)', () => {
  const bot = useRolebot({ mode: 'http' });

  it('still answers a threaded DM, and logs the refusal', async () => {
    bot.fake.fail('assistant.threads.setStatus', { error: 'invalid_thread' });
    bot.fake.fail('assistant.threads.setTitle', { error: 'invalid_thread' });
    const thread = nextTs();
    await sendEvent(
      bot,
      'http',
      makeDirectMessage({ text: 'who owns the backlog?', thread_ts: thread }),
    );
    const answer = await bot.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === thread,
    );
    expect(blockTexts(asMessage(answer.args)).join('\n')).toContain('Owner: Product Owner');
    await bot.waitForLog((l) => l.msg === 'could not set the assistant status');
    await bot.waitForLog((l) => l.msg === 'could not set the assistant title');
  });
});
