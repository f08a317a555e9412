import type { KnowledgeBase } from '../knowledge/loader.js';
import type { Citation, Passage } from '../knowledge/types.js';
import { Analyzer } from './analyzer.js';
import { ask, DEFAULT_RANKING, type RankingOptions } from './ask.js';
import { type Comparison, compareRoles } from './compare.js';
import { ROLES, type RoleId } from './roles.js';
import { buildSearchIndex } from './search-index.js';
import type { Answer, AskOptions, Evidence } from './types.js';

/** A one-sentence description of a role, quoted from the knowledge. */
export interface RoleSummary {
  role: RoleId;
  text: string;
  source: Citation;
}

/** The ownership verdict for one thing, with the evidence grouped by role. */
export interface OwnerAnswer {
  thing: string;
  answer: Answer;
  /** Evidence per role, strongest first; the verdict's role comes first. */
  byRole: { role: Evidence['role']; evidence: Evidence[] }[];
}

/** The answer engine: built once from a knowledge base, then only read. */
export interface Engine {
  ask(question: string, options?: AskOptions): Answer;
  /** "Who owns the roadmap?": the verdict with the passages for and against. */
  owner(thing: string, options?: AskOptions): OwnerAnswer;
  /** Two roles side by side, one row per aspect of knowledge/aspects.yml (or the topic's). */
  compare(a: RoleId, b: RoleId, topic?: string): Comparison;
  /** One quoted sentence per role saying what it is: the cheat sheet. Computed once. */
  summaries(): RoleSummary[];
  readonly passages: readonly Passage[];
  readonly documents: number;
  /** Identifies the knowledge the engine was built from. */
  readonly fingerprint: string;
}

export function createEngine(
  knowledge: KnowledgeBase,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(knowledge.vocabulary);
  const index = buildSearchIndex(knowledge.passages, analyzer);
  const answer = (question: string, options?: AskOptions): Answer =>
    ask(question, analyzer, index, options, ranking);
  let summaries: RoleSummary[] | undefined;
  return {
    ask: answer,
    owner: (thing, options) => ownerOf(thing, answer, options),
    summaries: () => {
      summaries ??= ROLES.flatMap((role) => summarize(role.id, role.phrase, answer, index));
      return summaries;
    },
    compare: (a, b, topic = '') =>
      compareRoles([a, b], topic, knowledge.aspects, analyzer, index, (question) =>
        answer(question),
      ),
    passages: knowledge.passages,
    documents: knowledge.documents.length,
    fingerprint: knowledge.fingerprint,
  };
}

/** Reads a bare thing ("roadmap") as the ownership question it stands for. */
function ownerOf(
  thing: string,
  answer: (question: string, options?: AskOptions) => Answer,
  options?: AskOptions,
): OwnerAnswer {
  const trimmed = thing.trim().replace(/\?+$/, '');
  const question = /^(who|whose|which)\b/i.test(trimmed)
    ? `${trimmed}?`
    : `who owns the ${trimmed}?`;
  const result = answer(question, options);
  const groups = new Map<Evidence['role'], Evidence[]>();
  for (const item of result.owner.evidence) {
    const list = groups.get(item.role) ?? [];
    list.push(item);
    groups.set(item.role, list);
  }
  const byRole = [...groups.entries()]
    .map(([role, evidence]) => ({ role, evidence }))
    .sort((a, b) => (a.role === result.owner.role ? -1 : b.role === result.owner.role ? 1 : 0));
  return { thing: trimmed, answer: { ...result, question: thing }, byRole };
}

/**
 * The sentence that best says what a role is: from the top passage for "what is a <role>?", the
 * first sentence that makes the role its subject and gives it a duty.
 */
function summarize(
  role: RoleId,
  phrase: string,
  answer: (question: string) => Answer,
  index: ReturnType<typeof buildSearchIndex>,
): RoleSummary[] {
  const result = answer(`what is a ${phrase}?`);
  for (const passage of result.passages) {
    const indexed = index.get(passage.id);
    const statement = (indexed ? index.duties(indexed.passage) : []).find(
      (duty) => duty.subject === role && duty.attribution === 1,
    );
    if (statement) return [{ role, text: statement.excerpt, source: passage.source }];
  }
  return [];
}
