/**
 * The `rolebot` command line: `ask`, `owner`, `compare` and `eval` over a knowledge folder. Everything it needs from
 * the process (arguments, environment, streams) comes in through `CliContext`, so the entry file
 * stays a few lines and nothing here reads globals.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Engine } from '../answers/engine.js';
import {
  type EvalReport,
  evaluateBaseline,
  evaluateEngine,
  parseLabelledQuestions,
} from '../answers/evaluate.js';
import { parseRolesCommand, type RolesCommand } from '../commands/roles-command.js';
import { cacheFileFrom, loadEngine } from '../engine-loader.js';
import { createLogger, parseLogLevel } from '../logger.js';
import {
  DEFAULT_WIDTH,
  renderAnswerText,
  renderComparisonText,
  renderOwnerText,
} from '../render/terminal.js';
import { openStore } from '../store/store.js';
import { renderEvalReport, summarize } from './eval-report.js';
import { answerToJson, comparisonToJson, ownerToJson } from './json.js';
import { CliError, exitCodeOf, reportError } from './report-error.js';

export const DEFAULT_KNOWLEDGE_DIR = 'knowledge';
export const DEFAULT_EVAL_FILE = 'tests/eval/questions.jsonl';
export const DEFAULT_LIMIT = 3;
const MAX_LIMIT = 20;

export const USAGE = `rolebot answers "who owns this?" questions about product managers, product owners and
project managers from the Markdown articles in a knowledge folder, citing its sources.

Usage:
  rolebot ask "<question>"                answer one question as readable text
  rolebot ask --json "<question>"         the same answer as one JSON line
  rolebot ask --json < questions.txt      one JSON line per non-empty input line, in order
  rolebot owner "<thing>"                 who owns it: the verdict, then the statements for and
                                          against, grouped by role
  rolebot owner --json "<thing>"          the verdict and its strongest statements as one JSON line
  rolebot compare <a> <b> [topic...]      two roles side by side, one row per aspect, every cell
                                          quoted from a source; a topic keeps the matching rows
  rolebot compare --json <a> <b> [topic...]
                                          the same comparison as one JSON line
  rolebot eval [file.jsonl]               score a labelled set (default ${DEFAULT_EVAL_FILE})
  rolebot eval --baseline                 add plain MiniSearch defaults as a second column
  rolebot eval --json                     each report as one JSON line (without per-question results)
  rolebot gaps [--json] [--limit n]       the most frequent unanswered and voted-down questions,
                                          from the feedback store (DATABASE_URL or ROLEBOT_DATA_DIR)
  rolebot index                           build the index cache now (npm run build does), so the
                                          next start restores it instead of indexing
  rolebot help                            this text

Roles (as in Slack's /roles compare): pm or pdm (product manager), po (product owner), project or
proj (project manager). With one role it is compared with its usual partner (pm with po, project
with pm); with none, pm with po. Two different roles are needed.

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
  INDEX_CACHE         the index cache file (default node_modules/.cache/rolebot/index.json),
                      or "off"; it is rebuilt whenever the knowledge or rolebot's code changes

Exit codes: 0 done (also when the answer is "I don't know"), 1 unreadable knowledge or input
file, 2 a usage mistake (unknown command or option, missing question or thing, same role twice).

From the repository: npm run cli -- ask "who owns the product backlog?"
                     npm run cli -- compare pm po backlog
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

const COMMANDS: ReadonlySet<string> = new Set(['ask', 'owner', 'compare', 'eval', 'index', 'gaps']);

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
    if (!COMMANDS.has(args.command)) {
      ctx.stderr.write(`rolebot: unknown command "${args.command}"\n\n${USAGE}`);
      return 2;
    }

    const dir = path.resolve(
      ctx.cwd,
      args.knowledge ?? (ctx.env.KNOWLEDGE_DIR || DEFAULT_KNOWLEDGE_DIR),
    );
    const cacheFile = cacheFileFrom(ctx.env.INDEX_CACHE, ctx.cwd);
    const buildEngine = async (): Promise<Engine> => {
      // One question and out: a restore is trusted by the files' sizes and times.
      const { engine, from, ms } = await loadEngine(dir, { cacheFile, logger, verify: false });
      logger.debug(
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
    };
    if (args.command === 'gaps') {
      // The most frequent unanswered and voted-down questions, from the feedback store.
      const store = await openStore({
        databaseUrl: ctx.env.DATABASE_URL || undefined,
        dataDir: path.resolve(ctx.cwd, ctx.env.ROLEBOT_DATA_DIR || 'data'),
        logger,
      });
      try {
        const gaps = await store.topGaps(parseLimit(args.limit ?? '20', 100));
        if (args.json) {
          for (const gap of gaps) await write(ctx.stdout, `${JSON.stringify(gap)}\n`);
        } else if (gaps.length === 0) {
          await write(ctx.stdout, 'No knowledge gaps recorded yet.\n');
        } else {
          const lines = gaps.map(
            (gap, i) =>
              `${String(i + 1).padStart(3)}. ${gap.question}  (${gap.count}×: ${gap.unanswered} unanswered, ${gap.downvoted} voted down)`,
          );
          await write(ctx.stdout, `${lines.join('\n')}\n`);
        }
      } finally {
        await store.close();
      }
      return 0;
    }
    if (args.command === 'index') {
      // Builds the index cache ahead of time (npm run build, the Docker image).
      if (!cacheFile) throw new CliError('index writes the index cache; INDEX_CACHE is "off"', 2);
      let loaded = await loadEngine(dir, { cacheFile, logger });
      // "Up to date" is said only of a cache whose contents were checked, not just its stats.
      if (!(await loaded.verified))
        loaded = await loadEngine(dir, { cacheFile, logger, refresh: true });
      const { engine, from, ms } = loaded;
      await write(
        ctx.stdout,
        `index cache ${from === 'cache' ? 'already up to date' : 'written'}: ${cacheFile} (${engine.passages.length} passages from ${engine.documents} documents, ${Math.round(ms)} ms)\n`,
      );
    } else if (args.command === 'ask') {
      if (args.baseline) throw new CliError('--baseline only applies to eval', 2);
      const limit = parseLimit(args.limit);
      const engine = await buildEngine();
      await ask(ctx, engine, args, limit);
    } else if (args.command === 'owner' || args.command === 'compare') {
      if (args.baseline) throw new CliError('--baseline only applies to eval', 2);
      if (args.limit !== undefined) throw new CliError('--limit only applies to ask', 2);
      const command = readRolesCommand(args.command, args.rest);
      const engine = await buildEngine();
      await answerRolesCommand(ctx, engine, command, args.json);
    } else {
      if (args.limit !== undefined) throw new CliError('--limit only applies to ask', 2);
      if (args.rest.length > 1) {
        throw new CliError('eval takes at most one file of labelled questions', 2);
      }
      const engine = await buildEngine();
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

function parseLimit(value: string | undefined, max = MAX_LIMIT): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new CliError(`--limit must be a whole number from 1 to ${max} (got "${value}")`, 2);
  }
  return limit;
}

async function ask(ctx: CliContext, engine: Engine, args: CliArgs, limit: number): Promise<void> {
  const question = args.rest.join(' ').trim();
  if (question.length > 0) {
    const answer = engine.ask(question, { limit });
    const text = args.json
      ? JSON.stringify(answerToJson(answer))
      : renderAnswerText(answer, textOptions(ctx));
    await write(ctx.stdout, `${text}\n`);
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

type OwnerOrCompare = Extract<RolesCommand, { kind: 'owner' | 'compare' }>;

/**
 * Reads `owner …` and `compare …` with the same grammar as Slack's `/roles`, so the role words
 * (pm, po, project…) and defaults are the same everywhere. Its complaints become usage errors.
 */
function readRolesCommand(verb: 'owner' | 'compare', rest: readonly string[]): OwnerOrCompare {
  const command = parseRolesCommand(`${verb} ${rest.join(' ')}`);
  if (command.kind === 'owner' || command.kind === 'compare') return command;
  const problem =
    command.kind === 'invalid' ? command.problem : `${verb} could not be read, see 'rolebot help'`;
  // The problem is written for Slack: `/roles …` examples read as the CLI command here.
  throw new CliError(problem.replace(/`\/roles /g, '`rolebot ').replace(/`/g, ''), 2);
}

async function answerRolesCommand(
  ctx: CliContext,
  engine: Engine,
  command: OwnerOrCompare,
  json: boolean,
): Promise<void> {
  let text: string;
  if (command.kind === 'owner') {
    const result = engine.owner(command.thing);
    text = json ? JSON.stringify(ownerToJson(result)) : renderOwnerText(result, textOptions(ctx));
  } else {
    const comparison = engine.compare(command.roles[0], command.roles[1], command.topic);
    text = json
      ? JSON.stringify(comparisonToJson(comparison))
      : renderComparisonText(comparison, textOptions(ctx));
  }
  await write(ctx.stdout, `${text}\n`);
}

/** Colour and the terminal's width only on a terminal, and no colour with NO_COLOR or TERM=dumb. */
function textOptions(ctx: CliContext): { color: boolean; width: number } {
  const tty = ctx.stdout.isTTY === true;
  return {
    color: tty && !ctx.env.NO_COLOR && ctx.env.TERM !== 'dumb',
    width: tty && ctx.stdout.columns ? Math.min(ctx.stdout.columns, DEFAULT_WIDTH) : DEFAULT_WIDTH,
  };
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
