/**
 * The one place a `/roles` command becomes a reply: Slack, the local console and the command
 * line all call `dispatch` and differ only in how they render what it returns.
 */
import type { Comparison } from '../answers/compare.js';
import { type Engine, type OwnerAnswer, ownerAnswerFrom } from '../answers/engine.js';
import type { Answer, AskOptions } from '../answers/types.js';
import type { RolesCommand } from './roles-command.js';

/** What to show for a command, before any rendering. */
export type RolesReply =
  /** The help text; with a problem when the command could not be read. */
  | { kind: 'help'; problem?: string }
  /** The knowledge gaps: they live in the feedback store, which the surface asks. */
  | { kind: 'gaps' }
  /** The settings modal (admins, Slack only): the surface opens it. */
  | { kind: 'config' }
  /** An ownership verdict with the evidence grouped by role. */
  | { kind: 'owner'; owner: OwnerAnswer }
  | { kind: 'compare'; comparison: Comparison }
  /** An answer that is not an ownership verdict (or has none): passages with their sources. */
  | { kind: 'answer'; answer: Answer };

export function dispatch(command: RolesCommand, engine: Engine, ask?: AskOptions): RolesReply {
  switch (command.kind) {
    case 'help':
      return { kind: 'help' };
    case 'invalid':
      return { kind: 'help', problem: command.problem };
    case 'gaps':
      return { kind: 'gaps' };
    case 'config':
      return { kind: 'config' };
    case 'owner':
      return { kind: 'owner', owner: engine.owner(command.thing, ask) };
    case 'compare':
      return {
        kind: 'compare',
        comparison: engine.compare(command.roles[0], command.roles[1], command.topic),
      };
    case 'ask': {
      const answer = engine.ask(command.question, ask);
      // "Who owns the roadmap?" gets the verdict, however it was asked. `engine.owner(question)`
      // would ask this very question again with the same options and keep that answer (it asks
      // for an owner): group this one instead.
      // A question that asks two things is answered part by part, each with its own verdict.
      if (answer.parts.length > 0) return { kind: 'answer', answer };
      if (answer.asksOwner && answer.owner.role !== null) {
        return { kind: 'owner', owner: ownerAnswerFrom(command.question, answer) };
      }
      return { kind: 'answer', answer };
    }
  }
}
