// The Home tab for admins, end to end in both modes with a real store (embedded Postgres): the
// top knowledge gaps and the most voted-down passages as a table; sections if Slack rejects it;
// nothing of it for anyone else.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { expectNoLiveMentions, expectValidView } from '../support/block-kit-validator.js';
import { type Block, sharedEngine, useRolebot } from '../support/rolebot-app.js';
import { makeAppHomeOpened } from '../support/slack-payloads.js';
import { MODES, sendEvent } from '../support/surface-driver.js';

const ADMIN = 'U0ADMIN';
let dir: string;
let store: Store;
let votedPassage: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-admin-home-'));
  store = await openStore({ dataDir: path.join(dir, 'data') });
  const engine = await sharedEngine();
  const shown = engine.ask('who owns the backlog?');
  votedPassage = shown.passages[0]?.text ?? '';
  for (const user of ['h1', 'h2', 'h3']) {
    await store.recordFeedback({
      answerKey: 'k-backlog',
      question: 'who owns the backlog?',
      passageIds: [shown.passages[0]?.id ?? ''],
      vote: 'down',
      userHash: user,
    });
  }
  await store.recordUnanswered('who owns the <!channel> zorblat?');
  await store.recordUnanswered('who owns the <!channel> zorblat?');
}, 90_000);

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

interface View {
  type: string;
  blocks: Block[];
}

describe.each(MODES)('admin Home tab (%s)', (mode) => {
  const bot = useRolebot({
    mode,
    admins: [ADMIN],
    // Read when the bot starts (in its beforeAll), after the store above is open.
    get store() {
      return store;
    },
  });

  async function home(user: string): Promise<View> {
    await sendEvent(bot, mode, makeAppHomeOpened({ user }));
    const published = await bot.fake.waitForCall(
      'views.publish',
      (c) => c.args.user_id === user && c.fault === undefined,
    );
    const view = published.args.view as View;
    expectValidView(view);
    expectNoLiveMentions(view);
    return view;
  }

  it('shows admins the top gaps and the most voted-down passages as a table', async () => {
    const view = await home(ADMIN);
    const table = view.blocks.find((block) => block.type === 'table');
    const rows = (table?.rows ?? []).map((row) => row.map((cell) => cell.text));
    expect(rows[0]).toEqual(['What', 'Question or passage', 'Count', 'Detail']);
    expect(rows).toContainEqual([
      'Knowledge gap',
      'who owns the ‹!channel› zorblat?',
      'asked 2×',
      '2 unanswered, 0 voted down',
    ]);
    const passage = rows.find((row) => row[0] === 'Voted-down passage');
    expect(passage?.[2]).toBe('3 down-votes');
    expect(votedPassage.startsWith(String(passage?.[1]).replace(/…$/, ''))).toBe(true);
    expect(passage?.[3]).toMatch(/\(.+\.md\)$/);
  });

  it('shows the same as sections when Slack rejects the table', async () => {
    bot.fake.fail('views.publish', { error: 'invalid_blocks' });
    const view = await home(ADMIN);
    expect(view.blocks.map((block) => block.type)).not.toContain('table');
    const text = view.blocks.map((block) => block.text?.text ?? '').join('\n');
    expect(text).toContain('*Knowledge gaps*');
    expect(text).toContain('“who owns the &lt;!channel&gt; zorblat?”: asked 2×');
    expect(text).toContain('*Most voted down*');
  });

  it('shows everyone else the usual Home tab only', async () => {
    const view = await home('U0SOMEONE');
    expect(view.blocks.map((block) => block.type)).not.toContain('table');
    expect(JSON.stringify(view)).not.toContain('zorblat');
  });
});
