/**
 * The words an organisation's decision is told in, the same in Slack and in a terminal (each
 * escapes and styles them its own way). Pure.
 */
import { articlesDiffer } from '../answers/decisions.js';
import type { Subject } from '../answers/duty-subjects.js';
import { type RoleId, roleLabel } from '../answers/roles.js';
import type { OwnerVerdict } from '../answers/types.js';

function label(subject: Subject, labels?: Readonly<Record<RoleId, string>>): string {
  return subject === 'shared' ? 'roles together' : roleLabel(subject, labels);
}

/** The decision's note, or one made of the file's fields when it has none. */
export function decisionNote(
  owner: OwnerVerdict,
  labels?: Readonly<Record<RoleId, string>>,
): string {
  const { decision, role } = owner;
  if (!decision || role === null) return '';
  if (decision.note) return decision.note;
  const consulted = decision.consulted.map((id) => roleLabel(id, labels)).join(', ');
  return `the ${label(role, labels)} owns the ${decision.thing}${consulted ? `, consulting the ${consulted}` : ''}.`;
}

/** "the articles say the Product Manager owns it", when they differ from the decision. */
export function articlesSay(
  owner: OwnerVerdict,
  labels?: Readonly<Record<RoleId, string>>,
): string | undefined {
  const articles = owner.articles;
  if (!articlesDiffer(owner) || !articles || articles.role === null) return undefined;
  return articles.contested
    ? `the articles disagree among themselves (most give it to the ${label(articles.role, labels)})`
    : `the articles say the ${label(articles.role, labels)} owns it`;
}

/**
 * "At Acme: <note>", once: a note that already opens with "At Acme" is not prefixed again.
 * Returns the lead ("At Acme:", or "" when the note carries it) and the rest, so a renderer can
 * make the lead bold.
 */
export function atOrganisation(
  owner: OwnerVerdict,
  labels?: Readonly<Record<RoleId, string>>,
): { lead: string; text: string } {
  const organisation = owner.decision?.organisation ?? '';
  const note = decisionNote(owner, labels);
  const opens = note.toLowerCase().startsWith(`at ${organisation.toLowerCase()}`);
  return opens ? { lead: '', text: note } : { lead: `At ${organisation}:`, text: note };
}
