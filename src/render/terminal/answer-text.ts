/**
 * An answer as terminal text, for the CLI and the local console: the verdict, the numbered
 * passages with their sources, and how an ambiguous abbreviation was read. Pure.
 */
import type { Ambiguity } from '../../answers/analyzer.js';
import { ownerAnswerFrom } from '../../answers/engine.js';
import type { Answer, RankedPassage } from '../../answers/types.js';
import type { Citation } from '../../knowledge/types.js';
import { aboutRolesNote } from '../answer-words.js';
import { renderOwnerText } from './owner-text.js';
import { type Style, styleOf, type TerminalRenderOptions, widthOf, wrap } from './text.js';
import { citation, dontKnow, verdictLines } from './verdict-lines.js';

export function renderAnswerText(answer: Answer, opts: TerminalRenderOptions = {}): string {
  const width = widthOf(opts);
  const style = styleOf(opts);
  if (!answer.answered) return dontKnow(width, style);

  // A question that asks two things: each part's answer under its own question.
  if (answer.parts.length > 0 && answer.offset === 0) {
    return answer.parts
      .map((part) => {
        const body =
          part.asksOwner && part.owner.role !== null
            ? renderOwnerText(ownerAnswerFrom(part.question, part), opts)
            : renderAnswerText(part, opts);
        return `${style.bold(`› ${part.question}`)}\n${body}`;
      })
      .join('\n\n');
  }
  const blocks: string[] = [];
  const verdict = answer.asksOwner
    ? verdictLines(answer.owner, width, style, answer.labels)
    : undefined;
  if (verdict !== undefined) blocks.push(verdict);
  if (answer.unknownWords && answer.offset === 0)
    blocks.push(
      wrap(
        aboutRolesNote(answer, (word) => `“${word}”`),
        width,
      )
        .map(style.dim)
        .join('\n'),
    );
  answer.passages.forEach((passage, i) => {
    blocks.push(renderPassage(passage, answer.offset + i + 1, width, style, i === 0));
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

/**
 * A passage with its sources. The best one leads with the sentence that answers, then the whole
 * passage as context, as written and in source order; the others are quoted as they are.
 */
function renderPassage(
  passage: RankedPassage,
  number: number,
  width: number,
  style: Style,
  leads: boolean,
): string {
  const label = `${number}. `;
  const indent = ' '.repeat(label.length);
  const lead = leads && passage.sentence !== '' && passage.sentence !== passage.text;
  const lines = lead
    ? [
        ...wrap(passage.sentence, width, label, indent).map(style.bold),
        ...wrap(passage.text, width, indent, indent).map(style.dim),
      ]
    : wrap(passage.text, width, label, indent);
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
