/**
 * Answers as plain terminal text, for the CLI and the local console. Pure: the same answer and
 * options always give the same string, and nothing here writes anywhere. ANSI styling only when
 * asked for with `color: true`.
 */
import type { Ambiguity } from '../answers/analyzer.js';
import type { Subject } from '../answers/duty-subjects.js';
import { roleById } from '../answers/roles.js';
import type { Answer, OwnerVerdict, RankedPassage } from '../answers/types.js';
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
  const width = Math.max(Math.floor(opts.width ?? DEFAULT_WIDTH), MIN_WIDTH);
  const style = opts.color === true ? ANSI : PLAIN;

  if (!answer.answered) {
    return [style.bold(DONT_KNOW), ...wrap(COVERAGE_HINT, width)].join('\n');
  }

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
