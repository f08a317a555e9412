/**
 * Answers as plain terminal text, for the CLI and the local console. Pure: the same answer and
 * options always give the same string, and nothing here writes anywhere. ANSI styling only when
 * asked for with `color: true`.
 */
import type { Ambiguity } from '../answers/analyzer.js';
import type { CompareCell, Comparison } from '../answers/compare.js';
import type { Subject } from '../answers/duty-subjects.js';
import type { OwnerAnswer } from '../answers/engine.js';
import { roleById } from '../answers/roles.js';
import type { Answer, Evidence, OwnerVerdict, RankedPassage } from '../answers/types.js';
import type { Citation } from '../knowledge/types.js';

export interface TerminalRenderOptions {
  /** ANSI bold/dim/yellow; off unless true. */
  color?: boolean;
  /** Wrap lines at this many characters (default 88, never under 40). */
  width?: number;
}

export const DEFAULT_WIDTH = 88;
const MIN_WIDTH = 40;

export const DONT_KNOW = "I don't know — nothing in the knowledge base covers that.";
export const COVERAGE_HINT =
  'I answer questions about product managers (PM), product owners (PO) and project managers: ' +
  "who owns what, what each role does and how they differ. Try 'who owns the product backlog?', " +
  "'what does a project manager do?', or compare roles with 'pm vs po'.";

interface Style {
  bold(text: string): string;
  dim(text: string): string;
  warn(text: string): string;
}

const PLAIN: Style = { bold: (t) => t, dim: (t) => t, warn: (t) => t };
const ANSI: Style = {
  bold: (t) => `\u001b[1m${t}\u001b[22m`,
  dim: (t) => `\u001b[2m${t}\u001b[22m`,
  warn: (t) => `\u001b[33m${t}\u001b[39m`,
};

export function renderAnswerText(answer: Answer, opts: TerminalRenderOptions = {}): string {
  const width = widthOf(opts);
  const style = opts.color === true ? ANSI : PLAIN;

  if (!answer.answered) return dontKnow(width, style);

  const blocks: string[] = [];
  const verdict = ownerLine(answer.owner);
  if (verdict !== undefined) {
    const lines = wrap(verdict.text, width);
    blocks.push(
      lines.map((line) => (verdict.contested ? style.warn(line) : style.bold(line))).join('\n'),
    );
  }

  answer.passages.forEach((passage, i) => {
    blocks.push(renderPassage(passage, answer.offset + i + 1, width, style));
  });
  if (answer.passages.length === 0) blocks.push('No more passages.');

  const notes = answer.ambiguous.flatMap((ambiguity) => wrap(ambiguityLine(ambiguity), width));
  if (notes.length > 0) blocks.push(notes.map(style.dim).join('\n'));

  return blocks.join('\n\n');
}

function widthOf(opts: TerminalRenderOptions): number {
  return Math.max(Math.floor(opts.width ?? DEFAULT_WIDTH), MIN_WIDTH);
}

function dontKnow(width: number, style: Style): string {
  return [style.bold(DONT_KNOW), ...wrap(COVERAGE_HINT, width)].join('\n');
}

/** Distinct sentences quoted per role in the owner text. */
const EVIDENCE_PER_ROLE = 3;

/**
 * "Who owns X?": the verdict in one line, then the statements behind it grouped by role (the
 * verdict's role first, up to three distinct sentences each, with their sources), then a note when
 * the sources disagree. Without a verdict it is the same "I don't know" as an unanswered question.
 */
export function renderOwnerText(result: OwnerAnswer, opts: TerminalRenderOptions = {}): string {
  const width = widthOf(opts);
  const style = opts.color === true ? ANSI : PLAIN;
  const { owner } = result.answer;
  const verdict = ownerLine(owner);
  if (!result.answer.answered || verdict === undefined) return dontKnow(width, style);

  const blocks = [
    wrap(verdict.text, width)
      .map((line) => (verdict.contested ? style.warn(line) : style.bold(line)))
      .join('\n'),
  ];
  for (const group of result.byRole) {
    const count = group.evidence.length;
    const stance = group.role === owner.role ? 'for the verdict' : 'against it';
    const lines = [
      style.bold(`${subjectLabel(group.role)} — ${count} statement${count === 1 ? '' : 's'}`) +
        ` ${stance}`,
    ];
    for (const item of distinctSentences(group.evidence).slice(0, EVIDENCE_PER_ROLE)) {
      lines.push(...wrap(`“${clean(item.sentence).trim()}”`, width, '  • ', '    '));
      lines.push(...wrap(`— ${citation(item.source)}`, width, '    ', '      ').map(style.dim));
    }
    blocks.push(lines.join('\n'));
  }
  if (owner.contested) {
    blocks.push(
      wrap('The sources disagree: the statements above give it to different roles.', width)
        .map(style.warn)
        .join('\n'),
    );
  }
  return blocks.join('\n\n');
}

function distinctSentences(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    if (seen.has(item.sentence)) return false;
    seen.add(item.sentence);
    return true;
  });
}

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
  const style = opts.color === true ? ANSI : PLAIN;
  const labels = comparison.roles.map((role) => roleById(role).label);
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

  const blocks = [`${breakLines(title, width).map(style.bold).join('\n')}\n${table.join('\n')}`];
  if (references.size > 0) {
    const sources = [...references.entries()].map(([file, number]) => {
      const known = comparison.sources.find((source) => source.file === file);
      const name = clean(known?.title || firstCellTitle(comparison, file) || file).trim();
      const label = `[${number}] `;
      return breakLines(`${name} (${clean(file)})`, width, label, ' '.repeat(label.length))
        .map((line, j) => (j === 0 ? line : style.dim(line)))
        .join('\n');
    });
    blocks.push([style.bold('Sources:'), ...sources].join('\n'));
  }
  const notes: string[] = [];
  const contested = comparison.rows.filter((row) => row.contested).map((row) => clean(row.aspect));
  if (contested.length > 0) {
    notes.push(
      ...breakLines(`The sources disagree on: ${contested.join(', ')}.`, width).map(style.warn),
    );
  }
  if (comparison.rows.every((row) => row.cells.every((cell) => cell === null))) {
    notes.push(
      ...breakLines('Nothing in the knowledge base compares these roles on that topic.', width),
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
  return breakLines(clean(text), width);
}

/**
 * Word wrap by display width that also breaks a word wider than the line (between graphemes), so
 * no line is ever wider than `width` (unless a single grapheme is). Whitespace runs collapse.
 */
function breakLines(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let used = displayWidth(first);
  let empty = true;
  const newLine = () => {
    lines.push(line);
    line = rest;
    used = displayWidth(rest);
    empty = true;
  };
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    const size = displayWidth(word);
    if (!empty && used + 1 + size > width) newLine();
    if (used + (empty ? 0 : 1) + size <= width) {
      line += empty ? word : ` ${word}`;
      used += (empty ? 0 : 1) + size;
      empty = false;
      continue;
    }
    // Longer than a whole line: break it between graphemes.
    for (const { segment } of GRAPHEMES.segment(word)) {
      const piece = displayWidth(segment);
      if (!empty && used + piece > width) newLine();
      line += segment;
      used += piece;
      empty = false;
    }
  }
  if (!empty || lines.length === 0) lines.push(empty ? line.trimEnd() : line);
  return lines;
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text made safe to lay out in a terminal: control characters (tabs, newlines, escapes) become
 * spaces, invisible formatting characters (bidi overrides, soft hyphens) go, except the zero-width
 * joiner inside emoji, and a lone surrogate becomes U+FFFD.
 */
export function clean(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/(?!\u200d)\p{Cf}/gu, '')
    .replace(/\p{Cs}/gu, '\ufffd');
}

const EMOJI = /\p{Emoji_Presentation}/u;
const EMOJI_BASE = /\p{Emoji}/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u1160-\u11ff\ud7b0-\ud7ff]$/u;

/**
 * How many terminal columns a string takes: emoji two, East Asian wide and fullwidth characters
 * two, combining marks and invisible characters none, everything else one. Additive over grapheme
 * boundaries, so a padded cell measures the same alone as inside its table line.
 */
export function displayWidth(text: string): number {
  let total = 0;
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (EMOJI.test(segment) || (segment.includes('\ufe0f') && EMOJI_BASE.test(segment))) {
      total += 2;
      continue;
    }
    for (const char of segment) total += charWidth(char);
  }
  return total;
}

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  return WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
}

/** East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth.txt, W and F, simplified). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1aff0, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** "Product Manager", or "Shared" when the sources give the duty to several roles together. */
export function subjectLabel(subject: Subject): string {
  return subject === 'shared' ? 'Shared' : roleById(subject).label;
}

function ownerLine(owner: OwnerVerdict): { text: string; contested: boolean } | undefined {
  if (owner.role === null) return undefined;
  let text = `Owner: ${subjectLabel(owner.role)} (confidence ${owner.confidence.toFixed(2)})`;
  if (owner.contested) {
    const other = owner.evidence.find((evidence) => evidence.role !== owner.role)?.role;
    text += ' — the sources disagree';
    if (other === 'shared') text += ' (some say it is shared)';
    else if (other !== undefined) text += ` (some say ${subjectLabel(other)})`;
  }
  return { text, contested: owner.contested };
}

function ambiguityLine({ term, chosen, alternatives }: Ambiguity): string {
  if (alternatives.length === 0) return `${term} read as ${chosen}.`;
  const others = alternatives.map((alternative) => `'${alternative}'`).join(' or ');
  return `${term} read as ${chosen}; ask again with ${others} if you meant that.`;
}

function renderPassage(
  passage: RankedPassage,
  number: number,
  width: number,
  style: Style,
): string {
  const label = `${number}. `;
  const indent = ' '.repeat(label.length);
  const lines = wrap(passage.text, width, label, indent);
  lines.push(...wrap(`— ${citation(passage.source)}`, width, indent, `${indent}  `).map(style.dim));
  for (const extra of extraSources(passage)) {
    lines.push(...wrap(`— also: ${citation(extra)}`, width, indent, `${indent}  `).map(style.dim));
  }
  return lines.join('\n');
}

function citation({ title, section, file }: Citation): string {
  const showSection = section.length > 0 && section !== title;
  return `${title}${showSection ? `, ${section}` : ''} (${file})`;
}

/** Near-duplicates found elsewhere: every source except the one already cited. */
function extraSources({ source, sources }: RankedPassage): Citation[] {
  return sources.filter(
    (other) =>
      !(
        other.file === source.file &&
        other.section === source.section &&
        other.title === source.title
      ),
  );
}

const LIST_MARKER = /^(?:[•*-]|\d+[.)])\s+/u;

/**
 * Greedy word wrap. Line breaks in the text are kept; a list item's continuation lines hang
 * under its text rather than its bullet. A word longer than the line gets a line of its own.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.trim().split(/\s+/u).filter(Boolean);
    if (words.length === 0) continue;
    const prefix = lines.length === 0 ? first : rest;
    const hang = ' '.repeat(length(LIST_MARKER.exec(paragraph.trim())?.[0] ?? ''));
    let line = prefix;
    let empty = true;
    for (const word of words) {
      if (!empty && length(line) + 1 + length(word) > width) {
        lines.push(line);
        line = `${rest}${hang}`;
        empty = true;
      }
      line += empty ? word : ` ${word}`;
      empty = false;
    }
    lines.push(line);
  }
  if (lines.length === 0) lines.push(first.trimEnd());
  return lines;
}

/** Code points, so "é" or "—" count as one column. */
function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
