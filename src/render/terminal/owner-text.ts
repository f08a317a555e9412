/** "Who owns X?" as terminal text, for the CLI and the local console. Pure. */
import type { OwnerAnswer } from '../../answers/engine.js';
import type { Evidence } from '../../answers/types.js';
import { clean, styleOf, type TerminalRenderOptions, widthOf, wrap } from './text.js';
import { citation, dontKnow, subjectLabel, verdictLines } from './verdict-lines.js';

/** Distinct sentences quoted per role in the owner text. */
const EVIDENCE_PER_ROLE = 3;

/**
 * The verdict in one line, then the statements behind it grouped by role (the verdict's role
 * first, up to three distinct sentences each, with their sources), then a note when the sources
 * disagree. Without a verdict it is the same "I don't know" as an unanswered question.
 */
export function renderOwnerText(result: OwnerAnswer, opts: TerminalRenderOptions = {}): string {
  const width = widthOf(opts);
  const style = styleOf(opts);
  const { owner } = result.answer;
  const { labels } = result.answer;
  const verdict = verdictLines(owner, width, style, labels);
  if (!result.answer.answered || verdict === undefined) return dontKnow(width, style);

  const blocks = [verdict];
  for (const group of result.byRole) {
    const count = group.evidence.length;
    // Under an organisation's decision, the statements are what the articles say, for or against.
    const stance = group.role === owner.role ? 'for the verdict' : 'against it';
    const lines = [
      `${style.bold(`${subjectLabel(group.role, labels)} — ${count} statement${count === 1 ? '' : 's'}`)} ${stance}`,
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
