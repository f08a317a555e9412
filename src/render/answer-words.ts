/**
 * The words an answer's notes are told in, the same in Slack and in a terminal (each escapes and
 * styles them its own way). Pure.
 */
import { roleLabel } from '../answers/roles.js';
import type { Answer } from '../answers/types.js';

/**
 * Before passages offered for the roles a question names rather than for its words: "The sources
 * never say “minion”: here is what they say about the Product Owner and the Product Manager."
 * `word` quotes one of the question's words (Slack escapes it: the asker typed it).
 */
export function aboutRolesNote(answer: Answer, word: (typed: string) => string): string {
  const words = (answer.unknownWords ?? []).map(word);
  const roles = answer.roles.map((role) => `the ${roleLabel(role, answer.labels)}`);
  const named =
    roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles.at(-1)}` : (roles[0] ?? '');
  const lead = words.length > 0 ? `The sources never say ${words.join(' or ')}: here` : 'Here';
  return `${lead} is what they say about ${named}.`;
}
