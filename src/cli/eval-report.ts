import type { EvalReport, QuestionResult } from '../answers/evaluate.js';
import { ROLES } from '../answers/roles.js';

/** An eval report without the per-question `results`, as `eval --json` prints it. */
export type EvalSummary = Omit<EvalReport, 'results'>;

export function summarize(report: EvalReport): EvalSummary {
  const { results: _results, ...summary } = report;
  return summary;
}

/** Expected phrases shown per miss; the rest are counted. */
const MAX_PHRASES = 3;

interface Row {
  label: string;
  cell(report: EvalReport): string;
}

const ROWS: readonly Row[] = [
  { label: 'hit@1', cell: (r) => share(r.hitAt1, r.answerable) },
  { label: 'hit@3', cell: (r) => share(r.hitAt3, r.answerable) },
  { label: 'abstain (off-topic)', cell: (r) => share(r.abstain, r.offTopic) },
  { label: 'false abstains', cell: (r) => `${r.falseAbstain}` },
  {
    label: 'owner accuracy',
    cell: (r) =>
      share(
        r.ownerAccuracy,
        count(r, (q) => q.question.owner !== undefined),
      ),
  },
  {
    label: 'contested recall',
    cell: (r) =>
      share(
        r.contestedRecall,
        count(r, (q) => q.question.contested === true),
      ),
  },
  {
    label: 'contested false positives',
    cell: (r) => (r.contestedFalsePositives === null ? '—' : `${r.contestedFalsePositives}`),
  },
];

/**
 * The eval as a table, one column per report (rolebot first, then any baseline), followed by
 * the first report's misses: the question, what was expected, and what came first instead.
 */
export function renderEvalReport(
  reports: readonly EvalReport[],
  context: { file: string; passages: number; documents: number },
): string {
  const [main] = reports;
  if (!main) return '';
  const lines: string[] = [
    `${main.questions} questions (${main.answerable} answerable, ${main.offTopic} off-topic) from ${context.file}`,
    `knowledge: ${context.passages} passages from ${context.documents} documents`,
    '',
  ];

  const labelWidth = Math.max(...ROWS.map((row) => row.label.length));
  const cells = ROWS.map((row) => reports.map((report) => row.cell(report)));
  const columnWidths = reports.map((report, i) =>
    Math.max(report.method.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const line = (label: string, values: readonly string[]): string =>
    [label.padEnd(labelWidth), ...values.map((value, i) => value.padEnd(columnWidths[i] ?? 0))]
      .join('   ')
      .trimEnd();
  lines.push(
    line(
      '',
      reports.map((report) => report.method),
    ),
  );
  ROWS.forEach((row, i) => {
    lines.push(line(row.label, cells[i] ?? []));
  });

  lines.push('', `misses (${main.method}): ${main.misses.length}`);
  for (const miss of main.misses) lines.push('', ...describeMiss(miss));
  return lines.join('\n');
}

function describeMiss(miss: QuestionResult): string[] {
  const { question } = miss;
  const expected: string[] = [];
  if (question.answerable === false) {
    expected.push("I don't know (off-topic)");
  } else {
    if (question.expect && question.expect.length > 0) {
      const shown = question.expect.slice(0, MAX_PHRASES).map((phrase) => `"${phrase}"`);
      const more = question.expect.length - shown.length;
      expected.push(`a passage with ${shown.join(' or ')}${more > 0 ? ` (or ${more} more)` : ''}`);
    }
    if (question.owner !== undefined) expected.push(`owner ${roleLabel(question.owner)}`);
    if (question.contested === true) expected.push('contested');
  }

  const got: string[] = [];
  if (!miss.answered) {
    got.push("I don't know");
  } else {
    if (question.answerable !== false) {
      got.push(
        miss.hitRank === null
          ? 'expected passage not in the top 3'
          : `expected passage at #${miss.hitRank}`,
      );
    }
    if (question.owner !== undefined || miss.owner !== null) {
      got.push(miss.owner === null ? 'no owner' : `owner ${roleLabel(miss.owner)}`);
    }
    if (miss.contested || question.contested === true) {
      got.push(miss.contested ? 'contested' : 'not contested');
    }
  }

  const lines = [
    `✗ ${question.q}`,
    `  expected: ${expected.join('; ') || '—'}`,
    `  got:      ${got.join('; ')}`,
  ];
  if (miss.answered && miss.top !== undefined) lines.push(`  first:    "${clip(miss.top, 100)}"`);
  return lines;
}

function share(value: number | null, of: number): string {
  if (value === null) return '—';
  return `${(value * 100).toFixed(1)}% (${Math.round(value * of)}/${of})`;
}

function count(report: EvalReport, test: (result: QuestionResult) => boolean): number {
  return report.results.filter(test).length;
}

function roleLabel(id: string): string {
  if (id === 'shared') return 'Shared';
  return ROLES.find((role) => role.id === id)?.label ?? id;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
