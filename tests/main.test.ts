import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { captured } from './support/rolebot-process.js';
import { makeAppMention, makeEventEnvelope, makeSlashCommand } from './support/slack-payloads.js';
import { freePort, postSlack } from './support/slack-requests.js';

/**
 * The real process, as `npm start` runs it: configuration errors, knowledge errors, the HTTP app
 * serving, secrets kept out of every line it prints, and a clean shutdown with an answer in flight.
 */
const BOT_TOKEN = 'xoxb-111-222-KNOWNBOTSECRET';
const SIGNING_SECRET = 'known-signing-secret-5e3a9';
const APP_TOKEN = 'xapp-1-A111-KNOWNAPPSECRET';

// The embedded feedback store goes to a throwaway folder, not the repository's data/, and the
// folder goes once every process here has exited.
const DATA_DIR = path.join(tmpdir(), `rolebot-process-${process.pid}`);
afterAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ROLEBOT_DATA_DIR: DATA_DIR,
      INDEX_CACHE: 'off',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { child, ...captured(child) };
}

async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('start-up errors', () => {
  it('names the missing variable and where to get it, exits non-zero, never prints the token', async () => {
    const run = start({ SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/SLACK_APP_TOKEN.*App-Level Tokens/);
    expect(run.output()).toMatch(/SLACK_SIGNING_SECRET.*Signing Secret/);
    expect(run.output()).not.toContain('KNOWNBOTSECRET');
  });

  it('refuses a token of the wrong kind without echoing it', async () => {
    const run = start({ SLACK_BOT_TOKEN: APP_TOKEN, SLACK_APP_TOKEN: APP_TOKEN });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(
      /SLACK_BOT_TOKEN must be a bot token \(xoxb-…\), but it starts with "xapp-"/,
    );
    expect(run.output()).not.toContain('KNOWNAPPSECRET');
  });

  it('stops on a malformed knowledge file, naming the file and line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rolebot-bad-'));
    try {
      await writeFile(
        path.join(dir, 'broken.md'),
        '---\ntitle: ok\nauthor: [unclosed\n---\n\nText here.\n',
      );
      const run = start({ KNOWLEDGE_DIR: dir });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/broken\.md:3/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the knowledge folder is empty', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rolebot-empty-'));
    try {
      const run = start({ KNOWLEDGE_DIR: dir });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/no Markdown documents/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('HTTP mode as a process', () => {
  let fake: FakeSlack;
  let run: Run;
  let base: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    run = start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
    });
    await waitFor(
      () => run.output().includes('rolebot is connected to Slack'),
      'the app to listen',
    );
  });

  afterAll(async () => {
    run?.child.kill('SIGKILL');
    await fake?.close();
  });

  it('is ready on /healthz once the knowledge is indexed, Slack reached and the store open', async () => {
    // Connected to Slack, but the embedded store may still be opening (seconds on a busy
    // machine, with the event loop blocked): 503, or no answer yet, until it is. Bounded poll.
    const health = () =>
      fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    let response = await health();
    for (let i = 0; i < 400 && response?.status !== 200; i++) {
      if (response) expect(response.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await health();
    }
    expect(response?.status).toBe(200);
    expect(await response?.json()).toMatchObject({ ready: true, slack: true, store: true });
  }, 60_000);

  it('answers, survives a failing Slack, and keeps every secret out of its output', async () => {
    const responseUrl = fake.responseUrl();
    await postSlack(`${base}/slack/events`, SIGNING_SECRET, {
      kind: 'command',
      form: makeSlashCommand({ text: 'who owns the backlog?', response_url: responseUrl }),
    });
    await fake.waitForResponse((r) => r.url === responseUrl);
    // Slack fails every try of the answer: logged with the event id, the process lives on.
    fake.fail('chat.postMessage', { status: 500 }, 10);
    const failing = makeEventEnvelope(makeAppMention({ text: '<@U0BOT> who owns the roadmap?' }));
    await postSlack(`${base}/slack/events`, SIGNING_SECRET, { kind: 'event', json: failing });
    await waitFor(
      () => run.output().includes('could not answer a Slack request'),
      'the error log line',
      30_000,
    );
    expect(run.output()).toContain(failing.event_id);
    const bad = await postSlack(
      `${base}/slack/events`,
      SIGNING_SECRET,
      { kind: 'command', form: makeSlashCommand() },
      { badSignature: true },
    );
    expect(bad.status).toBe(401);

    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'KNOWNBOTSECRET']) {
      expect(run.output()).not.toContain(secret);
    }
  }, 40_000);

  it('on SIGTERM stops taking work, finishes the answer in flight and exits 0', async () => {
    fake.reset();
    fake.failResponses({ delayMs: 1_500 });
    const responseUrl = fake.responseUrl();
    const acked = await postSlack(`${base}/slack/events`, SIGNING_SECRET, {
      kind: 'command',
      form: makeSlashCommand({ text: 'who owns the roadmap?', response_url: responseUrl }),
    });
    expect(acked.status).toBe(200);
    const answering = await fake.waitForResponse((r) => r.url === responseUrl);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    // Slack was made to take 1.5 s to accept the answer: the process stayed until it had.
    expect(Date.now() - answering.at).toBeGreaterThanOrEqual(1_400);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(run.output()).toContain('shutting down');
  }, 20_000);
});
