/** `rolebot ask "<question>"`, `ask --json`, and `ask --json < questions.txt` (one per line). */
import { createInterface } from 'node:readline';
import type { Engine } from '../../answers/engine.js';
import { clipInput } from '../../answers/limits.js';
import { dispatch, type RolesReply } from '../../commands/dispatch.js';
import { renderAnswerText } from '../../render/terminal/answer-text.js';
import { renderOwnerText } from '../../render/terminal/owner-text.js';
import {
  type CliRun,
  openEngine,
  parseLimit,
  refuseOptions,
  textOptions,
  usageError,
  write,
} from '../context.js';
import { answerToJson } from '../json.js';

/** The most passages `--limit` may ask for. */
export const MAX_LIMIT = 20;

export async function ask(run: CliRun): Promise<void> {
  refuseOptions(run, ['limit']);
  const limit = parseLimit(run.args.limit, MAX_LIMIT);
  const question = clipInput(run.args.rest.join(' ')).trim();
  if (question.length === 0 && !run.args.json) {
    throw usageError('ask needs a question, e.g. rolebot ask "who owns the product backlog?"');
  }
  const engine = await openEngine(run);
  if (question.length > 0) {
    await write(run.stdout, `${answerLine(run, engine, question, limit)}\n`);
    return;
  }
  if (run.stdin.isTTY === true) {
    run.stderr.write('rolebot: reading questions from stdin, one per line; Ctrl-D to finish\n');
  }
  const lines = createInterface({
    input: run.stdin,
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: false,
  });
  for await (const line of lines) {
    const text = clipInput(line).trim();
    if (text.length > 0) await write(run.stdout, `${answerLine(run, engine, text, limit)}\n`);
  }
}

/** A question answered as Slack would answer it: "who owns…" as the verdict with its evidence. */
function answerLine(run: CliRun, engine: Engine, question: string, limit: number): string {
  const reply = dispatch({ kind: 'ask', question }, engine, { limit }) as Extract<
    RolesReply,
    { kind: 'owner' | 'answer' }
  >;
  // The JSON contract is one answer per question, whichever way it is shown.
  if (run.args.json) {
    return JSON.stringify(answerToJson(reply.kind === 'owner' ? reply.owner.answer : reply.answer));
  }
  return reply.kind === 'owner'
    ? renderOwnerText(reply.owner, textOptions(run))
    : renderAnswerText(reply.answer, textOptions(run));
}
