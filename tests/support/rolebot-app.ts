import { afterAll, beforeAll, beforeEach } from 'vitest';
// Starts the real rolebot Slack app (src/slack/app.ts) against the fake Slack on loopback, in
// HTTP or Socket Mode, with logs captured in memory so tests can assert on them. One engine per
// test file (module state is per file under vitest), one fake + one app per file.
import type { Engine } from '../../src/answers/engine.js';
import { createEngine } from '../../src/answers/engine.js';
import type { HttpConfig, SocketConfig } from '../../src/config.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { createLogger } from '../../src/logger.js';
import { createSlackApp, type SlackApp, type SlackAppOptions } from '../../src/slack/app.js';
import type { Store } from '../../src/store/store.js';
import { type FakeSlack, type ResponseRecord, startFakeSlack } from './fake-slack.js';
import { makeSlashCommand } from './slack-payloads.js';
import {
  type PostSlackOptions,
  postSlack,
  type SlackHttpResult,
  type SlackRequestBody,
} from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-test';

/** One pino line, parsed. `msg` is the message; the rest are the structured fields. */
export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { info: 30, warn: 40, error: 50 } as const;

let enginePromise: Promise<Engine> | undefined;

/** The answer engine over `knowledge/`, built once per test file and shared. */
export function sharedEngine(): Promise<Engine> {
  enginePromise ??= loadKnowledge('knowledge').then((knowledge) => createEngine(knowledge));
  return enginePromise;
}

export interface RolebotOptions {
  mode: 'http' | 'socket';
  onboardingChannels?: readonly string[];
  admins?: readonly string[];
  isReady?: () => boolean;
  /** Socket Mode only; also the client's reconnect delay. */
  clientPingTimeoutMs?: number;
  apiTimeoutMs?: number;
  /** The feedback store the app uses (closed by the caller); none by default. May be opening. */
  store?: Store | null | Promise<Store | null>;
  /** Log level of the captured logger (default info). */
  logLevel?: 'debug' | 'info';
  /** Extra createSlackApp options (admission limits, retry backoff, shared store…). */
  app?: Partial<SlackAppOptions>;
  /** Another fake Slack to use instead of starting one (two replicas talking to one Slack). */
  fake?: FakeSlack;
  /** Another engine than the shared one over knowledge/ (a copy with decision rights, say). */
  engine?: Engine | Promise<Engine>;
  /** Socket Mode: serve /healthz on this port. */
  healthPort?: number;
  /** Questions per person per minute (ROLEBOT_RATE_LIMIT); high by default so tests can ask freely. */
  rateLimitPerMinute?: number;
  /** Pacing of posts per channel; off by default (tests post far faster than Slack allows). */
  postIntervalMs?: number;
  /** ROLEBOT_OWNERS_CHANNEL: where "Ask a person" posts until an admin sets one. */
  ownersChannel?: string;
}

export interface SlashResult {
  ack: SlackHttpResult;
  responseUrl: string;
  /** `Date.now()` just before the request was sent (comparable with `ResponseRecord.at`). */
  sentAt: number;
}

export interface Rolebot {
  fake: FakeSlack;
  slack: SlackApp;
  engine: Engine;
  /** Every log line rolebot (and Bolt through it) wrote at info level or above. */
  logs: LogLine[];
  /** HTTP mode: `http://127.0.0.1:PORT` and its `/slack/events`. Empty in Socket Mode. */
  baseUrl: string;
  eventsUrl: string;
  /** A correctly signed POST to the events URL (HTTP mode). */
  post(body: SlackRequestBody, options?: PostSlackOptions): Promise<SlackHttpResult>;
  /** `/roles <text>` over HTTP with a fresh recording response_url. */
  slash(text: string, options?: PostSlackOptions & { user_id?: string }): Promise<SlashResult>;
  /** The first response_url POST to `url` (the n-th with `index`). */
  responseTo(url: string, index?: number): Promise<ResponseRecord>;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** fake.reset() and forget captured logs. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake Slack first (Bolt calls auth.test at construction), then rolebot. */
export async function startRolebot(options: RolebotOptions): Promise<Rolebot> {
  const engine = await (options.engine ?? sharedEngine());
  const fake = options.fake ?? (await startFakeSlack());
  const ownFake = options.fake === undefined;
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  const destination = {
    write(line: string) {
      for (const text of line.split('\n')) {
        if (text.trim() === '') continue;
        try {
          logs.push(JSON.parse(text) as LogLine);
        } catch {
          logs.push({ level: 0, msg: text });
        }
      }
      for (const waiter of [...waiters]) waiter();
    },
  };
  const logger = createLogger({ level: options.logLevel ?? 'info', destination });
  const common = {
    botToken: BOT_TOKEN,
    slackApiUrl: fake.apiUrl,
    onboardingChannels: new Set(options.onboardingChannels ?? []),
    admins: new Set(options.admins ?? []),
    store: {
      enabled: true,
      databaseUrl: undefined,
      dataDir: 'data',
      retentionDays: 90,
      hashKey: undefined,
    },
    knowledgeDir: 'knowledge',
    indexCache: null,
    logLevel: 'info' as const,
    noColor: true,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    ...(options.ownersChannel ? { ownersChannel: options.ownersChannel } : {}),
  };
  const config: HttpConfig | SocketConfig =
    options.mode === 'http'
      ? { ...common, mode: 'http', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }
      : { ...common, mode: 'socket', appToken: APP_TOKEN, healthPort: options.healthPort };
  const slack = createSlackApp({
    config,
    engine,
    logger,
    ...(options.apiTimeoutMs !== undefined ? { apiTimeoutMs: options.apiTimeoutMs } : {}),
    ...(options.clientPingTimeoutMs !== undefined
      ? { clientPingTimeoutMs: options.clientPingTimeoutMs }
      : {}),
    ...(options.isReady ? { isReady: options.isReady } : {}),
    postIntervalMs: options.postIntervalMs ?? 0,
    ...(options.store !== undefined ? { store: options.store } : {}),
    ...options.app,
  });
  let baseUrl = '';
  let eventsUrl = '';
  try {
    // start() resolves once auth.test has answered, so a test's reset() can't race it.
    const { port } = await slack.start();
    if (options.mode === 'http') {
      baseUrl = `http://127.0.0.1:${port}`;
      eventsUrl = `${baseUrl}/slack/events`;
    } else {
      await fake.socket.waitForConnection();
    }
  } catch (error) {
    await fake.close();
    throw error;
  }

  const post = (body: SlackRequestBody, postOptions?: PostSlackOptions) =>
    postSlack(eventsUrl, SIGNING_SECRET, body, postOptions);

  return {
    fake,
    slack,
    engine,
    logs,
    baseUrl,
    eventsUrl,
    post,
    async slash(text, postOptions = {}) {
      const { user_id, ...signing } = postOptions;
      const responseUrl = fake.responseUrl();
      const sentAt = Date.now();
      const ack = await post(
        {
          kind: 'command',
          form: makeSlashCommand({
            text,
            response_url: responseUrl,
            ...(user_id ? { user_id } : {}),
          }),
        },
        signing,
      );
      return { ack, responseUrl, sentAt };
    },
    async responseTo(url, index = 0) {
      await fake.waitForResponse(() => fake.responses.filter((r) => r.url === url).length > index);
      const found = fake.responses.filter((r) => r.url === url)[index];
      if (!found) throw new Error(`no response #${index} to ${url}`);
      return found;
    },
    waitForLog(predicate, timeoutMs = 3_000) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = logs.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = logs.map((l) => `\n  ${l.level} ${l.msg ?? ''}`).join('');
          reject(new Error(`waitForLog timed out after ${timeoutMs}ms; logs:${seen || ' none'}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      fake.reset();
      logs.length = 0;
    },
    async close() {
      await slack.stop().catch(() => {});
      if (ownFake) await fake.close();
    },
  };
}

/** A Slack message payload as the tests read it. */
export interface SentMessage {
  text?: string;
  blocks?: Block[];
  attachments?: { blocks?: Block[]; [key: string]: unknown }[];
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
  channel?: string;
  user?: string;
  [key: string]: unknown;
}

export interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: {
    type: string;
    text?: string | { type: string; text: string };
    action_id?: string;
    value?: string;
  }[];
  rows?: { type: string; text: string }[][];
  [key: string]: unknown;
}

export function asMessage(value: unknown): SentMessage {
  if (typeof value !== 'object' || value === null) {
    throw new Error(`expected a message object, got ${JSON.stringify(value)}`);
  }
  return value as SentMessage;
}

/** Every message rolebot produced: Web API posts/updates and response_url bodies. */
export function producedMessages(fake: FakeSlack): { where: string; message: SentMessage }[] {
  const out: { where: string; message: SentMessage }[] = [];
  for (const call of fake.calls) {
    if (['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(call.method)) {
      out.push({ where: call.method, message: asMessage(call.args) });
    }
  }
  for (const response of fake.responses) {
    const message = asMessage(response.body);
    if (message.delete_original === true) continue;
    out.push({ where: `response ${response.id}`, message });
  }
  return out;
}

/** Button labels of a message's actions blocks, in order. */
export function buttonLabels(message: SentMessage): string[] {
  return buttons(message).map((b) => b.label);
}

export function buttons(
  message: SentMessage,
): { label: string; actionId: string; value: string }[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => ({
      label: typeof element.text === 'object' ? element.text.text : (element.text ?? ''),
      actionId: element.action_id ?? '',
      value: element.value ?? '',
    }));
}

/** The button whose label is `label` (throws if there is none). */
export function buttonNamed(
  message: SentMessage,
  label: string,
): { label: string; actionId: string; value: string } {
  const found = buttons(message).find((b) => b.label === label);
  if (!found) {
    throw new Error(`no "${label}" button; buttons: ${JSON.stringify(buttonLabels(message))}`);
  }
  return found;
}

/** The mrkdwn of every section and context block (fields included), in order. */
export function blockTexts(message: SentMessage): string[] {
  const texts: string[] = [];
  for (const block of message.blocks ?? []) {
    if (block.text) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    if (block.type === 'context') {
      for (const element of block.elements ?? []) {
        if (typeof element.text === 'string') texts.push(element.text);
      }
    }
  }
  return texts;
}

/** The quoted passages (section texts starting with `>`) of an answer. */
export function quotedPassages(message: SentMessage): string[] {
  return (message.blocks ?? [])
    .filter((block) => block.type === 'section' && block.text?.text.startsWith('>'))
    .map((block) => block.text?.text ?? '');
}

/**
 * Registers the usual hooks for a test file: one rolebot started before all tests, its records
 * reset before each, stopped after all. Returns a stand-in that forwards to that rolebot.
 */
export function useRolebot(options: RolebotOptions): Rolebot {
  let current: Rolebot | undefined;
  beforeAll(async () => {
    current = await startRolebot(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current?.reset();
  });
  return new Proxy({} as Rolebot, {
    get: (_target, name) => {
      if (!current) throw new Error('rolebot is not started yet (use it inside a test)');
      const value = current[name as keyof Rolebot];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
