/**
 * Structured logs for the adapters (CLI, console, Slack). The answer core never imports this: it
 * returns values and throws RolebotErrors, and the adapter decides what is worth logging.
 *
 * Logs go to stderr (fd 2) so stdout stays free for what the program prints, e.g. `ask --json`
 * lines. Secrets are redacted by key wherever they appear at the top level or one level down.
 */
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import { RolebotError } from './errors.js';

export type { Logger } from 'pino';
export type LogLevel = LevelWithSilent;

export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Keys whose values must never reach a log line. */
export const REDACT_PATHS: readonly string[] = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'headers.authorization',
  '*.headers.authorization',
];

export const REDACTED = '[redacted]';

export interface LoggerOptions {
  level: LogLevel;
  /** Where log lines go; stderr (fd 2, written synchronously) when left out. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { name: 'rolebot' },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** Reads a LOG_LEVEL value; unset or empty means `fallback`, anything unknown is a config error. */
export function parseLogLevel(value: string | undefined, fallback: LogLevel): LogLevel {
  const wanted = value?.trim().toLowerCase();
  if (!wanted) return fallback;
  const level = LOG_LEVELS.find((candidate) => candidate === wanted);
  if (!level) {
    throw new RolebotError(
      'config_invalid',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${value}")`,
    );
  }
  return level;
}
