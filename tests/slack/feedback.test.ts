// Votes, the "what were you looking for?" modal, knowledge gaps and a store outage, end to end:
// the real app over signed HTTP, a real store (embedded Postgres), the fake Slack.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, encodeState } from '../../src/render/slack/actions.js';
import type { Sql } from '../../src/store/sql.js';
import { openStoreWithSql, type Store } from '../../src/store/store.js';
import { expectValidMessage } from '../support/block-kit-validator.js';
import {
  asMessage,
  blockTexts,
  LEVEL,
  type Rolebot,
  startRolebot,
} from '../support/rolebot-app.js';
import { CHANNEL_ID, makeBlockAction, makeViewSubmission } from '../support/slack-payloads.js';

const ADMIN = 'U0ADMIN';
let dir: string;
let store: Store;
let sql: Sql;
let bot: Rolebot;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-feedback-'));
  ({ store, sql } = await openStoreWithSql({ dataDir: path.join(dir, 'data') }));
  bot = await startRolebot({ mode: 'http', store, admins: [ADMIN] });
}, 90_000);

afterAll(async () => {
  await bot?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  bot.reset();
});

async function vote(actionId: string, question: string, user: string) {
  const responseUrl = bot.fake.responseUrl();
  const payload = makeBlockAction({
    action_id: actionId,
    value: encodeState({ question, offset: 0 }),
    user,
    response_url: responseUrl,
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: CHANNEL_ID,
      is_ephemeral: true,
    },
  });
  const result = await bot.post({ kind: 'interactive', payload });
  expect(result.status).toBe(200);
  await bot.responseTo(responseUrl);
  return payload;
}

describe('votes', () => {
  it('keeps one vote per person and answer: voting again changes it', async () => {
    const question = 'who writes the content and copy?';
    await vote(ACTION.voteUp, question, 'U0CAROL');
    await vote(ACTION.voteDown, question, 'U0CAROL');
    const rows = await sql.query<{ vote: string }>(
      'select vote from feedback where question = $1',
      [question],
    );
    expect(rows).toEqual([{ vote: 'down' }]);
    const [gap] = (await store.topGaps(10)).filter((g) => g.question === question);
    expect(gap).toMatchObject({ downvoted: 1 });
  });

  it('asks what they were looking for after a 👎, and keeps the answer with the vote', async () => {
    const question = 'who keeps the project timeline on track?';
    await vote(ACTION.voteDown, question, 'U0DAVE');
    const opened = await bot.fake.waitForCall('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('rolebot_feedback');
    const submit = makeViewSubmission({
      callback_id: 'rolebot_feedback',
      user: 'U0DAVE',
      private_metadata: view.private_metadata,
      values: {
        looking_for: { text: { type: 'plain_text_input', value: 'who runs the sprint review' } },
      },
    });
    expect((await bot.post({ kind: 'interactive', payload: submit })).status).toBe(200);
    await bot.waitForLog((l) => l.msg === 'feedback comment');
    const rows = await sql.query<{ comment: string }>(
      'select comment from feedback where question = $1',
      [question],
    );
    expect(rows).toEqual([{ comment: 'who runs the sprint review' }]);
  });
});

describe('knowledge gaps', () => {
  it('records questions it could not answer and shows the most frequent to admins only', async () => {
    for (const text of [
      'what is the office wifi password?',
      'What is the office wifi password',
      'when is payroll?',
    ]) {
      const { responseUrl } = await bot.slash(text);
      await bot.responseTo(responseUrl);
    }
    const admin = await bot.slash('gaps', { user_id: ADMIN });
    const shown = asMessage((await bot.responseTo(admin.responseUrl)).body);
    expectValidMessage(shown);
    const text = blockTexts(shown).join('\n');
    expect(text).toMatch(/wifi password.*asked 2×.*2 unanswered/i);
    expect(text.indexOf('wifi')).toBeLessThan(text.indexOf('payroll'));

    const someone = await bot.slash('gaps', { user_id: 'U0EVE' });
    const refused = asMessage((await bot.responseTo(someone.responseUrl)).body);
    expect(refused.text).toMatch(/Only rolebot admins/);
  });
});

describe('a store outage', () => {
  it('keeps answering, with one clear error line', async () => {
    // Every store call fails, as when Postgres is down (no `then`: it is a store, not a promise).
    const broken = new Proxy({} as Store, {
      get: (_target, name) =>
        name === 'then'
          ? undefined
          : () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
    });
    const degraded = await startRolebot({ mode: 'http', store: broken });
    try {
      for (const text of ['who owns the backlog?', 'what is the office wifi password?']) {
        const { responseUrl } = await degraded.slash(text);
        expectValidMessage(asMessage((await degraded.responseTo(responseUrl)).body));
      }
      const errors = degraded.logs.filter((l) => l.level === LEVEL.error);
      expect(errors.map((l) => l.msg)).toEqual([
        'store unavailable: using in-memory dedupe and logging feedback only',
      ]);
    } finally {
      await degraded.close();
    }
  });
});
