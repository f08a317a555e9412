import { createServer, type Server } from 'node:http';
import { App, type CodedError, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Engine } from '../answers/engine.js';
import type { HttpConfig, SocketConfig } from '../config.js';
import { RolebotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { Admission, type AdmissionOptions, admissionMiddleware } from './admission.js';
import { boltLogger } from './bolt-logger.js';
import { dedupeMiddleware } from './dedupe.js';
import type { EventFields } from './event-fields.js';
import { ExpiringSet } from './expiring-set.js';
import { createFeedback, type StoreSlot } from './feedback.js';
import { InFlight } from './in-flight.js';
import { registerActions } from './listeners/actions.js';
import { registerAssistant } from './listeners/assistant.js';
import { registerCommands } from './listeners/commands.js';
import { registerConfig } from './listeners/config.js';
import type { ListenerContext } from './listeners/context.js';
import { registerEscalation } from './listeners/escalation.js';
import { handlesEvent, registerEvents } from './listeners/events.js';
import { registerFeedbackButtons } from './listeners/feedback-buttons.js';
import { registerHome } from './listeners/home.js';
import { registerMessageShortcut } from './listeners/message-shortcut.js';
import { registerOwnerShortcut } from './listeners/owner-shortcut.js';
import { registerWorkflowStep } from './listeners/workflow-step.js';
import { knowledgeTopics } from './owner-topics.js';
import { ChannelPacer } from './pacer.js';
import { RateLimiter, rateLimitMiddleware, slackQuestion } from './rate-limit.js';
import { createSettings, refreshSettingsMiddleware } from './settings.js';

export interface SlackAppOptions {
  config: SocketConfig | HttpConfig;
  engine: Engine;
  logger: Logger;
  /** Socket Mode: ms without a pong before reconnecting (Slack's client defaults to 5,000). */
  clientPingTimeoutMs?: number;
  /**
   * Whether the rest of the process is ready (the index built and its cache checked); /healthz
   * says ready only when this, the store and the Slack connection all are.
   */
  isReady?: () => boolean;
  /** How long one Web API call may take before it is retried (tests shorten it). */
  apiTimeoutMs?: number;
  /** Least time between two messages rolebot posts in one channel (Slack's pace: 1,000 ms). */
  postIntervalMs?: number;
  /**
   * Where votes, gaps and processed event ids are kept; null: nowhere (logged only). A promise
   * is awaited in the background; until it settles /healthz says not ready, and events wait for
   * it (bounded) before a shared claim is decided.
   */
  store?: Store | null | Promise<Store | null>;
  /** Whether `store` is a shared one (DATABASE_URL); default: known once it opens. */
  sharedStore?: boolean;
  /** Backoff between start-up attempts to reach Slack (tests shorten it). */
  connectRetry?: { minMs: number; maxMs: number };
  /** The bounded answer queue (graceful overload). */
  admission?: AdmissionOptions;
  /** How long an event waits for an undecidable shared claim (default 20 s). */
  claimWaitMs?: number;
}

export interface SlackApp {
  app: App;
  /**
   * Listens (HTTP mode; Socket Mode's /healthz when PORT is set), then reaches Slack: auth.test
   * with the bot token and, in Socket Mode, the socket. Network failures are logged and retried
   * with backoff, /healthz answering 503 meanwhile; resolves once connected. Rejects with a
   * config error when Slack refuses the token (invalid_auth).
   */
  start(): Promise<{ port?: number }>;
  /** The port /healthz is served on, once listening (HTTP mode, or Socket Mode with PORT). */
  readonly listening: Promise<number | undefined>;
  /** What /healthz reports. */
  ready(): boolean;
  /**
   * Stops taking new requests (closes the HTTP server or the Socket Mode connection), then waits
   * up to `graceMs` for answers in flight. Resolves false if some were still running.
   */
  stop(graceMs?: number): Promise<boolean>;
}

/** How the Web API client retries: a few times, honouring Retry-After on 429s (the client does). */
export const RETRY_CONFIG = {
  retries: 3,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 5_000,
  randomize: true,
};
const API_TIMEOUT_MS = 10_000;
/** chat.postMessage: about one message per second per channel (Slack's documented pace). */
const POST_INTERVAL_MS = 1_000;
/** Questions per person per minute when the configuration does not say (ROLEBOT_RATE_LIMIT). */
const DEFAULT_RATE_LIMIT = 20;
/** Slack's largest payloads are a few kilobytes; anything far beyond is refused. */
const BODY_LIMIT = '256kb';
const SORRY = "Sorry, I couldn't answer that just now. Please try again in a moment.";
/** Slack errors that mean the token itself is refused: retrying cannot help. */
const TOKEN_REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);
/** A request arriving before auth.test has answered waits this long for it, then fails. */
const AUTH_WAIT_MS = 2_000;

/**
 * The Bolt app for either connection mode, with every listener registered. Transport lives in
 * the receiver; listeners only turn Slack payloads into engine calls and rendered messages.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, engine, logger } = options;
  const secrets = [
    config.botToken,
    config.mode === 'socket' ? config.appToken : config.signingSecret,
  ];
  const bolt = boltLogger(logger, secrets);
  const isReady = options.isReady ?? (() => true);
  // Fresh objects each time: Bolt and the Socket Mode client write into the options they get.
  const clientOptions = () => ({
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    retryConfig: { ...RETRY_CONFIG },
    timeout: options.apiTimeoutMs ?? API_TIMEOUT_MS,
  });

  // The bot's identity comes from our own auth.test, retried; Bolt's would run in its
  // constructor and crash the process when Slack cannot be reached.
  let identity: { botUserId: string; botId: string } | undefined;
  let identified: () => void = () => {};
  const identityKnown = new Promise<void>((resolve) => {
    identified = resolve;
  });
  let connected = false;
  const storeSlot: StoreSlot = {
    current: null,
    opened: Promise.resolve(options.store ?? null).catch(() => null),
    shared: options.sharedStore ?? false,
  };
  let storeSettled = false;
  const ready = () => connected && storeSettled && isReady();

  const health = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ready: ok,
          slack: connected,
          store: storeSettled,
          passages: engine.passages.length,
        }),
      );
    },
  };
  // Socket Mode: /healthz on our own small server, so it answers (503) before Slack is reached.
  const healthServer =
    config.mode === 'socket' && config.healthPort !== undefined
      ? createServer((req, res) => {
          if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') {
            health.handler(req, res);
            return;
          }
          res.writeHead(404).end();
        })
      : undefined;

  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken,
          logger: bolt,
          ...(options.clientPingTimeoutMs
            ? { clientPingTimeout: options.clientPingTimeoutMs }
            : {}),
          installerOptions: { clientOptions: clientOptions() },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: '/slack/events',
          logger: bolt,
          customRoutes: [health],
          bodyLimit: BODY_LIMIT,
        });

  const app = new App({
    receiver,
    logger: bolt,
    clientOptions: clientOptions(),
    authorize: async () => {
      if (!identity) {
        await Promise.race([identityKnown, sleep(AUTH_WAIT_MS)]);
      }
      if (!identity) throw new Error('not connected to Slack yet (auth.test has not answered)');
      return { botToken: config.botToken, ...identity };
    },
    extendedErrorHandler: true,
    // Bolt's default conversation store (context.conversation) is unused here, and its lookup
    // builds and throws away an Error ("Conversation not found") on every request.
    convoStore: false,
  });

  const feedback = createFeedback(storeSlot, engine, logger, {
    ...(options.claimWaitMs !== undefined ? { claimWaitMs: options.claimWaitMs } : {}),
  });
  const topics = knowledgeTopics(engine, config.knowledgeDir);
  const context: ListenerContext = {
    engine,
    logger,
    threads: new ExpiringSet({ maxEntries: 10_000, ttlMs: 7 * 24 * 3_600_000 }),
    onboardingChannels: config.onboardingChannels,
    feedback,
    admins: config.admins,
    pacer: new ChannelPacer({
      intervalMs: options.postIntervalMs ?? config.postIntervalMs ?? POST_INTERVAL_MS,
    }),
    topics,
    settings: createSettings(
      storeSlot,
      { onboardingChannels: config.onboardingChannels, ownersChannel: config.ownersChannel },
      logger,
    ),
  };
  const handles = (body: unknown) => handlesEvent(body, context);
  const inFlight = new InFlight();
  const admission = new Admission(logger, options.admission);
  // Events whose handling depends on the settings read them first (so does handlesEvent below).
  app.use(refreshSettingsMiddleware(context.settings));
  // Duplicates are dropped (and shared claims decided) before a request takes an answer slot.
  app.use(inFlight.around(dedupeMiddleware(logger, { claimShared: feedback.claimEvent, handles })));
  // After dedupe (Slack's redeliveries are not counted against anyone), before admission (a
  // question over the limit takes no answer slot).
  app.use(
    rateLimitMiddleware(
      new RateLimiter(config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT),
      slackQuestion(handles, context.pacer),
      logger,
    ),
  );
  app.use(admissionMiddleware(admission, handles));
  // Down-votes reach the ranking within a minute (and within seconds after a 👎).
  void storeSlot.opened.then(async (opened) => {
    storeSlot.current = opened;
    if (opened) storeSlot.shared = options.sharedStore ?? opened.backend === 'postgres';
    await feedback.refresh();
    storeSettled = true;
  });
  const refresher = setInterval(() => void feedback.refresh(), 60_000);
  refresher.unref();
  // Before the other listeners: it takes the assistant's threaded DMs, plain DMs pass on.
  registerAssistant(app, context);
  registerCommands(app, context);
  registerEvents(app, context);
  registerActions(app, context);
  registerFeedbackButtons(app, context);
  registerHome(app, context);
  registerMessageShortcut(app, context);
  registerWorkflowStep(app, context);
  registerOwnerShortcut(app, context);
  registerConfig(app, context);
  registerEscalation(app, context, new RateLimiter(3, 10 * 60_000));

  // The one place an error becomes a log line and, where there is a channel, a short apology.
  // `extendedErrorHandler: true` makes Bolt pass the request body; its type is not exported.
  app.error((async ({ error, body }: { error: CodedError; body: unknown }) => {
    const request = requestOf(body);
    logger.error({ err: describe(error), ...request }, 'could not answer a Slack request');
    await tellUser(app, config.botToken, context.pacer, body, error).catch(
      (notifyError: unknown) => {
        logger.error(
          { err: describe(notifyError), ...request },
          'could not tell the user about the failure either',
        );
      },
    );
  }) as unknown as Parameters<App['error']>[0]);

  // auth.test through a client of its own: no retries of its own (the loop below retries, and
  // says so), quiet (the loop logs one line per attempt).
  const authClient = new webApi.WebClient(undefined, {
    ...clientOptions(),
    retryConfig: { retries: 0 },
    logger: quiet(bolt),
  });
  const apiUrl = config.slackApiUrl ?? 'https://slack.com/api/';
  const backoff = options.connectRetry ?? { minMs: 1_000, maxMs: 30_000 };
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Runs `attempt` until it succeeds, logging each failure with the next retry. */
  async function retrying<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures++) {
      if (stopping) throw new Error('rolebot is stopping');
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof RolebotError) throw error;
        const delay = Math.min(backoff.maxMs, backoff.minMs * 2 ** failures);
        const line = {
          what,
          where: apiUrl,
          err: describe(error).message,
          attempt: failures + 1,
          retryInMs: delay,
        };
        const message = `cannot reach Slack (${what} at ${apiUrl}); retrying in ${Math.round(delay / 1000)} s`;
        if (failures === 0) logger.error(line, message);
        else logger.warn(line, message);
        await pause(delay);
      }
    }
  }

  async function authenticate(): Promise<void> {
    const result = await retrying('auth.test', async () => {
      try {
        return await authClient.auth.test({ token: config.botToken });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code && TOKEN_REFUSED.has(code)) {
          throw new RolebotError(
            'config_invalid',
            `config: SLACK_BOT_TOKEN was refused by Slack (${code}): copy the "Bot User OAuth Token" (xoxb-…) from your Slack app's OAuth & Permissions page`,
          );
        }
        throw error;
      }
    });
    identity = { botUserId: String(result.user_id ?? ''), botId: String(result.bot_id ?? '') };
    identified();
  }

  let resolveListening: (port: number | undefined) => void = () => {};
  const listening = new Promise<number | undefined>((resolve) => {
    resolveListening = resolve;
  });
  let httpServer: Server | undefined;

  return {
    app,
    listening,
    ready,
    async start() {
      // The "Who owns…?" topics take a moment on a large knowledge base (about 0.8 s at 2,000
      // documents): work them out now, a slice at a time between requests, not while Slack
      // waits for the menu's options. On failure the menu tries again when it is opened.
      void topics.warm().catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, 'could not work out the owner topics');
      });
      if (config.mode === 'http') {
        httpServer = (await app.start({
          port: config.port,
          ...(config.host ? { host: config.host } : {}),
        })) as Server;
        const address = httpServer.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        resolveListening(port);
        await authenticate();
        connected = true;
        return { port };
      }
      let port: number | undefined;
      if (healthServer && config.mode === 'socket' && config.healthPort !== undefined) {
        const wanted = config.healthPort;
        await new Promise<void>((resolve, reject) => {
          healthServer.once('error', reject);
          healthServer.listen(wanted, () => {
            healthServer.off('error', reject);
            resolve();
          });
        });
        const address = healthServer.address();
        port = typeof address === 'object' && address ? address.port : wanted;
      }
      resolveListening(port);
      await authenticate();
      await retrying('apps.connections.open', () => app.start());
      connected = true;
      return port === undefined ? {} : { port };
    },
    async stop(graceMs = 5_000) {
      stopping = true;
      wake?.();
      clearInterval(refresher);
      admission.close();
      healthServer?.close();
      await app.stop().catch(() => undefined);
      const drained = await inFlight.drain(graceMs);
      if (!drained)
        logger.warn({ inFlight: inFlight.size, graceMs }, 'stopped with answers still in flight');
      return drained;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Bolt logger that keeps only errors (the caller logs its own line per failed attempt). */
function quiet(logger: ReturnType<typeof boltLogger>): ReturnType<typeof boltLogger> {
  return { ...logger, debug: () => {}, info: () => {}, warn: () => {} };
}

function requestOf(body: unknown): Record<string, string | undefined> {
  const data = (body ?? {}) as {
    event_id?: string;
    trigger_id?: string;
    type?: string;
    command?: string;
    event?: { type?: string };
  };
  return {
    eventId: data.event_id,
    triggerId: data.trigger_id,
    kind: data.command ?? data.event?.type ?? data.type,
  };
}

function describe(error: unknown): Record<string, unknown> {
  const coded = error as Partial<CodedError> & { data?: { error?: string }; statusCode?: number };
  return {
    message: coded?.message ?? String(error),
    code: coded?.code,
    slackError: coded?.data?.error,
    status: coded?.statusCode,
  };
}

async function tellUser(
  app: App,
  token: string,
  pacer: ChannelPacer,
  body: unknown,
  error: unknown,
): Promise<void> {
  const data = (body ?? {}) as {
    response_url?: string;
    event?: EventFields & { function_execution_id?: string; bot_access_token?: string };
  };
  // An expired response_url (404/410) will not take an apology either.
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  if (data.response_url && status !== 404 && status !== 410) {
    const response = await fetch(data.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: SORRY }),
    });
    if (!response.ok) {
      throw new RolebotError(
        'delivery_failed',
        `slack: the response_url answered ${response.status} to the apology`,
      );
    }
    return;
  }
  const event = data.event;
  // A workflow step left without an outcome would hang the workflow: end it with an error.
  if (event?.type === 'function_executed' && event.function_execution_id) {
    await app.client.functions.completeError({
      token: event.bot_access_token ?? token,
      function_execution_id: event.function_execution_id,
      error: 'rolebot could not finish this step just now. Run the workflow again in a moment.',
    });
    return;
  }
  const channel = event?.channel;
  if (channel && (event.type === 'app_mention' || event.type === 'message')) {
    await pacer.run(channel, () =>
      app.client.chat.postMessage({
        token,
        channel,
        text: SORRY,
        ...(event.thread_ts || event.channel_type !== 'im'
          ? { thread_ts: event.thread_ts ?? event.ts }
          : {}),
      }),
    );
  }
}
