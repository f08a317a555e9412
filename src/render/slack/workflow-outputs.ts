import type { OwnerAnswer } from '../../answers/engine.js';
import { roleById } from '../../answers/roles.js';
import type { Citation } from '../../knowledge/types.js';

/** What the "Find owner" workflow step hands to the next steps (manifest `output_parameters`). */
export interface FindOwnerOutputs {
  role: string;
  role_id: string;
  contested: boolean;
  answer: string;
  source: string;
}

/** Workflow Builder shows outputs as plain text; keep each one readable in a message. */
const MAX_OUTPUT = 2_000;

/**
 * The step's outputs from an owner verdict, or undefined when the knowledge names no owner. The
 * answer is the verdict's deciding sentence: the strongest statement giving the duty to the
 * winning role.
 */
export function findOwnerOutputs(result: OwnerAnswer): FindOwnerOutputs | undefined {
  const { owner } = result.answer;
  if (!result.answer.answered || owner.role === null) return undefined;
  const role = owner.role;
  const deciding = owner.evidence.find((item) => item.role === role) ?? owner.evidence[0];
  if (!deciding) return undefined;
  return {
    role: role === 'shared' ? 'Shared between the roles' : roleById(role).label,
    role_id: role,
    contested: owner.contested,
    answer: deciding.sentence.slice(0, MAX_OUTPUT),
    source: citationText(deciding.source).slice(0, MAX_OUTPUT),
  };
}

/** "Title › Section (file.md), https://…": the citation as one line of plain text. */
export function citationText(source: Citation): string {
  const title = source.title || source.file;
  const section = source.section ? ` › ${source.section}` : '';
  const url = source.url ? `, ${source.url}` : '';
  return `${title}${section} (${source.file})${url}`;
}

/** What a workflow author sees when the step could not settle the question. */
export function findOwnerError(question: string | undefined): string {
  if (question === undefined || question.trim() === '') {
    return 'Find owner: the "Question" input is empty. Give it what to settle, e.g. "who owns the roadmap?" or "roadmap".';
  }
  const shown = question.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `Find owner: rolebot's knowledge base does not say who owns "${shown}". Rephrase it as "who owns <thing>?" (e.g. "who owns the backlog?"), or add a document that covers it to the knowledge base.`;
}
