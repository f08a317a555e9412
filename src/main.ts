/**
 * `npm start`. Reads the configuration once from the environment (and `.env`), builds the answer
 * engine once, and picks the adapter: Socket Mode or HTTP when Slack tokens are set, the local
 * console when none are. The only place, with the CLI entry, that reads `process.env`.
 */
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import type { Engine } from './answers/engine.js';
import { reportError } from './cli/report-error.js';
import { type Config, readConfig } from './config.js';
import { runConsole } from './console/console.js';
import { loadEngine } from './index-cache/cached-engine.js';
import { liveEngine, watchKnowledge } from './index-cache/hot-reload.js';
import { createLogger, type Logger } from './logger.js';
import { DEFAULT_WIDTH } from './render/terminal/text.js';
import { createSlackApp } from './slack/app.js';
import { openStore, type Store } from './store/store.js';

/** How long shutdown waits for in-flight answers before exiting anyway. */
const SHUTDOWN_GRACE_MS = 5_000;

async function main(): Promise<number> {
  // Everything rolebot writes (the embedded store, its key, the index cache) is owner-only.
  process.umask(0o077);
  loadDotenv({ quiet: true });
  let debug = false;
  try {
    const config = readConfig(process.env, process.cwd());
    debug = config.logLevel === 'debug' || config.logLevel === 'trace';
    const logger = createLogger({ level: config.logLevel });

    const loaded = await loadEngine(config.knowledgeDir, { cacheFile: config.indexCache, logger });
    const { engine, from, ms, verified } = loaded;
    logger.info(
      {
        dir: config.knowledgeDir,
        documents: engine.documents,
        passages: engine.passages.length,
        from,
        ms: Math.round(ms),
      },
      'knowledge loaded',
    );
    // Edits to knowledge/ are picked up while running; a broken edit keeps the last good index.
    const live = liveEngine(loaded);
    const watcher = watchKnowledge({
      dir: config.knowledgeDir,
      live,
      cacheFile: config.indexCache,
      logger,
      verified,
    });
    // /healthz says ready only once the cache's background content check is done too.
    let checked = false;
    void verified.finally(() => {
      checked = true;
    });
    try {
      if (config.mode === 'console') return await startConsole(config, live.engine, logger);
      return await startSlack(config, live.engine, logger, () => checked);
    } finally {
      watcher.close();
    }
  } catch (error) {
    reportError(error, process.stderr, { debug });
    return 1;
  }
}

async function startConsole(config: Config, engine: Engine, logger: Logger): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  const terminal = process.stdout.isTTY === true;
  await runConsole({
    engine,
    input: process.stdin,
    output: process.stdout,
    interactive,
    color: interactive && terminal && !config.noColor,
    width:
      terminal && process.stdout.columns
        ? Math.min(process.stdout.columns, DEFAULT_WIDTH)
        : DEFAULT_WIDTH,
    knowledgeLabel: `${path.relative(process.cwd(), config.knowledgeDir) || '.'}/`,
    logger,
  });
  return 0;
}

async function startSlack(
  config: Exclude<Config, { mode: 'console' }>,
  engine: Engine,
  logger: Logger,
  isReady: () => boolean,
): Promise<number> {
  // The embedded store can take seconds to open the first time (and blocks the event loop while
  // it does): /healthz says not ready until it is open and pruned.
  const store = config.store.enabled ? openStoreOrNone(config, logger) : null;
  if (!config.store.enabled) logger.info({}, 'feedback store off (ROLEBOT_STORE=off)');
  const slack = createSlackApp({
    config,
    engine,
    logger,
    store,
    isReady,
    sharedStore: Boolean(config.store.enabled && config.store.databaseUrl),
  });
  const { port } = await slack.start();
  logger.info({ mode: config.mode, ...(port ? { port } : {}) }, 'rolebot is connected to Slack');

  // Stop taking new work, let in-flight answers finish (bounded), then exit cleanly.
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      // A last resort if closing the connections themselves hangs.
      const timer = setTimeout(() => {
        logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown grace period over; exiting');
        resolve(0);
      }, SHUTDOWN_GRACE_MS * 2);
      timer.unref();
      slack
        .stop(SHUTDOWN_GRACE_MS)
        .then(async () => (await store)?.close())
        .catch((error: unknown) =>
          logger.error({ err: (error as Error).message }, 'error while stopping'),
        )
        .finally(() => {
          clearTimeout(timer);
          resolve(0);
        });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/**
 * Feedback and gaps go to Postgres (DATABASE_URL) or the embedded one in ROLEBOT_DATA_DIR. If it
 * cannot be opened, rolebot says so in one line and answers anyway: dedupe stays in memory and
 * feedback is logged only. Old rows are pruned now and daily.
 */
async function openStoreOrNone(
  config: Exclude<Config, { mode: 'console' }>,
  logger: Logger,
): Promise<Store | null> {
  const started = performance.now();
  try {
    const store = await openStore({
      databaseUrl: config.store.databaseUrl,
      dataDir: config.store.dataDir,
      hashKey: config.store.hashKey,
      logger,
    });
    logger.info(
      {
        store: config.store.databaseUrl ? 'postgres' : 'embedded',
        ms: Math.round(performance.now() - started),
      },
      'feedback store open',
    );
    const prune = () =>
      store
        .prune(config.store.retentionDays)
        .then((removed) =>
          logger.info({ removed, days: config.store.retentionDays }, 'old feedback pruned'),
        )
        .catch((error: unknown) =>
          logger.error({ err: (error as Error).message }, 'pruning feedback failed'),
        );
    // The first prune (and its erase) runs before rolebot reports ready, not under traffic.
    await prune();
    setInterval(() => void prune(), 24 * 3_600_000).unref();
    return store;
  } catch (error) {
    logger.error(
      { err: (error as Error).message },
      'feedback store unavailable: answering anyway, with in-memory dedupe and feedback in the logs only',
    );
    return null;
  }
}

process.exitCode = await main();
// Once main is done the process is done: the Slack clients may still hold sockets and timers.
// (Console output is written by then; stderr and pino's destination write synchronously.)
setImmediate(() => process.exit());
