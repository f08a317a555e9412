/** Lines the answer and owner texts share: the verdict, citations, and "I don't know". */
import type { Subject } from '../../answers/duty-subjects.js';
import { type RoleId, roleLabel } from '../../answers/roles.js';
import type { OwnerVerdict } from '../../answers/types.js';
import type { Citation } from '../../knowledge/types.js';
import { articlesSay, atOrganisation } from '../decision-words.js';
import { type Style, wrap } from './text.js';

export const DONT_KNOW = "I don't know — nothing in the knowledge base covers that.";
export const COVERAGE_HINT =
  'I answer questions about product managers (PM), product owners (PO) and project managers: ' +
  "who owns what, what each role does and how they differ. Try 'who owns the product backlog?', " +
  "'what does a project manager do?', or compare roles with 'pm vs po'.";

export function dontKnow(width: number, style: Style): string {
  return [style.bold(DONT_KNOW), ...wrap(COVERAGE_HINT, width)].join('\n');
}

/** "Product Manager", or "Shared" when the sources give the duty to several roles together. */
export function subjectLabel(subject: Subject, labels?: Readonly<Record<RoleId, string>>): string {
  return subject === 'shared' ? 'Shared' : roleLabel(subject, labels);
}

/** "Owner: Product Owner (confidence 0.82)", and who else the sources name when they disagree. */
export function verdictLines(
  owner: OwnerVerdict,
  width: number,
  style: Style,
  labels?: Readonly<Record<RoleId, string>>,
): string | undefined {
  if (owner.role === null) return undefined;
  if (owner.decidedBy === 'organisation' && owner.decision)
    return decisionLines(owner, width, style, labels);
  let text = `Owner: ${subjectLabel(owner.role, labels)} (confidence ${owner.confidence.toFixed(2)})`;
  if (owner.contested) {
    const other = owner.evidence.find((evidence) => evidence.role !== owner.role)?.role;
    text += ' — the sources disagree';
    if (other === 'shared') text += ' (some say it is shared)';
    else if (other !== undefined) text += ` (some say ${subjectLabel(other, labels)})`;
  }
  return wrap(text, width)
    .map((line) => (owner.contested ? style.warn(line) : style.bold(line)))
    .join('\n');
}

/**
 * The organisation's decision: "Owner: Product Owner (decided at Acme)", "At Acme: <note>" with
 * the link, and what the articles say when they see it otherwise.
 */
function decisionLines(
  owner: OwnerVerdict,
  width: number,
  style: Style,
  labels?: Readonly<Record<RoleId, string>>,
): string {
  const decision = owner.decision;
  const role = owner.role;
  if (!decision || role === null) return '';
  const lines = wrap(
    `Owner: ${subjectLabel(role, labels)} (decided at ${decision.organisation})`,
    width,
  ).map(style.bold);
  const at = atOrganisation(owner, labels);
  lines.push(...wrap(at.lead ? `${at.lead} ${at.text}` : at.text, width));
  if (decision.link) lines.push(...wrap(decision.link, width, '  ', '  ').map(style.dim));
  const said = articlesSay(owner, labels);
  if (said)
    lines.push(...wrap(`Note: ${said}; their statements are below.`, width).map(style.warn));
  return lines.join('\n');
}

export function citation({ title, section, file }: Citation): string {
  const showSection = section.length > 0 && section !== title;
  return `${title}${showSection ? `, ${section}` : ''} (${file})`;
}
