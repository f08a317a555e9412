import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/answers/engine.js';
import type { HttpConfig } from '../../src/config.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { createLogger } from '../../src/logger.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { makeAppMention, makeEventEnvelope, makeSlashCommand } from '../support/slack-payloads.js';
import { postSlack } from '../support/slack-requests.js';

const SECRET = 'test-signing-secret';
let fake: FakeSlack;
let slack: SlackApp;
let url: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  const engine = createEngine(await loadKnowledge('knowledge'));
  const config: HttpConfig = {
    mode: 'http',
    botToken: 'xoxb-test-bot-token',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    slackApiUrl: fake.apiUrl,
    onboardingChannels: new Set(),
    admins: new Set(),
    store: {
      enabled: true,
      databaseUrl: undefined,
      dataDir: 'data',
      retentionDays: 90,
      hashKey: undefined,
    },
    knowledgeDir: 'knowledge',
    indexCache: null,
    logLevel: 'silent',
    noColor: true,
  };
  slack = createSlackApp({ config, engine, logger: createLogger({ level: 'silent' }) });
  const { port } = await slack.start();
  url = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

describe('HTTP mode smoke', () => {
  it('answers /roles with an ephemeral Block Kit answer through the response_url', async () => {
    const responseUrl = fake.responseUrl();
    const result = await postSlack(url, SECRET, {
      kind: 'command',
      form: makeSlashCommand({ text: 'who owns the backlog?', response_url: responseUrl }),
    });
    expect(result.status).toBe(200);
    const response = await fake.waitForResponse((r) => r.url === responseUrl);
    const body = response.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('Owner: Product Owner');
    expectValidMessage(body);
  });

  it('posts compare in the channel', async () => {
    const responseUrl = fake.responseUrl();
    await postSlack(url, SECRET, {
      kind: 'command',
      form: makeSlashCommand({ text: 'compare pm po', response_url: responseUrl }),
    });
    const response = await fake.waitForResponse((r) => r.url === responseUrl);
    const body = response.body as { response_type: string };
    expect(body.response_type).toBe('in_channel');
    expectValidMessage(body as never);
  });

  it('answers a mention in a thread, escaping what was typed', async () => {
    const event = makeAppMention({ text: '<@U0BOT> <!channel> who owns the roadmap?' });
    await postSlack(url, SECRET, { kind: 'event', json: makeEventEnvelope(event) });
    const call = await fake.waitForCall('chat.postMessage');
    expect(call.args.thread_ts).toBe(event.ts);
    // "Who owns …?" gets the verdict card: the verdict, the evidence grouped by role, the dispute.
    const shown = JSON.stringify(call.args.blocks);
    expect(shown).toContain('Owner: Product Manager');
    expect(shown).toMatch(/\*Product Owner\* — \d+ statements? against/);
    expect(shown).toContain('The sources disagree');
    expectValidMessage(call.args as never);
    expectNoLiveMentions(call.args as never);
  });
});
