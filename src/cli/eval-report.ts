import type { EvalReport, QuestionResult } from '../answers/evaluate.js';
import { ROLES } from '../answers/roles.js';

/** An eval report without the per-question `results`, as `eval --json` prints it. */
export type EvalSummary = Omit<EvalReport, 'results'> & { set: string; missesHidden: boolean };

/** One labelled set's reports: rolebot first, then any baseline. */
export interface EvalSet {
  /** The set's name: its file name without `.jsonl` ("questions", "dev", "blind"). */
  name: string;
  file: string;
  reports: EvalReport[];
}

/**
 * A blind set is judged on its scores only: its misses are never printed one by one, so nobody
 * tunes on it by accident (its name starts with "blind").
 */
export function isBlind(set: string): boolean {
  return /^blind/i.test(set);
}

export function summarize(report: EvalReport, set: string): EvalSummary {
  const { results: _results, misses, ...summary } = report;
  const hidden = isBlind(set);
  return { set, ...summary, misses: hidden ? [] : misses, missesHidden: hidden };
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
  { label: 'false abstains', cell: (r) => share(r.falseAbstainRate, r.answerable) },
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
  {
    label: 'no owner line unasked',
    cell: (r) => share(r.noOwnerLine, r.noOwnershipAsked),
  },
  ...[0, 1, 2, 3].map(
    (band): Row => ({
      label: `verdicts right, confidence ${['<0.5', '0.5–0.7', '0.7–0.9', '≥0.9'][band]}`,
      cell: (r) => {
        const found = r.confidenceBands[band];
        return found && found.verdicts > 0 ? `${found.right}/${found.verdicts}` : '—';
      },
    }),
  ),
];

/**
 * The eval as one table, a column per set and method (rolebot, then any baseline), followed by
 * rolebot's misses on each set that is not blind: the question, what was expected, and what came
 * first instead.
 */
export function renderEvalReport(
  sets: readonly EvalSet[],
  context: { passages: number; documents: number },
): string {
  const columns = sets.flatMap((set) => set.reports.map((report) => ({ set, report })));
  if (columns.length === 0) return '';
  const lines: string[] = [
    `knowledge: ${context.passages} passages from ${context.documents} documents`,
  ];
  for (const set of sets) {
    const [main] = set.reports;
    if (main) {
      lines.push(
        `${set.name}: ${main.questions} questions (${main.answerable} answerable, ${main.offTopic} uncovered) from ${set.file}`,
      );
    }
  }
  lines.push('');
  const header = [columns.map(({ set }) => set.name), columns.map(({ report }) => report.method)];
  const cells = ROWS.map((row) => columns.map(({ report }) => row.cell(report)));
  const labelWidth = Math.max(...ROWS.map((row) => row.label.length));
  const widths = columns.map((_, i) =>
    Math.max(...[...header, ...cells].map((row) => (row[i] ?? '').length)),
  );
  const line = (label: string, values: readonly string[]): string =>
    [label.padEnd(labelWidth), ...values.map((value, i) => value.padEnd(widths[i] ?? 0))]
      .join('   ')
      .trimEnd();
  for (const row of header) lines.push(line('', row));
  ROWS.forEach((row, i) => {
    lines.push(line(row.label, cells[i] ?? []));
  });

  for (const set of sets) {
    const [main] = set.reports;
    if (!main) continue;
    if (isBlind(set.name)) {
      lines.push(
        '',
        `misses (${main.method}, ${set.name}): ${main.misses.length}, not shown: a blind set is judged on its scores only`,
      );
      continue;
    }
    lines.push('', `misses (${main.method}, ${set.name}): ${main.misses.length}`);
    for (const miss of main.misses) lines.push('', ...describeMiss(miss));
  }
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
