import path from 'node:path';
import { RolebotError } from './errors.js';
import { type LogLevel, parseLogLevel } from './logger.js';

/**
 * Everything rolebot reads from its environment, resolved once into a fully-defaulted value so
 * no other code touches `process.env` or handles "unset".
 */
export type Config = ConsoleConfig | SocketConfig | HttpConfig;

/** What every entry point reads: the knowledge, the store, the cache, logging and colour. */
export interface CommonConfig {
  knowledgeDir: string;
  /** Where feedback and knowledge gaps are kept. */
  store: StoreConfig;
  /** The index cache file, or null when INDEX_CACHE=off. */
  indexCache: string | null;
  logLevel: LogLevel;
  noColor: boolean;
}

export interface StoreConfig {
  /** ROLEBOT_STORE=off: nothing is stored (votes and gaps are logged only, dedupe in memory). */
  enabled: boolean;
  /** A real Postgres (DATABASE_URL); unset means the embedded one in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  retentionDays: number;
  /** ROLEBOT_HASH_KEY: the pseudonym key; unset, one is generated and kept in the database. */
  hashKey: string | undefined;
}

export interface ConsoleConfig extends CommonConfig {
  mode: 'console';
}

interface SlackCommon extends CommonConfig {
  botToken: string;
  /** Base URL of the Slack Web API (tests point it at a fake Slack on loopback). */
  slackApiUrl: string | undefined;
  /** Channels whose newcomers get a welcome. */
  onboardingChannels: ReadonlySet<string>;
  /** Slack user ids allowed to run `/roles gaps` and `/roles config`. */
  admins: ReadonlySet<string>;
  /** Questions one person may ask per minute (ROLEBOT_RATE_LIMIT; unset in a config: 20). */
  rateLimitPerMinute?: number;
  /** Least ms between two posts in one channel (ROLEBOT_POST_INTERVAL_MS; unset: 1,000). */
  postIntervalMs?: number;
  /**
   * Where "Ask a person" posts questions rolebot could not help with (ROLEBOT_OWNERS_CHANNEL),
   * until an admin sets one with `/roles config`; unset: no escalation.
   */
  ownersChannel?: string | undefined;
}

export interface SocketConfig extends SlackCommon {
  mode: 'socket';
  appToken: string;
  /** Socket Mode needs no inbound port; with PORT set, GET /healthz is served on it (containers). */
  healthPort: number | undefined;
}

export interface HttpConfig extends SlackCommon {
  mode: 'http';
  signingSecret: string;
  port: number;
  /** Interface to listen on; all interfaces unless HOST is set. */
  host: string | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const WHERE = {
  SLACK_BOT_TOKEN:
    'copy the "Bot User OAuth Token" (xoxb-…) from your Slack app\'s OAuth & Permissions page',
  SLACK_APP_TOKEN:
    'generate an app-level token with the connections:write scope under Basic Information → App-Level Tokens (xapp-…)',
  SLACK_SIGNING_SECRET: 'copy the Signing Secret from Basic Information → App Credentials',
} as const;

/**
 * Reads the configuration. No Slack variables at all: the local console. A bot token with an
 * app-level token: Socket Mode. A bot token with a signing secret: HTTP. Anything in between is an
 * error that names the missing variable and where to find it; token values are never echoed.
 */
export function readConfig(env: Environment, cwd: string): Config {
  const value = valueIn(env);
  const botToken = value('SLACK_BOT_TOKEN');
  const appToken = value('SLACK_APP_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const consoleMode = !botToken && !appToken && !signingSecret;
  // A server logs what it does; a person at the console wants answers, not log lines.
  const common = readCommonConfig(env, cwd, consoleMode ? 'warn' : 'info');

  if (consoleMode) return { mode: 'console', ...common };
  if (!botToken) throw missing('SLACK_BOT_TOKEN');
  expectPrefix('SLACK_BOT_TOKEN', botToken, 'xoxb-', 'a bot token');
  if (appToken) expectPrefix('SLACK_APP_TOKEN', appToken, 'xapp-', 'an app-level token');
  if (!appToken && !signingSecret) {
    throw new RolebotError(
      'config_missing',
      `config: SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode: ${WHERE.SLACK_APP_TOKEN}) nor SLACK_SIGNING_SECRET (HTTP mode: ${WHERE.SLACK_SIGNING_SECRET}) is`,
    );
  }

  const slack: SlackCommon = {
    ...common,
    botToken,
    slackApiUrl: slackApiUrl(value('SLACK_API_URL')),
    onboardingChannels: idList(value('ONBOARDING_CHANNELS')),
    admins: idList(value('ROLEBOT_ADMINS')),
    rateLimitPerMinute: rateLimit(value('ROLEBOT_RATE_LIMIT')),
    postIntervalMs: postInterval(value('ROLEBOT_POST_INTERVAL_MS')),
    ownersChannel: channelId('ROLEBOT_OWNERS_CHANNEL', value('ROLEBOT_OWNERS_CHANNEL')),
  };
  // With both, Socket Mode wins: it is the development default and needs no public URL.
  if (appToken) {
    const raw = value('PORT');
    return {
      mode: 'socket',
      ...slack,
      appToken,
      healthPort: raw === undefined ? undefined : port(raw),
    };
  }
  return {
    mode: 'http',
    ...slack,
    signingSecret: signingSecret as string,
    port: port(value('PORT')),
    host: value('HOST'),
  };
}

/**
 * The configuration every entry point shares, without the Slack part: what the command line
 * reads (it answers the same whatever Slack tokens are set).
 */
export function readCommonConfig(
  env: Environment,
  cwd: string,
  defaultLogLevel: LogLevel,
): CommonConfig {
  const value = valueIn(env);
  return {
    knowledgeDir: path.resolve(cwd, value('KNOWLEDGE_DIR') ?? 'knowledge'),
    indexCache: indexCacheFile(value('INDEX_CACHE'), cwd),
    store: {
      enabled: storeEnabled(value('ROLEBOT_STORE')),
      hashKey: value('ROLEBOT_HASH_KEY'),
      databaseUrl: value('DATABASE_URL'),
      dataDir: path.resolve(cwd, value('ROLEBOT_DATA_DIR') ?? 'data'),
      retentionDays: positiveInteger('ROLEBOT_RETENTION_DAYS', value('ROLEBOT_RETENTION_DAYS'), 90),
    },
    logLevel: parseLogLevel(value('LOG_LEVEL'), defaultLogLevel),
    noColor: Boolean(value('NO_COLOR')) || env.TERM === 'dumb',
  };
}

/** A variable's value, trimmed; blank counts as unset. */
function valueIn(env: Environment): (name: string) => string | undefined {
  return (name) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
}

/** Where the index cache lives unless INDEX_CACHE says otherwise: npm's conventional cache folder. */
export const DEFAULT_INDEX_CACHE = path.join('node_modules', '.cache', 'rolebot', 'index.bin');

/** INDEX_CACHE: unset → the default file, "off" → no cache, anything else → that file. */
function indexCacheFile(value: string | undefined, cwd: string): string | null {
  if (value === undefined) return path.join(cwd, DEFAULT_INDEX_CACHE);
  if (value.toLowerCase() === 'off') return null;
  return path.resolve(cwd, value);
}

function missing(name: keyof typeof WHERE): RolebotError {
  return new RolebotError('config_missing', `config: ${name} is missing: ${WHERE[name]}`);
}

function expectPrefix(name: keyof typeof WHERE, token: string, prefix: string, kind: string): void {
  if (token.startsWith(prefix)) return;
  // Only the token's kind prefix is shown ("xapp-"), never the secret part.
  const seen = /^[a-z]{4}-/.exec(token)?.[0];
  throw new RolebotError(
    'config_invalid',
    `config: ${name} must be ${kind} (${prefix}…)${seen ? `, but it starts with "${seen}"` : ''}: ${WHERE[name]}`,
  );
}

function idList(raw: string | undefined): ReadonlySet<string> {
  return new Set(
    (raw ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );
}

/** A channel id (C… public, G… private); what Slack shows under the channel's name → About. */
function channelId(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[CG][A-Z0-9]{2,20}$/.test(raw)) {
    throw new RolebotError(
      'config_invalid',
      `config: ${name} must be a channel id such as C0123456789 (channel details → About, at the bottom), not "${raw}"`,
    );
  }
  return raw;
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) {
    throw new RolebotError(
      'config_invalid',
      `config: ${name} must be a whole number of days (1 or more), not "${raw}"`,
    );
  }
  return number;
}

/** ROLEBOT_RATE_LIMIT: questions per person per minute; 20 when unset. */
function rateLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) {
    throw new RolebotError(
      'config_invalid',
      `config: ROLEBOT_RATE_LIMIT must be a whole number of questions per minute (1 or more), not "${raw}"`,
    );
  }
  return number;
}

/** ROLEBOT_POST_INTERVAL_MS: pacing of posts per channel; Slack's one a second when unset. */
function postInterval(raw: string | undefined): number {
  if (raw === undefined) return 1_000;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 0) {
    throw new RolebotError(
      'config_invalid',
      `config: ROLEBOT_POST_INTERVAL_MS must be a whole number of milliseconds (0 or more), not "${raw}"`,
    );
  }
  return number;
}

function port(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1 || number > 65_535) {
    throw new RolebotError(
      'config_invalid',
      `config: PORT must be a port number (1-65535), not "${raw}"`,
    );
  }
  return number;
}

function storeEnabled(raw: string | undefined): boolean {
  if (raw === undefined || raw.toLowerCase() === 'on') return true;
  if (raw.toLowerCase() === 'off') return false;
  throw new RolebotError(
    'config_invalid',
    `config: ROLEBOT_STORE must be "on" or "off", not "${raw}"`,
  );
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function slackApiUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^https?:\/\/\S+$/.test(raw)) {
    throw new RolebotError(
      'config_invalid',
      `config: SLACK_API_URL must be an http(s) URL, not "${raw}"`,
    );
  }
  // The bot token travels with every call: plain http only to this machine.
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))) {
    throw new RolebotError(
      'config_invalid',
      `config: SLACK_API_URL must use https (plain http only for localhost / 127.0.0.1), not "${raw}"`,
    );
  }
  // The Web API client appends method names to this base, so it must end with a slash.
  return raw.endsWith('/') ? raw : `${raw}/`;
}
