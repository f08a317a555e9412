import { RolebotError } from '../errors.js';
import type { Aspect } from '../knowledge/aspects.js';
import type { DecisionRights } from '../knowledge/decision-rights.js';
import { englishLexicon } from '../knowledge/english.js';
import type { KnowledgeBase } from '../knowledge/loader.js';
import type { Citation, Passage } from '../knowledge/types.js';
import type { Vocabulary } from '../knowledge/vocabulary.js';
import { Analyzer } from './analyzer.js';
import { ask, DEFAULT_RANKING, prepareFeedback, type RankingOptions } from './ask.js';
import { type Comparison, compareRoles } from './compare.js';
import { type KnowledgeCoverage, knowledgeCoverage } from './coverage.js';
import { DecisionIndex } from './decisions.js';
import type { Role, RoleId } from './roles.js';
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
  /** The organisation's name for a role it declared (built-in roles are named by id). */
  label?: string;
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
  /** One quoted sentence per role saying what it is: the cheat sheet. Worked out on first use. */
  summaries(): RoleSummary[];
  /** What the knowledge covers, for its authors (`rolebot check`). Worked out on each call. */
  coverage(): KnowledgeCoverage;
  /** Readies stored down-votes for `ask(question, { feedback })`. */
  prepareFeedback(downVotes: readonly DownVote[]): PreparedFeedback;
  readonly passages: readonly Passage[];
  readonly documents: number;
  /** The knowledge's roles: the three built in, then the organisation's own. */
  readonly roles: readonly Role[];
  /** The organisation's decision rights, when the knowledge has a decision-rights.yml. */
  readonly decisionRights?: DecisionRights;
}

/**
 * An engine as data: what it was built from and its search index, already analysed and frozen.
 * `engineFromData` makes the same engine from it without analysing or indexing anything, so
 * whoever keeps engines somewhere (src/index-cache) can take them apart and put them back.
 */
export interface EngineData {
  documents: number;
  passages: Passage[];
  vocabulary: Vocabulary;
  aspects: Aspect[];
  decisionRights?: DecisionRights;
  index: IndexSnapshot;
}

export function createEngine(
  knowledge: KnowledgeBase,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(knowledge.vocabulary, englishLexicon());
  const index = buildSearchIndex(knowledge.passages, analyzer);
  const { vocabulary, aspects, passages, decisionRights } = knowledge;
  return assembleEngine(
    {
      documents: knowledge.documents.length,
      passages,
      vocabulary,
      aspects,
      ...(decisionRights ? { decisionRights } : {}),
    },
    analyzer,
    index,
    ranking,
  );
}

/** The engine `engineData` took apart (from the same code version). */
export function engineFromData(
  data: EngineData,
  ranking: RankingOptions = DEFAULT_RANKING,
): Engine {
  const analyzer = new Analyzer(data.vocabulary, englishLexicon());
  const index = restoreSearchIndex(data.index, data.passages, analyzer);
  return assembleEngine(data, analyzer, index, ranking);
}

/** An engine of this module's making as data; not part of `Engine`, which answers questions. */
export function engineData(engine: Engine): EngineData {
  const data = contents.get(engine);
  if (!data)
    throw new RolebotError(
      'internal',
      'engine: engineData needs an engine made by createEngine or engineFromData',
    );
  return data();
}

const contents = new WeakMap<Engine, () => EngineData>();

function assembleEngine(
  parts: Omit<EngineData, 'index'>,
  analyzer: Analyzer,
  index: SearchIndex,
  ranking: RankingOptions,
): Engine {
  const decisions = parts.decisionRights
    ? new DecisionIndex(parts.decisionRights, analyzer)
    : DecisionIndex.EMPTY;
  const answer = (question: string, options?: AskOptions): Answer =>
    ask(question, analyzer, index, options, ranking, decisions);
  let summaries: RoleSummary[] | undefined;
  const engine: Engine = {
    ask: answer,
    owner: (thing, options) => ownerOf(thing, answer, options),
    prepareFeedback: (downVotes) => prepareFeedback(downVotes, analyzer),
    coverage: () =>
      knowledgeCoverage(
        parts.aspects,
        parts.vocabulary,
        analyzer,
        index,
        (question) => answer(question),
        parts.decisionRights?.decisions ?? [],
      ),
    summaries: () => {
      summaries ??= analyzer.roles.all.flatMap((role) =>
        summarize(role.id, role.phrase, answer, index).map((summary) =>
          role.declared ? { ...summary, label: role.label } : summary,
        ),
      );
      return summaries;
    },
    compare: (a, b, topic = '') =>
      compareRoles([a, b], topic, parts.aspects, analyzer, index, (question) => answer(question)),
    passages: parts.passages,
    documents: parts.documents,
    roles: analyzer.roles.all,
    ...(parts.decisionRights ? { decisionRights: parts.decisionRights } : {}),
  };
  contents.set(engine, () => ({ ...parts, index: index.snapshot() }));
  return engine;
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
