/**
 * What every CLI subcommand is handed: the process's arguments, configuration and streams as
 * values (so nothing in the CLI reads globals), and the few helpers they share.
 */
import { once } from 'node:events';
import type { Engine } from '../answers/engine.js';
import type { CommonConfig } from '../config.js';
import { RolebotError } from '../errors.js';
import { loadEngine } from '../index-cache/cached-engine.js';
import type { Logger } from '../logger.js';
import { DEFAULT_WIDTH } from '../render/terminal/text.js';

export interface CliStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

/** The options every subcommand may be given (each refuses those that are not its own). */
export interface CliArgs {
  /** The words after the subcommand. */
  rest: string[];
  json: boolean;
  limit: string | undefined;
  baseline: boolean;
}

/** One subcommand's run: configuration read once, arguments parsed, streams to write to. */
export interface CliRun extends CliStreams {
  cwd: string;
  /** `--knowledge` already applied. */
  config: CommonConfig;
  args: CliArgs;
  logger: Logger;
}

/** A usage mistake (unknown option, missing question): exit code 2, the message as is. */
export function usageError(message: string, options?: { cause?: unknown }): RolebotError {
  return new RolebotError('usage', message, options);
}

export const DEFAULT_LIMIT = 3;

/** `--limit`: a whole number from 1 to `max`, or the default. */
export function parseLimit(value: string | undefined, max: number): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw usageError(`--limit must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return limit;
}

/** Refuses the options that only other subcommands take. */
export function refuseOptions(run: CliRun, own: readonly ('limit' | 'baseline')[]): void {
  if (!own.includes('baseline') && run.args.baseline) {
    throw usageError('--baseline only applies to eval');
  }
  if (!own.includes('limit') && run.args.limit !== undefined) {
    throw usageError('--limit only applies to ask and gaps');
  }
}

/** The engine for the knowledge folder; one question and out, so a restore is trusted by stats. */
export async function openEngine(run: CliRun): Promise<Engine> {
  const { knowledgeDir: dir, indexCache: cacheFile } = run.config;
  const { engine, from, ms } = await loadEngine(dir, {
    cacheFile,
    logger: run.logger,
    verify: false,
  });
  run.logger.debug(
    {
      dir,
      documents: engine.documents,
      passages: engine.passages.length,
      from,
      ms: Math.round(ms),
    },
    'knowledge loaded',
  );
  return engine;
}

/** Colour and the terminal's width only on a terminal, and no colour with NO_COLOR or TERM=dumb. */
export function textOptions(run: CliRun): { color: boolean; width: number } {
  const tty = run.stdout.isTTY === true;
  return {
    color: tty && !run.config.noColor,
    width: tty && run.stdout.columns ? Math.min(run.stdout.columns, DEFAULT_WIDTH) : DEFAULT_WIDTH,
  };
}

/** Writes and waits for the stream to drain when it asks to, so large batches keep memory flat. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
