/**
 * An answer as terminal text, for the CLI and the local console: the verdict, the numbered
 * passages with their sources, and how an ambiguous abbreviation was read. Pure.
 */
import type { Ambiguity } from '../../answers/analyzer.js';
import type { Answer, RankedPassage } from '../../answers/types.js';
import type { Citation } from '../../knowledge/types.js';
import { type Style, styleOf, type TerminalRenderOptions, widthOf, wrap } from './text.js';
import { citation, dontKnow, verdictLines } from './verdict-lines.js';

export function renderAnswerText(answer: Answer, opts: TerminalRenderOptions = {}): string {
  const width = widthOf(opts);
  const style = styleOf(opts);
  if (!answer.answered) return dontKnow(width, style);

  const blocks: string[] = [];
  const verdict = verdictLines(answer.owner, width, style);
  if (verdict !== undefined) blocks.push(verdict);
  answer.passages.forEach((passage, i) => {
    blocks.push(renderPassage(passage, answer.offset + i + 1, width, style));
  });
  if (answer.passages.length === 0) blocks.push('No more passages.');

  const notes = answer.ambiguous.flatMap((ambiguity) => wrap(ambiguityLine(ambiguity), width));
  if (notes.length > 0) blocks.push(notes.map(style.dim).join('\n'));

  return blocks.join('\n\n');
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
