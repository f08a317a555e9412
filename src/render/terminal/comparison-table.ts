/**
 * Two roles side by side as a terminal table, for the CLI and the local console. Pure.
 */
import type { CompareCell, Comparison } from '../../answers/compare.js';
import { roleLabel } from '../../answers/roles.js';
import {
  clean,
  displayWidth,
  GRAPHEMES,
  styleOf,
  type TerminalRenderOptions,
  widthOf,
  wrap,
} from './text.js';

export const NOT_COVERED = 'not covered by the sources';
export const CONTESTED_MARK = '⚖ contested';

/** Box-drawing borders of the comparison table; every table line starts with one of these. */
const BOX = {
  top: ['┌', '┬', '┐'],
  middle: ['├', '┼', '┤'],
  bottom: ['└', '┴', '┘'],
  rule: '─',
  bar: '│',
} as const;

/**
 * Two roles side by side, as a terminal table: a title line, one row per aspect with a quoted
 * sentence per role ending in a source reference like [2], the numbered sources, and the rows
 * whose duty the sources give to different roles. The table always spans exactly `width` columns
 * and stays aligned whatever the text: cells wrap inside their column (long words are broken),
 * wide characters and emoji count two columns, and control characters are dropped.
 */
export function renderComparisonText(
  comparison: Comparison,
  opts: TerminalRenderOptions = {},
): string {
  const width = widthOf(opts);
  const style = styleOf(opts);
  const labels = comparison.roles.map((role) => roleLabel(role, comparison.labels));
  const topic = shorten(clean(comparison.topic).trim(), TITLE_TOPIC_GRAPHEMES);
  const title = `${labels.join(' vs ')}${topic ? `: ${topic}` : ''}`;

  const references = referenceNumbers(comparison);
  const columns = columnWidths(comparison, width);
  const [aspectWidth = 0, ...roleWidths] = columns;
  const rows: Cell[][] = [
    [
      { lines: wrapColumn('Aspect', aspectWidth), styleLine: style.bold },
      ...labels.map((label, i) => ({
        lines: wrapColumn(label, roleWidths[i] ?? 0),
        styleLine: style.bold,
      })),
    ],
    ...comparison.rows.map((row): Cell[] => [
      {
        lines: [
          ...wrapColumn(row.aspect, aspectWidth),
          ...(row.contested ? wrapColumn(CONTESTED_MARK, aspectWidth) : []),
          ...(row.decided
            ? wrapColumn(
                `${row.decided.organisation}: ${roleLabel(row.decided.role, comparison.labels)}`,
                aspectWidth,
              )
            : []),
        ],
        styleLine: (line) => (line.startsWith(CONTESTED_MARK) ? style.warn(line) : line),
      },
      ...comparison.roles.map((_, i) => {
        const cell = row.cells[i] ?? null;
        return cell
          ? { lines: wrapColumn(cellText(cell, references), roleWidths[i] ?? 0) }
          : { lines: wrapColumn(NOT_COVERED, roleWidths[i] ?? 0), styleLine: style.dim };
      }),
    ]),
  ];
  const table = [border(columns, BOX.top)];
  rows.forEach((row, i) => {
    if (i > 0) table.push(border(columns, BOX.middle));
    table.push(...tableRow(row, columns));
  });
  table.push(border(columns, BOX.bottom));

  const blocks = [
    `${wrap(title, width, '', '', { breakWords: true }).map(style.bold).join('\n')}\n${table.join('\n')}`,
  ];
  if (references.size > 0) {
    const sources = [...references.entries()].map(([file, number]) => {
      const known = comparison.sources.find((source) => source.file === file);
      const name = clean(known?.title || firstCellTitle(comparison, file) || file).trim();
      const label = `[${number}] `;
      return wrap(`${name} (${clean(file)})`, width, label, ' '.repeat(label.length), {
        breakWords: true,
      })
        .map((line, j) => (j === 0 ? line : style.dim(line)))
        .join('\n');
    });
    blocks.push([style.bold('Sources:'), ...sources].join('\n'));
  }
  const notes: string[] = [];
  const contested = comparison.rows.filter((row) => row.contested).map((row) => clean(row.aspect));
  if (contested.length > 0) {
    notes.push(
      ...wrap(`The sources disagree on: ${contested.join(', ')}.`, width, '', '', {
        breakWords: true,
      }).map(style.warn),
    );
  }
  if (comparison.rows.every((row) => row.cells.every((cell) => cell === null))) {
    notes.push(
      ...wrap('Nothing in the knowledge base compares these roles on that topic.', width, '', '', {
        breakWords: true,
      }),
    );
  }
  if (notes.length > 0) blocks.push(notes.join('\n'));
  return blocks.join('\n\n');
}

/** A topic longer than this (in graphemes) is cut short in the title, with an ellipsis. */
const TITLE_TOPIC_GRAPHEMES = 200;

function shorten(text: string, graphemes: number): string {
  const parts = [...GRAPHEMES.segment(text)].map(({ segment }) => segment);
  return parts.length <= graphemes ? text : `${parts.slice(0, graphemes - 1).join('')}…`;
}

interface Cell {
  /** Already wrapped to the column's width. */
  lines: string[];
  /** Styling applied after padding, so ANSI codes never count towards the width. */
  styleLine?: (line: string) => string;
}

/** Reference numbers by source file, in order of first use in the table. */
function referenceNumbers(comparison: Comparison): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const row of comparison.rows) {
    for (const cell of row.cells) {
      if (cell && !numbers.has(cell.source)) numbers.set(cell.source, numbers.size + 1);
    }
  }
  return numbers;
}

function firstCellTitle(comparison: Comparison, file: string): string | undefined {
  for (const row of comparison.rows) {
    for (const cell of row.cells) if (cell?.source === file && cell.title) return cell.title;
  }
  return undefined;
}

function cellText(cell: CompareCell, references: Map<string, number>): string {
  return `${clean(cell.text).trim()} [${references.get(cell.source) ?? '?'}]`;
}

/** The aspect column as wide as its labels need, up to a fifth of the table; roles share the rest. */
function columnWidths(comparison: Comparison, width: number): number[] {
  const roles = Math.max(comparison.roles.length, 1);
  const content = width - (3 * (roles + 1) + 1);
  const natural = Math.max(
    displayWidth(CONTESTED_MARK),
    ...comparison.rows.map((row) => displayWidth(clean(row.aspect).trim())),
  );
  const aspect = Math.min(natural, Math.max(displayWidth(CONTESTED_MARK), Math.floor(content / 5)));
  const rest = content - aspect;
  const each = Math.floor(rest / roles);
  return [
    aspect,
    ...Array.from({ length: roles }, (_, i) => (i === roles - 1 ? rest - each * i : each)),
  ];
}

function border(columns: readonly number[], [left, join, right]: readonly string[]): string {
  return `${left}${columns.map((column) => BOX.rule.repeat(column + 2)).join(join)}${right}`;
}

function tableRow(cells: readonly Cell[], columns: readonly number[]): string[] {
  const height = Math.max(...cells.map((cell) => cell.lines.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    const parts = cells.map((cell, c) => {
      const text = cell.lines[i] ?? '';
      const padded = text + ' '.repeat(Math.max((columns[c] ?? 0) - displayWidth(text), 0));
      return text && cell.styleLine ? cell.styleLine(padded) : padded;
    });
    lines.push(`${BOX.bar} ${parts.join(` ${BOX.bar} `)} ${BOX.bar}`);
  }
  return lines;
}

/** A cell's text wrapped to its column: never wider, never empty. */
function wrapColumn(text: string, width: number): string[] {
  return wrap(clean(text), width, '', '', { breakWords: true });
}
