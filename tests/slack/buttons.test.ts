// The buttons on rolebot's answers, clicked over HTTP (block_actions), starting from real answers
// to /roles so the values clicked are the ones rolebot rendered.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import {
  asMessage,
  blockTexts,
  buttonLabels,
  buttonNamed,
  quotedPassages,
  type Rolebot,
  type SentMessage,
  startRolebot,
} from '../support/rolebot-app.js';
import {
  CHANNEL_ID,
  makeBlockAction,
  makeFeedbackButtonsAction,
  USER_ID,
} from '../support/slack-payloads.js';
import { feedbackButtons } from '../support/surface-driver.js';

const CLICKER = 'U0BOB';
let bot: Rolebot;
const answers = new Map<string, SentMessage>();

beforeAll(async () => {
  bot = await startRolebot({ mode: 'http' });
});

afterAll(async () => {
  await bot?.close();
});

beforeEach(() => {
  bot.reset();
});

/** The private answer to `/roles <text>` (cached: answers are deterministic). */
async function answer(text: string): Promise<SentMessage> {
  const cached = answers.get(text);
  if (cached) return cached;
  const { responseUrl } = await bot.slash(text);
  const message = asMessage((await bot.responseTo(responseUrl)).body);
  answers.set(text, message);
  return message;
}

interface Click {
  responseUrl: string;
  payload: ReturnType<typeof makeBlockAction>;
}

/** A block_actions payload for a button on an ephemeral /roles answer. */
function clickOn(
  button: { actionId: string; value: string; label?: string },
  user = CLICKER,
): Click {
  const responseUrl = bot.fake.responseUrl();
  const payload = makeBlockAction({
    action_id: button.actionId,
    value: button.value,
    ...(button.label ? { label: button.label } : {}),
    user,
    response_url: responseUrl,
    container: {
      type: 'message',
      message_ts: `1700000000.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      channel_id: CHANNEL_ID,
      is_ephemeral: true,
    },
  });
  return { responseUrl, payload };
}

async function send(click: Click): Promise<void> {
  const result = await bot.post({ kind: 'interactive', payload: click.payload });
  expect(result.status).toBe(200);
  expect(result.ms).toBeLessThan(1_000);
}

async function clicked(
  button: { actionId: string; value: string; label?: string },
  user = CLICKER,
): Promise<Click> {
  const click = clickOn(button, user);
  await send(click);
  return click;
}

function checked(body: unknown, allow: string[] = []): SentMessage {
  const message = asMessage(body);
  expectValidMessage(message);
  expectNoLiveMentions(message, { allow });
  return message;
}

/** A "More passages" click answered: everything clicked before it has been handled. */
async function marker(): Promise<void> {
  const button = buttonNamed(await answer('what does a PM do?'), 'More passages');
  const { responseUrl } = await clicked(button);
  await bot.responseTo(responseUrl);
}

describe('Share in channel', () => {
  it('posts the answer to the channel, credited to the clicker, then deletes the private copy', async () => {
    const share = buttonNamed(await answer('who owns the backlog?'), 'Share in channel');
    const { responseUrl } = await clicked(share);
    const shared = checked((await bot.responseTo(responseUrl, 0)).body, [`<@${CLICKER}>`]);
    expect(shared.response_type).toBe('in_channel');
    expect(shared.replace_original).toBe(false);
    expect(blockTexts(shared)[0]).toContain(`shared by <@${CLICKER}>`);
    expect(blockTexts(shared).join('\n')).toContain('Owner: Product Owner');
    // A shared answer has no second "Share" (and no private-only buttons).
    expect(buttonLabels(shared)).not.toContain('Share in channel');
    expect((await bot.responseTo(responseUrl, 1)).body).toEqual({ delete_original: true });
  });

  it('shares an owner verdict card as a verdict card', async () => {
    const share = buttonNamed(await answer('owner roadmap'), 'Share in channel');
    const { responseUrl } = await clicked(share);
    const shared = checked((await bot.responseTo(responseUrl, 0)).body, [`<@${CLICKER}>`]);
    expect(shared.response_type).toBe('in_channel');
    expect(blockTexts(shared)[0]).toBe(
      `:grey_question: who owns the roadmap? · shared by <@${CLICKER}>`,
    );
    expect(blockTexts(shared).join('\n')).toMatch(/sources disagree/i);
  });
});

describe('More passages and other readings', () => {
  it('More passages replaces the answer with the next passages', async () => {
    const first = await answer('what does a PM do?');
    const { responseUrl } = await clicked(buttonNamed(first, 'More passages'));
    const next = checked((await bot.responseTo(responseUrl)).body);
    expect(next.replace_original).toBe(true);
    expect(next.response_type).toBe('ephemeral');
    const before = quotedPassages(first);
    const after = quotedPassages(next);
    expect(after.length).toBeGreaterThan(0);
    for (const passage of after) expect(before).not.toContain(passage);
  });

  // The button's action_id carries its position (`rolebot_reread_<n>_<m>`): the listener must
  // match it, or the click is never acknowledged.
  it('"I meant project manager" re-answers a PM question about project managers', async () => {
    const first = await answer('what does a PM do?');
    expect(blockTexts(first).join('\n')).toContain('Read *PM* as product manager');
    const { responseUrl } = await clicked(buttonNamed(first, 'I meant project manager'));
    const reread = checked((await bot.responseTo(responseUrl)).body);
    expect(reread.replace_original).toBe(true);
    // "What does a PM do?" asks what the role does, not which role owns a duty: no verdict line.
    expect(blockTexts(reread).join('\n')).not.toContain('Owner:');
    expect(quotedPassages(reread)[0]).toMatch(/project manager/i);
    expect(quotedPassages(reread)).not.toEqual(quotedPassages(first));
    expect(blockTexts(reread).join('\n')).toContain('Read *PM* as project manager');
    expect(buttonLabels(reread)).toContain('I meant product manager');
    expect(buttonLabels(reread)).not.toContain('I meant project manager');
  });
});

describe('feedback', () => {
  it.each([
    ['up', 'Thanks! Glad it helped.'],
    ['down', 'Thanks, noted: this answer will be reviewed.'],
  ] as const)(
    '%s on the feedback buttons thanks the clicker privately and logs the vote, never the question, at info',
    async (vote, thanks) => {
      const votes = feedbackButtons(await answer('who owns the backlog?'));
      expect(votes).toBeDefined();
      const responseUrl = bot.fake.responseUrl();
      const payload = makeFeedbackButtonsAction({
        action_id: votes?.actionId ?? '',
        value: (vote === 'up' ? votes?.up : votes?.down) ?? '',
        user: CLICKER,
        response_url: responseUrl,
        container: {
          type: 'message',
          message_ts: '1700000000.000200',
          channel_id: CHANNEL_ID,
          is_ephemeral: true,
        },
      });
      expect((await bot.post({ kind: 'interactive', payload })).status).toBe(200);
      const reply = checked((await bot.responseTo(responseUrl)).body);
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(reply.text).toBe(thanks);
      const line = await bot.waitForLog((l) => l.msg === 'answer feedback');
      expect(line).toMatchObject({ feedback: vote, offset: 0 });
      // The voter is logged as a keyed pseudonym, never as their Slack id; what they asked is
      // at debug level only.
      expect(JSON.stringify(line)).not.toContain(CLICKER);
      expect(JSON.stringify(bot.logs)).not.toContain('who owns the backlog');
    },
  );
});

describe('repeated and forged clicks', () => {
  it('answers the same click delivered twice in quick succession once', async () => {
    const click = clickOn(buttonNamed(await answer('what does a PM do?'), 'More passages'));
    await Promise.all([send(click), send(click)]);
    await bot.waitForLog((l) => l.msg === 'repeated click ignored');
    await bot.responseTo(click.responseUrl);
    await marker();
    expect(bot.fake.responses.filter((r) => r.url === click.responseUrl)).toHaveLength(1);
  });

  it('acks garbage button values and answers nothing', async () => {
    const forged = [
      { actionId: 'rolebot_more', value: 'garbage{' },
      { actionId: 'rolebot_share', value: '{"q":42}' },
      { actionId: 'rolebot_reread_0', value: 'null' },
      { actionId: 'rolebot_suggest_1', value: '[]' },
      { actionId: 'rolebot_more', value: '' },
    ];
    const urls: string[] = [];
    for (const button of forged) urls.push((await clicked(button)).responseUrl);
    await marker();
    expect(bot.fake.responses.filter((r) => urls.includes(r.url))).toEqual([]);
    expect(bot.fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    const unreadable = bot.logs.filter((l) => /unreadable value/.test(l.msg ?? ''));
    expect(unreadable).toHaveLength(forged.length);
  });

  it('acknowledges a button from an older version and says how to get a fresh answer', async () => {
    // `clicked` asserts the 200 ack within a second (Bolt answers 404 after 3 s when none comes).
    const { responseUrl } = await clicked({ actionId: 'rolebot_old_feature', value: 'x' });
    const reply = checked((await bot.responseTo(responseUrl)).body);
    expect(reply.text).toMatch(/older version of rolebot/);
  });

  it('still thanks (and logs without a question) a vote whose value is garbage', async () => {
    const { responseUrl } = await clicked({ actionId: 'rolebot_vote_down', value: 'garbage{' });
    const reply = checked((await bot.responseTo(responseUrl)).body);
    expect(reply.text).toBe('Thanks, noted: this answer will be reviewed.');
    const line = await bot.waitForLog((l) => l.msg === 'answer feedback');
    expect(line).toMatchObject({ feedback: 'down' });
    expect(line.question).toBeUndefined();
  });

  it('survives well-formed but hostile state (huge offset, odd readings)', async () => {
    const value = JSON.stringify({
      q: 'what does a PM do? <!channel>',
      o: 999_999,
      r: { pm: '<!here> &lt;@U1&gt;', '<@U2>': 'x' },
    });
    const more = await clicked({ actionId: 'rolebot_more', value });
    const share = await clicked({ actionId: 'rolebot_share', value });
    checked((await bot.responseTo(more.responseUrl)).body);
    checked((await bot.responseTo(share.responseUrl, 0)).body, [`<@${CLICKER}>`]);
  });
});

describe('who clicked', () => {
  it('credits whoever clicked Share, not who asked', async () => {
    const share = buttonNamed(await answer('who owns the backlog?'), 'Share in channel');
    const { responseUrl } = await clicked(share, 'U0CAROL');
    const shared = checked((await bot.responseTo(responseUrl, 0)).body, ['<@U0CAROL>']);
    expect(JSON.stringify(shared)).not.toContain(USER_ID);
  });
});
