import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger.js';

const SLACK_TOKEN = /\b(?:xox[abposer]|xapp)-[A-Za-z0-9-]+/g;
/**
 * Debug lines in which the Socket Mode client prints whole payloads (what people typed, user ids,
 * response_urls): dropped, at every level.
 */
const RAW_PAYLOAD =
  /^(?:Received a message on the WebSocket: |Unable to parse an incoming WebSocket message)/;

/**
 * Bolt, the Web API client and Socket Mode log through this bridge into pino, so every log line
 * is one structured JSON line with the same redaction. Messages are strings, which pino's key
 * redaction cannot see into, so anything shaped like a Slack token is masked here as well.
 */
export function boltLogger(logger: Logger, secrets: readonly string[] = []): BoltLogger {
  let level: LogLevel = levelOf(logger.level);
  let child = logger.child({ component: 'bolt' });
  const scrub = (parts: unknown[]): string => {
    let text = parts
      .map((part) =>
        part instanceof Error
          ? (part.stack ?? part.message)
          : typeof part === 'string'
            ? part
            : safeJson(part),
      )
      .join(' ');
    for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
    return text.replace(SLACK_TOKEN, '[redacted]');
  };
  // Bolt logs a few debug lines per request: build (and scrub) the text only when it is written.
  return {
    debug: (...parts) => {
      if (!child.isLevelEnabled('debug')) return;
      if (typeof parts[0] === 'string' && RAW_PAYLOAD.test(parts[0])) return;
      child.debug(scrub(parts));
    },
    info: (...parts) => {
      if (child.isLevelEnabled('info')) child.info(scrub(parts));
    },
    warn: (...parts) => {
      if (child.isLevelEnabled('warn')) child.warn(scrub(parts));
    },
    error: (...parts) => {
      if (child.isLevelEnabled('error')) child.error(scrub(parts));
    },
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}

function levelOf(pinoLevel: string): LogLevel {
  switch (pinoLevel) {
    case 'debug':
    case 'trace':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
