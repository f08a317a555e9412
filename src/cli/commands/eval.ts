/** `rolebot eval [file.jsonl] [--baseline]`: scores a labelled set of questions. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type EvalReport,
  evaluateBaseline,
  evaluateEngine,
  parseLabelledQuestions,
} from '../../answers/evaluate.js';
import { RolebotError } from '../../errors.js';
import { type CliRun, openEngine, refuseOptions, usageError, write } from '../context.js';
import { renderEvalReport, summarize } from '../eval-report.js';

export const DEFAULT_EVAL_FILE = 'tests/eval/questions.jsonl';

export async function evaluate(run: CliRun): Promise<void> {
  refuseOptions(run, ['baseline']);
  if (run.args.rest.length > 1) {
    throw usageError('eval takes at most one file of labelled questions');
  }
  const name = run.args.rest[0] ?? DEFAULT_EVAL_FILE;
  const engine = await openEngine(run);
  let text: string;
  try {
    text = await readFile(path.resolve(run.cwd, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new RolebotError('input_invalid', `eval: cannot read ${name} (${code})`, {
      cause: error,
    });
  }
  const questions = parseLabelledQuestions(text, name);
  if (questions.length === 0)
    throw new RolebotError('input_invalid', `eval: ${name} has no questions`);

  const reports: EvalReport[] = [evaluateEngine(engine, questions)];
  if (run.args.baseline) reports.push(evaluateBaseline(engine, questions));

  if (run.args.json) {
    for (const report of reports) await write(run.stdout, `${JSON.stringify(summarize(report))}\n`);
    return;
  }
  const table = renderEvalReport(reports, {
    file: name,
    passages: engine.passages.length,
    documents: engine.documents,
  });
  await write(run.stdout, `${table}\n`);
}
