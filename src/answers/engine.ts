import type { Aspect } from '../knowledge/aspects.js';
import { englishLexicon } from '../knowledge/english.js';
import type { KnowledgeBase } from '../knowledge/loader.js';
import { type PassageColumns, passageColumns, storedPassages } from '../knowledge/passage-store.js';
import type { Citation, Passage } from '../knowledge/types.js';
import type { Vocabulary } from '../knowledge/vocabulary.js';
import { Analyzer } from './analyzer.js';
import { ask, DEFAULT_RANKING, prepareFeedback, type RankingOptions } from './ask.js';
import { type Comparison, compareRoles } from './compare.js';
import { ROLES, type RoleId } from './roles.js';
import {
  buildSearchIndex,
  type IndexSnapshot,
  restoreSearchIndex,
  type SearchIndex,
} from './search-index.js';
import type { Answer, AskOptions, DownVote, Evidence, PreparedFeedback } from './types.js';

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
  /** Readies stored down-votes for `ask(question, { feedback })`. */
  prepareFeedback(downVotes: readonly DownVote[]): PreparedFeedback;
  readonly passages: readonly Passage[];
  readonly documents: number;
  /** Identifies the knowledge the engine was built from. */
  readonly fingerprint: string;
  /** Everything needed to restore this engine without reading and indexing the knowledge. */
  snapshot(): EngineSnapshot;
}

/** An engine as plain data and typed arrays: what the index cache stores (see src/bundle.ts). */
export interface EngineSnapshot {
  fingerprint: string;
  documents: number;
  passages: PassageColumns;
  vocabulary: Vocabulary;
  aspects: Aspect[];
  index: IndexSnapshot;
}

/** What an engine is made of, whether freshly built or restored from a snapshot. */
interface EngineParts {
  fingerprint: string;
  documents: number;
  passages: Passage[];
  vocabulary: Vocabulary;
  aspects: Aspect[];
}

export function createEngine(
  knowledge: KnowledgeBase,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
  const index = buildSearchIndex(knowledge.passages, analyzer);
  // Served as a restore from the cache would be: passages in columns, their text off the JS
  // heap. One form to serve whether built or restored, and at 10,000 documents a heap of ~15 MB
  // instead of ~145 MB, which every garbage collection would otherwise walk mid-question.
  return restoreEngine(
    {
      fingerprint: knowledge.fingerprint,
      documents: knowledge.documents.length,
      passages: passageColumns(knowledge.passages),
      vocabulary: knowledge.vocabulary,
      aspects: knowledge.aspects,
      index: index.snapshot(),
    },
    ranking,
  );
}

/** Restores an engine from a snapshot taken by `engine.snapshot()` (of the same code version). */
export function restoreEngine(
  snapshot: EngineSnapshot,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(snapshot.vocabulary, englishLexicon());
  const passages = storedPassages(snapshot.passages);
  const index = restoreSearchIndex(snapshot.index, passages, analyzer);
  const { fingerprint, documents, vocabulary, aspects } = snapshot;
  return assembleEngine(
    { fingerprint, documents, passages, vocabulary, aspects },
    analyzer,
    index,
    ranking,
  );
}

function assembleEngine(
  parts: EngineParts,
  analyzer: Analyzer,
  index: SearchIndex,
  ranking: RankingOptions,
): Engine {
  const answer = (question: string, options?: AskOptions): Answer =>
    ask(question, analyzer, index, options, ranking);
  let summaries: RoleSummary[] | undefined;
  return {
    ask: answer,
    owner: (thing, options) => ownerOf(thing, answer, options),
    prepareFeedback: (downVotes) => prepareFeedback(downVotes, analyzer),
    summaries: () => {
      summaries ??= ROLES.flatMap((role) => summarize(role.id, role.phrase, answer, index));
      return summaries;
    },
    compare: (a, b, topic = '') =>
      compareRoles([a, b], topic, parts.aspects, analyzer, index, (question) => answer(question)),
    passages: parts.passages,
    documents: parts.documents,
    fingerprint: parts.fingerprint,
    snapshot: () => ({
      fingerprint: parts.fingerprint,
      documents: parts.documents,
      passages: passageColumns(parts.passages),
      vocabulary: parts.vocabulary,
      aspects: parts.aspects,
      index: index.snapshot(),
    }),
  };
}

/** Reads a bare thing ("roadmap") as the ownership question it stands for. */
function ownerOf(
  thing: string,
  answer: (question: string, options?: AskOptions) => Answer,
  options?: AskOptions,
): OwnerAnswer {
  const trimmed = thing.trim().replace(/\?+$/, '');
  // A question that already asks for an owner ("PM or PO: who runs standups?") is asked as is;
  // a bare thing ("roadmap") becomes "who owns the roadmap?".
  const direct = answer(thing, options);
  const result = direct.asksOwner ? direct : answer(`who owns the ${trimmed}?`, options);
  return ownerAnswerFrom(thing, result);
}

/**
 * The owner card's content from an ownership question's answer: its evidence grouped by role,
 * the verdict's role first. For a caller that already holds the answer to "who owns X?", so the
 * question is not asked twice.
 */
export function ownerAnswerFrom(thing: string, answer: Answer): OwnerAnswer {
  const groups = new Map<Evidence['role'], Evidence[]>();
  for (const item of answer.owner.evidence) {
    const list = groups.get(item.role) ?? [];
    list.push(item);
    groups.set(item.role, list);
  }
  const byRole = [...groups.entries()]
    .map(([role, evidence]) => ({ role, evidence }))
    .sort((a, b) => (a.role === answer.owner.role ? -1 : b.role === answer.owner.role ? 1 : 0));
  return { thing: thing.trim(), answer, byRole };
}

/**
 * The sentence that best says what a role is: from the top passage for "what is a <role>?", the
 * first sentence that makes the role its subject and gives it a duty.
 */
function summarize(
  role: RoleId,
  phrase: string,
  answer: (question: string) => Answer,
  index: SearchIndex,
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
