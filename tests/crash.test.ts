// Issue 17: what rolebot has told a user it kept, it keeps. A vote thanked for and an unanswered
// question replied to survive `kill -9` right after, with the embedded store and with Postgres
// (write, kill, restart the store, read). And Postgres restarting under load: rolebot stays up,
// keeps answering, answers each event once, and stores again once the server is back.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreWithSql, type StoreOptions } from '../src/store/store.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { createSchema, dropSchema, inSchema, TEST_DATABASE_URL } from './support/postgres.js';
import { asMessage } from './support/rolebot-app.js';
import {
  PROCESS_BOT_TOKEN,
  PROCESS_SIGNING_SECRET,
  type RolebotProcess,
  spawnRolebot,
  waitForHealthy,
} from './support/rolebot-process.js';
import {
  BOT_USER_ID,
  makeAppMention,
  makeEventEnvelope,
  makeFeedbackButtonsAction,
  makeSlashCommand,
} from './support/slack-payloads.js';
import { freePort, postSlack } from './support/slack-requests.js';
import { feedbackButtons } from './support/surface-driver.js';

const run = promisify(execFile);
const VOTER = 'U0VOTER';
const OPEN_TIMEOUT = 90_000;

interface Backend {
  name: string;
  prepare(): Promise<{
    env: Record<string, string>;
    options: StoreOptions;
    cleanup(): Promise<void>;
  }>;
}

const backends: Backend[] = [
  {
    name: 'the embedded store',
    async prepare() {
      const dir = await mkdtemp(path.join(tmpdir(), 'rolebot-crash-'));
      const dataDir = path.join(dir, 'data');
      return {
        env: { ROLEBOT_DATA_DIR: dataDir },
        options: { dataDir },
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
];
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL;
  backends.push({
    name: 'Postgres',
    async prepare() {
      const schema = await createSchema(url);
      const databaseUrl = inSchema(url, schema);
      return {
        env: { DATABASE_URL: databaseUrl },
        options: { databaseUrl, dataDir: '/nonexistent' },
        cleanup: () => dropSchema(url, schema),
      };
    },
  });
}

/** A rolebot process in HTTP mode against `fake`, ready. */
async function startProcess(fake: FakeSlack, env: Record<string, string>) {
  const port = await freePort();
  const bot = spawnRolebot({
    SLACK_BOT_TOKEN: PROCESS_BOT_TOKEN,
    SLACK_SIGNING_SECRET: PROCESS_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${base}/healthz`, 60_000);
  const events = `${base}/slack/events`;
  return {
    bot,
    slash: async (text: string) => {
      const responseUrl = fake.responseUrl();
      const ack = await postSlack(events, PROCESS_SIGNING_SECRET, {
        kind: 'command',
        form: makeSlashCommand({ text, response_url: responseUrl }),
      });
      return { ack, responseUrl };
    },
    post: (body: Parameters<typeof postSlack>[2], options?: Parameters<typeof postSlack>[3]) =>
      postSlack(events, PROCESS_SIGNING_SECRET, body, options),
  };
}

async function vote(
  fake: FakeSlack,
  app: Awaited<ReturnType<typeof startProcess>>,
  question: string,
) {
  const { responseUrl } = await app.slash(question);
  const answer = asMessage((await fake.waitForResponse((r) => r.url === responseUrl, 15_000)).body);
  // 👍 is Slack's native feedback button on the answer.
  const votes = feedbackButtons(answer);
  const thanksUrl = fake.responseUrl();
  const payload = makeFeedbackButtonsAction({
    user: VOTER,
    action_id: votes?.actionId ?? '',
    value: votes?.up ?? '',
    response_url: thanksUrl,
    container: { type: 'message', message_ts: '1.2', is_ephemeral: true },
  });
  expect((await app.post({ kind: 'interactive', payload })).status).toBe(200);
  return asMessage((await fake.waitForResponse((r) => r.url === thanksUrl, 25_000)).body).text;
}

describe.each(backends)('kill -9 with $name', (backend) => {
  let fake: FakeSlack;
  let prepared: Awaited<ReturnType<Backend['prepare']>>;
  let bot: RolebotProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeSlack({ waitTimeoutMs: 20_000 });
    prepared = await backend.prepare();
  });
  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    await prepared?.cleanup();
  });

  it(
    'keeps a vote it thanked for and a gap it replied to',
    async () => {
      const app = await startProcess(fake, prepared.env);
      bot = app.bot;
      expect(await vote(fake, app, 'who owns the backlog?')).toBe('Thanks! Glad it helped.');
      const gap = await app.slash('who owns zorblax frobnication?');
      await fake.waitForResponse((r) => r.url === gap.responseUrl, 15_000);
      // The moment the user has been told, the process dies without any chance to flush.
      expect(await app.bot.kill('SIGKILL')).toBe(null);

      const { store, sql } = await openStoreWithSql(prepared.options);
      try {
        const votes = await sql.query<{ user_hash: string; vote: string; question: string }>(
          'SELECT user_hash, vote, question FROM feedback',
        );
        expect(votes).toEqual([
          { user_hash: store.pseudonym(VOTER), vote: 'up', question: 'who owns the backlog?' },
        ]);
        const gaps = await sql.query<{ question: string }>('SELECT question FROM knowledge_gaps');
        expect(gaps).toEqual([{ question: 'who owns zorblax frobnication?' }]);
      } finally {
        await store.close();
      }
    },
    OPEN_TIMEOUT,
  );
});

describe.skipIf(!TEST_DATABASE_URL)('Postgres restarting under load', () => {
  let fake: FakeSlack;
  let pgDir = '';
  let bot: RolebotProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeSlack({ waitTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    if (pgDir) await run('bash', ['scripts/ci-postgres.sh', 'stop', pgDir]).catch(() => undefined);
  });

  it('stays up, answers each event once, and stores again once the server is back', async () => {
    // A private server: restarting CI's shared one would break the other test files.
    const { stdout } = await run('bash', ['scripts/ci-postgres.sh'], {
      env: { ...process.env, ROLEBOT_PG_DIR: '' },
    });
    const databaseUrl = /TEST_DATABASE_URL='([^']+)'/.exec(stdout)?.[1] as string;
    pgDir = /ROLEBOT_PG_DIR='([^']+)'/.exec(stdout)?.[1] as string;
    const app = await startProcess(fake, { DATABASE_URL: databaseUrl });
    bot = app.bot;

    const mentions: ReturnType<typeof makeAppMention>[] = [];
    const commands: string[] = [];
    const acks: Promise<number>[] = [];
    let restarted: Promise<unknown> | undefined;
    // Bounded: 60 rounds, 50 ms apart; the server restarts after the 15th.
    for (let i = 0; i < 60; i++) {
      if (i === 15) restarted = run('bash', ['scripts/ci-postgres.sh', 'restart', pgDir]);
      const mention = makeAppMention({ text: `<@${BOT_USER_ID}> who owns the roadmap? #${i}` });
      mentions.push(mention);
      const envelope = makeEventEnvelope(mention);
      acks.push(app.post({ kind: 'event', json: envelope }).then((r) => r.status));
      acks.push(
        app
          .post({ kind: 'event', json: envelope }, { retryNum: 1, retryReason: 'http_timeout' })
          .then((r) => r.status),
      );
      const command = app.slash('what does a product owner do?');
      acks.push(
        command.then(({ ack, responseUrl }) => {
          commands.push(responseUrl);
          return ack.status;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const began = Date.now();
    const step = (what: string) =>
      console.info(`restart test: ${what} at ${Date.now() - began} ms`);
    step('load sent');
    await restarted;
    step('server restarted');
    expect(new Set(await Promise.all(acks))).toEqual(new Set([200]));
    step('acked');
    // Every command answered, every mention answered exactly once.
    for (const url of commands) await fake.waitForResponse((r) => r.url === url, 30_000);
    for (const mention of mentions) {
      await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === mention.ts, 30_000);
    }
    step('all answered');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const doubled = mentions.filter(
      (m) => fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === m.ts).length !== 1,
    );
    expect(doubled).toEqual([]);
    step('no doubles');
    // Storing again: a vote after the restart is thanked for as stored, and is in the database.
    const voted = await Promise.race([
      vote(fake, app, 'who owns the backlog?'),
      new Promise((resolve) => setTimeout(() => resolve('(timed out)'), 40_000)),
    ]);
    expect(voted).toBe('Thanks! Glad it helped.');
    step('voted');
    const { store, sql } = await openStoreWithSql({ databaseUrl, dataDir: '/nonexistent' });
    step('opened');
    try {
      const rows = await sql.query<{ user_hash: string }>('SELECT user_hash FROM feedback');
      expect(rows.map((r) => r.user_hash)).toContain(store.pseudonym(VOTER));
    } finally {
      await store.close();
    }
    // The restart was felt (connections cut, claims failed and were retried), and survived.
    expect(app.bot.output()).toMatch(/idle Postgres connection failed|store unavailable/);
    expect(bot.child.exitCode).toBe(null);
  }, 240_000);
});
