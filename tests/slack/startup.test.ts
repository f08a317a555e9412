// Issue 17: Slack unreachable at start must not crash rolebot. It stays up, says what failed and
// when it retries, reports not ready on /healthz, and connects once Slack is back. A token Slack
// refuses stops start-up with one line naming SLACK_BOT_TOKEN.
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpConfig, SocketConfig } from '../../src/config.js';
import { RolebotError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  type LogLine,
  SIGNING_SECRET,
  sharedEngine,
} from '../support/rolebot-app.js';
import { freePort } from '../support/slack-requests.js';

function capture() {
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  });
  return { logs, logger };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const health = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;

describe.each(['http', 'socket'] as const)('start-up in %s mode', (mode) => {
  let slack: SlackApp | undefined;
  let fake: FakeSlack | undefined;

  afterEach(async () => {
    await slack?.stop(100);
    await fake?.close();
    slack = undefined;
    fake = undefined;
  });

  async function create(apiPort: number) {
    const { logs, logger } = capture();
    const common = {
      botToken: BOT_TOKEN,
      slackApiUrl: `http://127.0.0.1:${apiPort}/api/`,
      onboardingChannels: new Set<string>(),
      admins: new Set<string>(),
      store: {
        enabled: false,
        databaseUrl: undefined,
        dataDir: 'data',
        retentionDays: 90,
        hashKey: undefined,
      },
      knowledgeDir: 'knowledge',
      indexCache: null,
      logLevel: 'info' as const,
      noColor: true,
    };
    const healthPort = await freePort();
    const config: HttpConfig | SocketConfig =
      mode === 'http'
        ? { ...common, mode: 'http', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }
        : { ...common, mode: 'socket', appToken: APP_TOKEN, healthPort };
    const app = createSlackApp({
      config,
      engine: await sharedEngine(),
      logger,
      store: null,
      connectRetry: { minMs: 100, maxMs: 400 },
      apiTimeoutMs: 1_000,
    });
    return { app, logs };
  }

  it('stays up while Slack cannot be reached, not ready, and connects once it is back', async () => {
    const apiPort = await freePort();
    const { app, logs } = await create(apiPort);
    slack = app;
    let started = false;
    const starting = app.start().then((result) => {
      started = true;
      return result;
    });
    const port = (await app.listening) as number;
    expect(await health(port)).toBe(503);
    await until(
      () => logs.filter((l) => /cannot reach Slack/.test(l.msg ?? '')).length >= 2,
      'retries',
    );
    const first = logs.find((l) => /cannot reach Slack/.test(l.msg ?? '')) as LogLine;
    // One clear line: what failed, where, and when it is tried again; no stack trace.
    expect(first).toMatchObject({
      level: 50,
      what: 'auth.test',
      where: `http://127.0.0.1:${apiPort}/api/`,
    });
    expect(first.msg).toMatch(/retrying in \d+ s$/);
    expect(first.retryInMs).toBeTypeOf('number');
    expect(JSON.stringify(first)).not.toMatch(/\n\s+at /);
    expect(started).toBe(false);
    expect(await health(port)).toBe(503);

    fake = await startFakeSlack({ port: apiPort });
    await starting;
    expect(started).toBe(true);
    if (mode === 'socket') await fake.socket.waitForConnection();
    expect(await health(port)).toBe(200);
    expect(JSON.stringify(logs)).not.toContain(BOT_TOKEN);
  });

  it('stops start-up with one line naming SLACK_BOT_TOKEN when Slack refuses the token', async () => {
    fake = await startFakeSlack();
    fake.handle('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const { app } = await create(fake.port);
    slack = app;
    const error = await app.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolebotError);
    expect((error as Error).message).toMatch(
      /^config: SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)/,
    );
    expect((error as Error).message).not.toContain(BOT_TOKEN);
  });
});
