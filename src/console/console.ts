/**
 * The local stand-in for Slack (`npm start` without Slack tokens): a readline prompt where a person
 * types what they would type in Slack (a plain question, `/roles …`, `@rolebot …`) and reads the
 * answer, owner verdict or comparison as terminal text. Piped input (not a TTY) is handled line by line without the prompt or the
 * welcome, and the console ends at EOF, so it can be driven by tests and scripts.
 */

import { createInterface } from 'node:readline';
import type { Engine } from '../answers/engine.js';
import { clipInput } from '../answers/limits.js';
import type { Role } from '../answers/roles.js';
import { dispatch } from '../commands/dispatch.js';
import { parseRolesCommand, type RolesCommand } from '../commands/roles-command.js';
import type { Logger } from '../logger.js';
import { renderAnswerText } from '../render/terminal/answer-text.js';
import { renderComparisonText } from '../render/terminal/comparison-table.js';
import { renderOwnerText } from '../render/terminal/owner-text.js';
import { DEFAULT_WIDTH, type TerminalRenderOptions, wrap } from '../render/terminal/text.js';

export const PROMPT = 'rolebot> ';

/** A `/roles` command (the grammar Slack uses), or one of the few things only the console reads. */
export type ConsoleCommand =
  | RolesCommand
  | { kind: 'empty' }
  | { kind: 'exit' }
  | { kind: 'unknown'; command: string };

export const HELP = `rolebot answers "who owns this?" questions about product managers (PM), product owners (PO)
and project managers, only from the articles in its knowledge base, and names its sources.

  who owns the product backlog?    ask in plain words, as in a direct message
  /roles <question>                the same, as the Slack slash command
  @rolebot <question>              the same, as a mention in a channel
  /roles owner <thing>             who owns it, with the statements for and against
  /roles compare <a> <b> [topic]   two roles side by side, one row per aspect, with sources;
                                   roles: pm, po, project (pm and po when none are given)
  /roles help                      this help
  exit, quit or Ctrl-D             leave

As in Slack, 'owner …' and 'compare …' also work after @rolebot or on a line of their own,
e.g. 'compare pm project' or '@rolebot owner roadmap'.`;

export const INVALID_HINT = '/roles help lists what rolebot understands.';

const MENTION = /^(?:@rolebot\b|<@[A-Z0-9]+(?:\|[^>]*)?>)[:,]?\s*/iu;
const SLASH = /^\/(\S+)\s*([\s\S]*)$/u;

/**
 * Reads one line the way Slack would route it: `/roles …`, a mention and a plain line (a direct
 * message) all go through the one `/roles` grammar; the console adds `exit`/`quit` and reports a
 * slash command that is not `/roles`.
 */
export function parseConsoleLine(line: string, roles?: readonly Role[]): ConsoleCommand {
  const text = clipInput(line).trim();
  if (text.length === 0) return { kind: 'empty' };
  const lower = text.toLowerCase();
  if (lower === 'exit' || lower === 'quit' || lower === '/exit' || lower === '/quit') {
    return { kind: 'exit' };
  }

  const mention = MENTION.exec(text);
  if (mention) return parseRolesCommand(text.slice(mention[0].length), roles);

  const slash = SLASH.exec(text);
  if (slash) {
    const [, command = '', rest = ''] = slash;
    if (command.toLowerCase() !== 'roles') return { kind: 'unknown', command: `/${command}` };
    return parseRolesCommand(rest, roles);
  }
  return parseRolesCommand(text, roles);
}

export interface ReplyOptions {
  color?: boolean;
  width?: number;
  /** Passages per answer (default 3). */
  limit?: number;
}

/** What the console prints for a command; `undefined` prints nothing (an empty line). */
export function reply(
  engine: Engine,
  command: Exclude<ConsoleCommand, { kind: 'exit' }>,
  options: ReplyOptions = {},
): string | undefined {
  const render: TerminalRenderOptions = {
    ...(options.color !== undefined ? { color: options.color } : {}),
    ...(options.width !== undefined ? { width: options.width } : {}),
  };
  switch (command.kind) {
    case 'empty':
      return undefined;
    case 'unknown':
      return `${command.command} is not a rolebot command; try /roles help`;
  }
  const reply = dispatch(command, engine, { limit: options.limit ?? 3 });
  switch (reply.kind) {
    case 'help':
      // The problem is written for Slack: its `code` spans read as plain text here.
      return reply.problem === undefined
        ? HELP
        : `${reply.problem.replace(/`/g, '')}\n${INVALID_HINT}`;
    case 'config':
      return 'Settings are changed in Slack: /roles config (for admins).';
    case 'gaps':
      return 'Knowledge gaps live in Slack (/roles gaps, for admins) and `npm run cli -- gaps`.';
    case 'owner':
      return renderOwnerText(reply.owner, render);
    case 'compare':
      return renderComparisonText(reply.comparison, render);
    case 'answer':
      return renderAnswerText(reply.answer, render);
  }
}

export interface ConsoleOptions extends ReplyOptions {
  engine: Engine;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A person at a terminal: welcome, prompt and line editing. Otherwise lines are just read. */
  interactive: boolean;
  /** Shown in the welcome, e.g. `knowledge/`. */
  knowledgeLabel?: string;
  logger?: Logger;
}

export function welcome(engine: Engine, knowledgeLabel = 'the knowledge folder'): string {
  return (
    `rolebot, local console. Ask who owns what between product managers, product owners and ` +
    `project managers; answers come only from the ${engine.documents} articles in ${knowledgeLabel}, ` +
    `with their sources. Type what you would type in Slack (a plain question, /roles <question> ` +
    `or @rolebot <question>), for example: 'who owns the product backlog?', 'what does a project ` +
    `manager do?', '/roles owner roadmap' for the verdict with the statements for and against, or ` +
    `'/roles compare pm po' for the two roles side by side. /roles help for help; exit, quit or ` +
    `Ctrl-D to leave.`
  );
}

/** Runs until `exit`/`quit`, Ctrl-D/Ctrl-C or the end of the input. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { engine, input, output, interactive, logger } = options;
  const lines = interactive
    ? createInterface({ input, output, prompt: PROMPT, terminal: true })
    : createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  lines.on('SIGINT', () => lines.close());

  let replies = 0;
  if (interactive) {
    output.write(
      `${wrap(welcome(engine, options.knowledgeLabel), options.width ?? DEFAULT_WIDTH).join('\n')}\n\n`,
    );
    lines.prompt();
  }
  for await (const line of lines) {
    const command = parseConsoleLine(line, engine.roles);
    if (command.kind === 'exit') break;
    let text: string | undefined;
    try {
      text = reply(engine, command, options);
    } catch (error) {
      logger?.error({ err: error, line }, 'console: answering failed');
      text = 'Something went wrong while answering that; the log on stderr has the details.';
    }
    if (text !== undefined) {
      // Piped: a blank line between replies, none before the first or after the last.
      output.write(interactive ? `${text}\n\n` : `${replies > 0 ? '\n' : ''}${text}\n`);
      replies++;
    }
    if (interactive) lines.prompt();
  }
  lines.close();
  if (interactive) output.write('\n');
}
