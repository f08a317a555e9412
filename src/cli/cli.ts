/**
 * The `rolebot` command line: `ask` and `eval` over a knowledge folder. Everything it needs from
 * the process (arguments, environment, streams) comes in through `CliContext`, so the entry file
 * stays a few lines and nothing here reads globals.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../answers/engine.js';
import {
  type EvalReport,
  evaluateBaseline,
  evaluateEngine,
  parseLabelledQuestions,
} from '../answers/evaluate.js';
import { loadKnowledge } from '../knowledge/loader.js';
import { createLogger, type Logger, parseLogLevel } from '../logger.js';
import { DEFAULT_WIDTH, renderAnswerText } from '../render/terminal.js';
import { renderEvalReport, summarize } from './eval-report.js';
import { answerToJson } from './json.js';
import { CliError, exitCodeOf, reportError } from './report-error.js';

export const DEFAULT_KNOWLEDGE_DIR = 'knowledge';
export const DEFAULT_EVAL_FILE = 'tests/eval/questions.jsonl';
export const DEFAULT_LIMIT = 3;
const MAX_LIMIT = 20;

export const USAGE = `rolebot answers "who owns this?" questions about product managers, product owners and
project managers from the Markdown articles in a knowledge folder, citing its sources.

Usage:
  rolebot ask "<question>"             answer one question as readable text
  rolebot ask --json "<question>"      the same answer as one JSON line
  rolebot ask --json < questions.txt   one JSON line per non-empty input line, in order
  rolebot eval [file.jsonl]            score a labelled set (default ${DEFAULT_EVAL_FILE})
  rolebot eval --baseline              add plain MiniSearch defaults as a second column
  rolebot eval --json                  each report as one JSON line (without per-question results)
  rolebot help                         this text

Options:
  --knowledge <dir>   the knowledge folder (default: $KNOWLEDGE_DIR, else ./${DEFAULT_KNOWLEDGE_DIR})
  --limit <n>         ask: passages per answer, 1-${MAX_LIMIT} (default ${DEFAULT_LIMIT})
  --json              machine-readable output; stdout carries nothing else
  --baseline          eval: compare with plain MiniSearch over the same passages
  -h, --help          this text

Environment:
  KNOWLEDGE_DIR       the knowledge folder when --knowledge is not given
  LOG_LEVEL           fatal, error, warn (default), info, debug, trace or silent; logs go to
                      stderr, and debug also prints the stack of an error
  NO_COLOR            no colours, even on a terminal

From the repository: npm run cli -- ask "who owns the product backlog?"
`;

export type Env = Readonly<Record<string, string | undefined>>;

export interface CliContext {
  argv: readonly string[];
  env: Env;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

const OPTIONS = {
  knowledge: { type: 'string' },
  json: { type: 'boolean', default: false },
  limit: { type: 'string' },
  baseline: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface CliArgs {
  command: string | undefined;
  rest: string[];
  knowledge: string | undefined;
  json: boolean;
  limit: string | undefined;
  baseline: boolean;
  help: boolean;
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(ctx: CliContext): Promise<number> {
  let debug = false;
  try {
    const level = parseLogLevel(ctx.env.LOG_LEVEL, 'warn');
    debug = level === 'debug' || level === 'trace';
    const logger = createLogger({ level });
    const args = parseCliArgs(ctx.argv);

    if (args.help || args.command === undefined || args.command === 'help') {
      await write(ctx.stdout, USAGE);
      return 0;
    }
    if (args.command !== 'ask' && args.command !== 'eval') {
      ctx.stderr.write(`rolebot: unknown command "${args.command}"\n\n${USAGE}`);
      return 2;
    }

    const dir = path.resolve(
      ctx.cwd,
      args.knowledge ?? (ctx.env.KNOWLEDGE_DIR || DEFAULT_KNOWLEDGE_DIR),
    );
    if (args.command === 'ask') {
      if (args.baseline) throw new CliError('--baseline only applies to eval', 2);
      const limit = parseLimit(args.limit);
      const engine = await buildEngine(dir, logger);
      await ask(ctx, engine, args, limit);
    } else {
      if (args.limit !== undefined) throw new CliError('--limit only applies to ask', 2);
      if (args.rest.length > 1) {
        throw new CliError('eval takes at most one file of labelled questions', 2);
      }
      const engine = await buildEngine(dir, logger);
      await evaluate(ctx, engine, args);
    }
    return 0;
  } catch (error) {
    reportError(error, ctx.stderr, { debug });
    const code = exitCodeOf(error);
    if (code === 2) ctx.stderr.write("run 'rolebot help' for usage\n");
    return code;
  }
}

function parseCliArgs(argv: readonly string[]): CliArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...rest] = positionals;
    return {
      command,
      rest,
      knowledge: values.knowledge,
      json: values.json,
      limit: values.limit,
      baseline: values.baseline,
      help: values.help,
    };
  } catch (error) {
    throw new CliError((error as Error).message, 2, { cause: error });
  }
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new CliError(`--limit must be a whole number from 1 to ${MAX_LIMIT} (got "${value}")`, 2);
  }
  return limit;
}

/** Reads, validates and indexes the knowledge: once per process. */
async function buildEngine(dir: string, logger: Logger): Promise<Engine> {
  const started = performance.now();
  const engine = createEngine(await loadKnowledge(dir));
  logger.debug(
    {
      dir,
      documents: engine.documents,
      passages: engine.passages.length,
      ms: Math.round(performance.now() - started),
    },
    'knowledge loaded',
  );
  return engine;
}

async function ask(ctx: CliContext, engine: Engine, args: CliArgs, limit: number): Promise<void> {
  const question = args.rest.join(' ').trim();
  if (question.length > 0) {
    const answer = engine.ask(question, { limit });
    if (args.json) {
      await write(ctx.stdout, `${JSON.stringify(answerToJson(answer))}\n`);
    } else {
      const tty = ctx.stdout.isTTY === true;
      const color = tty && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb';
      const width =
        tty && ctx.stdout.columns ? Math.min(ctx.stdout.columns, DEFAULT_WIDTH) : DEFAULT_WIDTH;
      await write(ctx.stdout, `${renderAnswerText(answer, { color, width })}\n`);
    }
    return;
  }
  if (!args.json) {
    throw new CliError('ask needs a question, e.g. rolebot ask "who owns the product backlog?"', 2);
  }
  if (ctx.stdin.isTTY === true) {
    ctx.stderr.write('rolebot: reading questions from stdin, one per line; Ctrl-D to finish\n');
  }
  const lines = createInterface({
    input: ctx.stdin,
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: false,
  });
  for await (const line of lines) {
    const text = line.trim();
    if (text.length === 0) continue;
    await write(ctx.stdout, `${JSON.stringify(answerToJson(engine.ask(text, { limit })))}\n`);
  }
}

async function evaluate(ctx: CliContext, engine: Engine, args: CliArgs): Promise<void> {
  const name = args.rest[0] ?? DEFAULT_EVAL_FILE;
  const file = path.resolve(ctx.cwd, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`eval: cannot read ${name} (${code})`, 1, { cause: error });
  }
  let questions: ReturnType<typeof parseLabelledQuestions>;
  try {
    questions = parseLabelledQuestions(text, name);
  } catch (error) {
    throw new CliError((error as Error).message, 1, { cause: error });
  }
  if (questions.length === 0) throw new CliError(`eval: ${name} has no questions`, 1);

  const reports: EvalReport[] = [evaluateEngine(engine, questions)];
  if (args.baseline) reports.push(evaluateBaseline(engine, questions));

  if (args.json) {
    for (const report of reports) await write(ctx.stdout, `${JSON.stringify(summarize(report))}\n`);
    return;
  }
  const table = renderEvalReport(reports, {
    file: name,
    passages: engine.passages.length,
    documents: engine.documents,
  });
  await write(ctx.stdout, `${table}\n`);
}

/** Writes and waits for the stream to drain when it asks to, so large batches keep memory flat. */
async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
