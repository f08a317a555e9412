/**
 * The `rolebot` command line: `ask`, `owner`, `compare`, `eval`, `gaps`, `check` and `index` over a
 * knowledge folder, one file each under commands/. Everything it needs from the process
 * (arguments, environment, streams) comes in through `CliContext`, so the entry file stays a few
 * lines and nothing here reads globals.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Environment, readCommonConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { ask, MAX_LIMIT } from './commands/ask.js';
import { buildIndex } from './commands/build-index.js';
import { check } from './commands/check.js';
import { DEFAULT_EVAL_FILES, evaluate } from './commands/eval.js';
import { gaps } from './commands/gaps.js';
import { rolesCommand } from './commands/roles.js';
import {
  type CliArgs,
  type CliRun,
  type CliStreams,
  DEFAULT_LIMIT,
  usageError,
  write,
} from './context.js';
import { exitCodeOf, reportError } from './report-error.js';

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
  rolebot eval [file.jsonl…]              score labelled sets side by side (default:
                                          ${DEFAULT_EVAL_FILES.join(', ')});
                                          misses are listed, except a blind set's
  rolebot eval --baseline                 add plain MiniSearch defaults as a column per set
  rolebot eval --json                     each report as one JSON line (without per-question results)
  rolebot gaps [--json] [--limit n]       the most frequent unanswered and voted-down questions,
                                          from the feedback store (DATABASE_URL or ROLEBOT_DATA_DIR)
  rolebot check [--json]                  validate every knowledge file (all problems, each with its
                                          file and line), then print what the knowledge covers:
                                          sources per compare row and role, decisions the articles
                                          see otherwise, vocabulary that matches nothing
  rolebot index                           build the index cache now (npm run build does), so the
                                          next start restores it instead of indexing
  rolebot help                            this text

Roles (as in Slack's /roles compare): pm or pdm (product manager), po (product owner), project or
proj (project manager), and the organisation's own roles by id or alias (decision-rights.yml). With one role it is compared with its usual partner (pm with po, project
with pm); with none, pm with po. Two different roles are needed.

Options:
  --knowledge <dir>   the knowledge folder (default: $KNOWLEDGE_DIR, else ./knowledge)
  --limit <n>         ask: passages per answer, 1-${MAX_LIMIT} (default ${DEFAULT_LIMIT})
  --json              machine-readable output; stdout carries nothing else
  --baseline          eval: compare with plain MiniSearch over the same passages
  -h, --help          this text

Environment:
  KNOWLEDGE_DIR       the knowledge folder when --knowledge is not given
  LOG_LEVEL           fatal, error, warn (default), info, debug, trace or silent; logs go to
                      stderr, and debug also prints the stack of an error
  NO_COLOR            no colours, even on a terminal
  INDEX_CACHE         the index cache file (default node_modules/.cache/rolebot/index.bin),
                      or "off"; it is rebuilt whenever the knowledge or rolebot's code changes

Exit codes: 0 done (also when the answer is "I don't know"), 1 unreadable knowledge or input
file, 2 a usage mistake (unknown command or option, missing question or thing, same role twice).

From the repository: npm run cli -- ask "who owns the product backlog?"
                     npm run cli -- compare pm po backlog
`;

export interface CliContext extends CliStreams {
  argv: readonly string[];
  env: Environment;
  cwd: string;
}

const COMMANDS: Readonly<Record<string, (run: CliRun) => Promise<void>>> = {
  ask,
  owner: (run) => rolesCommand(run, 'owner'),
  compare: (run) => rolesCommand(run, 'compare'),
  eval: evaluate,
  gaps,
  index: buildIndex,
  check,
};

const OPTIONS = {
  knowledge: { type: 'string' },
  json: { type: 'boolean', default: false },
  limit: { type: 'string' },
  baseline: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(ctx: CliContext): Promise<number> {
  let debug = false;
  try {
    const config = readCommonConfig(ctx.env, ctx.cwd, 'warn');
    debug = config.logLevel === 'debug' || config.logLevel === 'trace';
    const logger = createLogger({ level: config.logLevel });
    const { command, knowledge, help, args } = parseCliArgs(ctx.argv);

    if (help || command === undefined || command === 'help') {
      await write(ctx.stdout, USAGE);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) {
      ctx.stderr.write(`rolebot: unknown command "${command}"\n\n${USAGE}`);
      return 2;
    }
    await run({
      ...ctx,
      config: knowledge ? { ...config, knowledgeDir: path.resolve(ctx.cwd, knowledge) } : config,
      args,
      logger,
    });
    return 0;
  } catch (error) {
    reportError(error, ctx.stderr, { debug });
    const code = exitCodeOf(error);
    if (code === 2) ctx.stderr.write("run 'rolebot help' for usage\n");
    return code;
  }
}

function parseCliArgs(argv: readonly string[]): {
  command: string | undefined;
  knowledge: string | undefined;
  help: boolean;
  args: CliArgs;
} {
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
      knowledge: values.knowledge,
      help: values.help,
      args: { rest, json: values.json, limit: values.limit, baseline: values.baseline },
    };
  } catch (error) {
    throw usageError((error as Error).message, { cause: error });
  }
}
