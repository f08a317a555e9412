/**
 * `npm start`. Reads the configuration once from the environment (and `.env`), builds the answer
 * engine once, and runs the local console until the Slack app takes its place. The only place,
 * with the CLI entry, that reads `process.env`.
 */
import path from 'node:path';
import { config } from 'dotenv';
import { createEngine } from './answers/engine.js';
import { reportError } from './cli/report-error.js';
import { runConsole } from './console/console.js';
import { loadKnowledge } from './knowledge/loader.js';
import { createLogger, type LogLevel, parseLogLevel } from './logger.js';
import { DEFAULT_WIDTH } from './render/terminal.js';

interface AppConfig {
  /** Absolute path of the knowledge folder. */
  knowledgeDir: string;
  logLevel: LogLevel;
  /** NO_COLOR set: never style output. */
  noColor: boolean;
}

function readConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): AppConfig {
  return {
    knowledgeDir: path.resolve(cwd, env.KNOWLEDGE_DIR || 'knowledge'),
    logLevel: parseLogLevel(env.LOG_LEVEL, 'warn'),
    noColor: Boolean(env.NO_COLOR) || env.TERM === 'dumb',
  };
}

async function main(): Promise<number> {
  config({ quiet: true });
  let debug = false;
  try {
    const settings = readConfig(process.env, process.cwd());
    debug = settings.logLevel === 'debug' || settings.logLevel === 'trace';
    const logger = createLogger({ level: settings.logLevel });

    const started = performance.now();
    const engine = createEngine(await loadKnowledge(settings.knowledgeDir));
    logger.info(
      {
        dir: settings.knowledgeDir,
        documents: engine.documents,
        passages: engine.passages.length,
        ms: Math.round(performance.now() - started),
      },
      'knowledge loaded',
    );

    const interactive = process.stdin.isTTY === true;
    const terminal = process.stdout.isTTY === true;
    await runConsole({
      engine,
      input: process.stdin,
      output: process.stdout,
      interactive,
      color: interactive && terminal && !settings.noColor,
      width:
        terminal && process.stdout.columns
          ? Math.min(process.stdout.columns, DEFAULT_WIDTH)
          : DEFAULT_WIDTH,
      knowledgeLabel: `${path.relative(process.cwd(), settings.knowledgeDir) || '.'}/`,
      logger,
    });
    return 0;
  } catch (error) {
    reportError(error, process.stderr, { debug });
    return 1;
  }
}

process.exitCode = await main();
