/** `rolebot eval [file.jsonl…] [--baseline]`: scores labelled sets of questions, side by side. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type EvalReport,
  evaluateBaseline,
  evaluateEngine,
  parseLabelledQuestions,
} from '../../answers/evaluate.js';
import { RolebotError } from '../../errors.js';
import { type CliRun, openEngine, refuseOptions, write } from '../context.js';
import { type EvalSet, renderEvalReport, summarize } from '../eval-report.js';

/** The labelled sets `rolebot eval` scores when given no file, side by side. */
export const DEFAULT_EVAL_FILES = [
  'tests/eval/questions.jsonl',
  'tests/eval/dev.jsonl',
  'tests/eval/dev-2.jsonl',
  'tests/eval/dev-3.jsonl',
  'tests/eval/dev-4.jsonl',
  'tests/eval/dev-5.jsonl',
  'tests/eval/dev-6.jsonl',
  'tests/eval/dev-7.jsonl',
  'tests/eval/dev-8.jsonl',
  'tests/eval/dev-9.jsonl',
  'tests/eval/dev-10.jsonl',
  'tests/eval/dev-11.jsonl',
  'tests/eval/dev-12.jsonl',
  'tests/eval/dev-13.jsonl',
  'tests/eval/dev-14.jsonl',
  'tests/eval/dev-15.jsonl',
  'tests/eval/dev-16.jsonl',
  'tests/eval/dev-17.jsonl',
  'tests/eval/dev-18.jsonl',
  'tests/eval/dev-19.jsonl',
  'tests/eval/dev-20.jsonl',
  'tests/eval/dev-21.jsonl',
  'tests/eval/dev-22.jsonl',
  'tests/eval/dev-23.jsonl',
  'tests/eval/dev-24.jsonl',
  'tests/eval/dev-25.jsonl',
  'tests/eval/dev-26.jsonl',
  'tests/eval/dev-27.jsonl',
  'tests/eval/dev-28.jsonl',
  'tests/eval/dev-29.jsonl',
  'tests/eval/dev-30.jsonl',
  'tests/eval/dev-31.jsonl',
  'tests/eval/dev-32.jsonl',
  'tests/eval/dev-33.jsonl',
  'tests/eval/dev-34.jsonl',
  'tests/eval/dev-35.jsonl',
  'tests/eval/dev-36.jsonl',
  'tests/eval/dev-37.jsonl',
  'tests/eval/dev-38.jsonl',
  'tests/eval/dev-39.jsonl',
  'tests/eval/dev-40.jsonl',
  'tests/eval/dev-41.jsonl',
  'tests/eval/dev-42.jsonl',
  'tests/eval/dev-43.jsonl',
  'tests/eval/dev-44.jsonl',
  'tests/eval/dev-45.jsonl',
  'tests/eval/dev-46.jsonl',
  'tests/eval/dev-47.jsonl',
  'tests/eval/dev-48.jsonl',
  'tests/eval/dev-49.jsonl',
  'tests/eval/dev-50.jsonl',
  'tests/eval/dev-51.jsonl',
  'tests/eval/dev-52.jsonl',
  'tests/eval/blind.jsonl',
];

export async function evaluate(run: CliRun): Promise<void> {
  refuseOptions(run, ['baseline']);
  const files = run.args.rest.length > 0 ? run.args.rest : DEFAULT_EVAL_FILES;
  const engine = await openEngine(run);
  const sets: EvalSet[] = [];
  for (const file of files) {
    const questions = parseLabelledQuestions(await readLabelled(run, file), file);
    if (questions.length === 0)
      throw new RolebotError('input_invalid', `eval: ${file} has no questions`);
    const reports: EvalReport[] = [evaluateEngine(engine, questions)];
    if (run.args.baseline) reports.push(evaluateBaseline(engine, questions));
    sets.push({ name: path.basename(file, '.jsonl'), file, reports });
  }

  if (run.args.json) {
    for (const set of sets) {
      for (const report of set.reports)
        await write(run.stdout, `${JSON.stringify(summarize(report, set.name))}\n`);
    }
    return;
  }
  const table = renderEvalReport(sets, {
    passages: engine.passages.length,
    documents: engine.documents,
  });
  await write(run.stdout, `${table}\n`);
}

async function readLabelled(run: CliRun, name: string): Promise<string> {
  try {
    return await readFile(path.resolve(run.cwd, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new RolebotError('input_invalid', `eval: cannot read ${name} (${code})`, {
      cause: error,
    });
  }
}
