import type { Server } from 'node:http';
import { App, type CodedError, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Engine } from '../answers/engine.js';
import type { HttpConfig, SocketConfig } from '../config.js';
import { RolebotError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { boltLogger } from './bolt-logger.js';
import { dedupeMiddleware } from './dedupe.js';
import { ExpiringSet } from './expiring-set.js';
import { createFeedback } from './feedback.js';
import { InFlight } from './in-flight.js';
import { registerActions } from './listeners/actions.js';
import { registerCommands } from './listeners/commands.js';
import type { ListenerContext } from './listeners/context.js';
import { registerEvents } from './listeners/events.js';
import { registerHome } from './listeners/home.js';

export interface SlackAppOptions {
  config: SocketConfig | HttpConfig;
  engine: Engine;
  logger: Logger;
  /** Socket Mode: ms without a pong before reconnecting (Slack's client defaults to 5,000). */
  clientPingTimeoutMs?: number;
  /** Whether the answer index is built and serving; /healthz says so. */
  isReady?: () => boolean;
  /** How long one Web API call may take before it is retried (tests shorten it). */
  apiTimeoutMs?: number;
  /**
   * Where votes, gaps and processed event ids are kept; null: nowhere (logged only). A promise is
   * awaited in the background: the bot answers at once and starts storing when the store is open.
   */
  store?: Store | null | Promise<Store | null>;
}

export interface SlackApp {
  app: App;
  /** Starts the receiver; in HTTP mode resolves with the bound port. */
  start(): Promise<{ port?: number }>;
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
/** Slack's largest payloads are a few kilobytes; anything far beyond is refused. */
const BODY_LIMIT = '256kb';
const SORRY = "Sorry, I couldn't answer that just now. Please try again in a moment.";

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
  const health = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      const ready = isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready, passages: engine.passages.length }));
    },
  };

  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken,
          logger: bolt,
          ...(options.clientPingTimeoutMs
            ? { clientPingTimeout: options.clientPingTimeoutMs }
            : {}),
          installerOptions: {
            clientOptions: clientOptions(),
            ...(config.healthPort !== undefined ? { port: config.healthPort } : {}),
          },
          // With a port, Bolt serves these routes on a small HTTP server beside the socket.
          ...(config.healthPort !== undefined ? { customRoutes: [health] } : {}),
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: '/slack/events',
          logger: bolt,
          customRoutes: [health],
          bodyLimit: BODY_LIMIT,
        });

  const app = new App({
    token: config.botToken,
    receiver,
    logger: bolt,
    clientOptions: clientOptions(),
    extendedErrorHandler: true,
    // Bolt's default conversation store (context.conversation) is unused here, and its lookup
    // builds and throws away an Error ("Conversation not found") on every request.
    convoStore: false,
  });

  const store: { current: Store | null } = { current: null };
  const feedback = createFeedback(() => store.current, engine, logger);
  const context: ListenerContext = {
    engine,
    logger,
    threads: new ExpiringSet({ maxEntries: 10_000, ttlMs: 7 * 24 * 3_600_000 }),
    onboardingChannels: config.onboardingChannels,
    feedback,
    admins: config.admins,
  };
  const inFlight = new InFlight();
  app.use(inFlight.around(dedupeMiddleware(logger, { claimShared: feedback.claimEvent })));
  // Down-votes reach the ranking within a minute (and at once after a 👎 on this replica).
  void Promise.resolve(options.store ?? null).then((opened) => {
    store.current = opened;
    return feedback.refresh();
  });
  const refresher = setInterval(() => void feedback.refresh(), 60_000);
  refresher.unref();
  registerCommands(app, context);
  registerEvents(app, context);
  registerActions(app, context);
  registerHome(app, context);

  // The one place an error becomes a log line and, where there is a channel, a short apology.
  // `extendedErrorHandler: true` makes Bolt pass the request body; its type is not exported.
  app.error((async ({ error, body }: { error: CodedError; body: unknown }) => {
    const request = requestOf(body);
    logger.error({ err: describe(error), ...request }, 'could not answer a Slack request');
    await tellUser(app, body, error).catch((notifyError: unknown) => {
      logger.error(
        { err: describe(notifyError), ...request },
        'could not tell the user about the failure either',
      );
    });
  }) as unknown as Parameters<App['error']>[0]);

  return {
    app,
    async start() {
      if (config.mode === 'socket') {
        await app.start();
        return {};
      }
      const server = (await app.start({
        port: config.port,
        ...(config.host ? { host: config.host } : {}),
      })) as Server;
      const address = server.address();
      return { port: typeof address === 'object' && address ? address.port : config.port };
    },
    async stop(graceMs = 5_000) {
      clearInterval(refresher);
      await app.stop();
      const drained = await inFlight.drain(graceMs);
      if (!drained)
        logger.warn({ inFlight: inFlight.size, graceMs }, 'stopped with answers still in flight');
      return drained;
    },
  };
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

async function tellUser(app: App, body: unknown, error: unknown): Promise<void> {
  const data = (body ?? {}) as {
    response_url?: string;
    event?: {
      channel?: string;
      ts?: string;
      thread_ts?: string;
      channel_type?: string;
      type?: string;
    };
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
  if (event?.channel && (event.type === 'app_mention' || event.type === 'message')) {
    await app.client.chat.postMessage({
      channel: event.channel,
      text: SORRY,
      ...(event.thread_ts || event.channel_type !== 'im'
        ? { thread_ts: event.thread_ts ?? event.ts }
        : {}),
    });
  }
}
