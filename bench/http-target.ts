// The processes the HTTP bench talks to, each in its own child so the load generator, the app
// and the response_url target do not share an event loop:
//
//   node --import tsx bench/http-target.ts sink   response_url target + fake Slack Web API
//   node --import tsx bench/http-target.ts app    rolebot's real Slack app (HTTP mode, seeds,
//                                                  no feedback store)
//   node --import tsx bench/http-target.ts bare   a bare Bolt App whose /roles only acks
//   node --import tsx bench/http-target.ts bare-respond
//                                                  a bare Bolt App whose /roles acks, then
//                                                  respond()s one fixed section: the same shape
//                                                  of work as rolebot's, without rolebot
//
// Each listens on 127.0.0.1 and an OS-chosen port and prints one JSON line `{"port": N}` when
// ready. `app` and `bare` read BENCH_SLACK_API_URL (the sink's /api/) and BENCH_SIGNING_SECRET.
// All of them stop on SIGTERM.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { createEngine } from '../src/answers/engine.js';
import { type HttpConfig, readConfig } from '../src/config.js';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { createLogger } from '../src/logger.js';
import { createSlackApp } from '../src/slack/app.js';
import { boltLogger } from '../src/slack/bolt-logger.js';

export const BOT_TOKEN = 'xoxb-bench-bot-token';

/** What the sink has seen; `GET /count` returns it. */
export interface SinkCounts {
  /** POSTs to /response/… : answers sent through a response_url. */
  responses: number;
  /** POSTs to /api/… : Web API calls (auth.test and anything else). */
  api: number;
  other: number;
}

function ready(port: number): void {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function sink(): Promise<() => Promise<void>> {
  const counts: SinkCounts = { responses: 0, api: 0, other: 0 };
  const server = createServer((req, res) => {
    // Drain the body before answering, as a real server would.
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      if (req.method === 'GET' && url === '/count') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(counts));
        return;
      }
      if (url.startsWith('/response/')) counts.responses++;
      else if (url.startsWith('/api/')) counts.api++;
      else counts.other++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        url.startsWith('/api/')
          ? JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T1' })
          : '{"ok":true}',
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  ready(await listen(server));
  return () => new Promise((resolve) => server.close(() => resolve()));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function app(): Promise<() => Promise<void>> {
  const logger = createLogger({ level: 'silent' });
  const engine = createEngine(await loadKnowledge('knowledge'));
  // The app's own config reader, so fields added later get their defaults; then loopback, an
  // OS-chosen port (PORT cannot say 0) and the fake Slack API.
  const base = readConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: required('BENCH_SIGNING_SECRET'),
      SLACK_API_URL: required('BENCH_SLACK_API_URL'),
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: 'knowledge',
      INDEX_CACHE: 'off',
      LOG_LEVEL: 'silent',
      // One user asks every question here: without this, all but 20 a minute get "slow down".
      ROLEBOT_RATE_LIMIT: '1000000000',
    },
    process.cwd(),
  );
  if (base.mode !== 'http') throw new Error(`expected an HTTP-mode config, got ${base.mode}`);
  const config: HttpConfig = { ...base, port: 0 };
  const slack = createSlackApp({ config, engine, logger });
  const { port } = await slack.start();
  if (port === undefined) throw new Error('the app did not report its port');
  ready(port);
  return async () => {
    await slack.stop(5_000);
  };
}

/** What "bare Bolt + respond" sends: one section, the size of a short rolebot answer. */
const FIXED_ANSWER = {
  response_type: 'ephemeral' as const,
  text: 'The product owner owns the product backlog.',
  blocks: [
    {
      type: 'section' as const,
      text: {
        type: 'mrkdwn' as const,
        text: '> The product owner is responsible for maximising the value of the product and for managing the product backlog, ordering its items and making them visible and understood.',
      },
    },
  ],
};

async function bare(respondToo = false): Promise<() => Promise<void>> {
  // The same silent logging bridge as the app, so neither pays more for logging.
  const logger = boltLogger(createLogger({ level: 'silent' }));
  const receiver = new HTTPReceiver({
    signingSecret: required('BENCH_SIGNING_SECRET'),
    endpoints: '/slack/events',
    logger,
  });
  const bolt = new App({
    token: BOT_TOKEN,
    receiver,
    logger,
    clientOptions: { slackApiUrl: required('BENCH_SLACK_API_URL') },
  });
  bolt.command('/roles', async ({ ack, respond }) => {
    await ack();
    if (respondToo) await respond(FIXED_ANSWER);
  });
  const server = (await bolt.start({ port: 0, host: '127.0.0.1' })) as Server;
  ready((server.address() as AddressInfo).port);
  return () => bolt.stop().then(() => undefined);
}

const kind = process.argv[2];
const starters: Record<string, () => Promise<() => Promise<void>>> = {
  sink,
  app,
  bare: () => bare(false),
  'bare-respond': () => bare(true),
};
const start = kind ? starters[kind] : undefined;
if (!start) {
  process.stderr.write('usage: http-target.ts sink|app|bare|bare-respond\n');
  process.exit(2);
}
const stop = await start();
process.once('SIGTERM', () => {
  const force = setTimeout(() => process.exit(0), 5_000);
  force.unref();
  void stop().finally(() => process.exit(0));
});
