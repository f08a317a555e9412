import type { Analyzer } from './analyzer.js';
import { type Question, readQuestion } from './question.js';
import { ROLES, type RoleId } from './roles.js';
import { formsByQuery, type IndexedPassage, type SearchIndex } from './search-index.js';
import type { Answer, AskOptions, DownVote, PreparedFeedback, RankedPassage } from './types.js';
import { decideOwner, type RankedCandidate } from './verdict.js';

/** How the ranking and the "I don't know" threshold are tuned; see the eval for their effect. */
export interface RankingOptions {
  /**
   * Evidence needed to answer at all: the mean of how much of the question's topic the knowledge
   * uses anywhere and how much of it the best passage covers (both idf-weighted, 0..1).
   */
  answerEvidence: number;
  /** The same for a question that names one of the roles: it is about roles by definition. */
  answerEvidenceNamingRole: number;
  /** A passage covering less than this share is not offered, even under "More passages". */
  passageCoverage: number;
  /** How many search hits are re-ranked. */
  rerankDepth: number;
  /** How many top passages vote in the owner verdict. */
  verdictDepth: number;
  /** A term matched only through prefix or typo tolerance counts this much. */
  approximateMatch: number;
  /** The most a passage's score is lowered for repeated down-votes (0..1). */
  maxDemotion: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  answerEvidence: 0.5,
  answerEvidenceNamingRole: 0.3,
  passageCoverage: 0.25,
  rerankDepth: 40,
  verdictDepth: 12,
  approximateMatch: 0.5,
  maxDemotion: 0.3,
};

interface Scored extends RankedCandidate {
  coverage: number;
  score: number;
}

/**
 * Answers a question from the index: BM25 candidates (with prefix and typo tolerance) re-ranked
 * by how much of the question's topic each passage covers and whether it names the roles asked
 * about; an honest "not answered" when the best passage covers too little of the topic.
 */
export function ask(
  text: string,
  analyzer: Analyzer,
  index: SearchIndex,
  options: AskOptions = {},
  ranking: RankingOptions = DEFAULT_RANKING,
): Answer {
  const question = readQuestion(text, analyzer, options.readings);
  const { ranked, known } = rank(question, index, ranking);
  if (options.feedback && options.feedback.size > 0)
    demote(ranked, question, options.feedback, ranking);
  const limit = Math.max(1, options.limit ?? 3);
  const offset = Math.max(0, options.offset ?? 0);
  const best = ranked[0];
  const needed =
    question.roles.length > 0 ? ranking.answerEvidenceNamingRole : ranking.answerEvidence;
  const answered = best !== undefined && (best.coverage + known) / 2 >= needed;
  const relevant = answered
    ? ranked.filter((item) => item.coverage >= ranking.passageCoverage)
    : [];
  const owner = answered
    ? decideOwner(question, relevant.slice(0, ranking.verdictDepth), index)
    : { role: null, contested: false, confidence: 0, contenders: [], evidence: [] };
  return {
    question: text,
    answered,
    passages: relevant.slice(offset, offset + limit).map(toRankedPassage),
    offset,
    total: relevant.length,
    owner,
    asksOwner: question.asksOwner,
    intent: question.intent,
    roles: question.roles,
    ambiguous: question.ambiguities,
  };
}

/**
 * Lowers passages that several people voted down on similar questions (half or more of the topic
 * terms shared): 10% per vote from the second on, at most `maxDemotion`, so feedback nudges the
 * ranking for that kind of question without hiding what the sources say anywhere else.
 */
function demote(
  ranked: Scored[],
  question: Question,
  feedback: PreparedFeedback,
  ranking: RankingOptions,
): void {
  const asked = new Set(question.topicTerms);
  let changed = false;
  for (const item of ranked) {
    let votes = 0;
    for (const entry of feedback.get(item.indexed.passage.id) ?? []) {
      if (similar(asked, entry.terms)) votes += entry.votes;
    }
    if (votes < 2) continue;
    item.score *= 1 - Math.min(ranking.maxDemotion, 0.1 * (votes - 1));
    changed = true;
  }
  if (!changed) return;
  ranked.sort((a, b) => b.score - a.score);
  const best = ranked[0]?.score ?? 1;
  for (const item of ranked) item.relevance = item.score / best;
}

function similar(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared) >= 0.5;
}

/** Groups down-votes by passage with the topic terms of the question each was given on. */
export function prepareFeedback(
  downVotes: readonly DownVote[],
  analyzer: Analyzer,
): PreparedFeedback {
  const byPassage = new Map<string, { terms: ReadonlySet<string>; votes: number }[]>();
  for (const vote of downVotes) {
    const terms = new Set(readQuestion(vote.question, analyzer).topicTerms);
    const list = byPassage.get(vote.passageId) ?? [];
    list.push({ terms, votes: vote.votes });
    byPassage.set(vote.passageId, list);
  }
  return byPassage;
}

/**
 * Re-ranks the search hits. Also returns `known`: the idf-weighted share of the question's topic
 * that the knowledge uses at all (a typo that found its word counts as known), the signal that
 * tells "a question about something the sources never discuss" from "a question phrased oddly".
 */
export function rank(
  question: Question,
  index: SearchIndex,
  ranking: RankingOptions,
): { ranked: Scored[]; known: number } {
  const hits = index.search(question.terms, ranking.rerankDepth).slice(0, ranking.rerankDepth);
  const top = hits[0]?.score ?? 0;
  if (top <= 0) return { ranked: [], known: 0 };
  // A short word the knowledge has never seen ("teh", "ok") is noise, not a topic to cover.
  const topic = question.topicTerms.filter((term) => term.length > 3 || index.knows(term));
  const topicWeight = topic.reduce((sum, term) => sum + index.idf(term), 0);
  // The question's distinct terms, for the title score of every hit.
  const asked = new Set(question.terms);

  const scored: Scored[] = [];
  for (const hit of hits) {
    const indexed = index.at(hit.ordinal);
    if (!indexed) continue;
    const matches = formsByQuery(hit);
    const exact = new Set(hit.terms);
    const roleFit = fitToRoles(question, indexed);
    let coverage: number;
    if (topicWeight === 0) {
      coverage = question.roles.length > 0 ? roleFit : 0;
    } else {
      let covered = 0;
      for (const term of topic) {
        if (exact.has(term) || index.contains(indexed, term)) covered += index.idf(term);
        else if (matches.has(term)) covered += ranking.approximateMatch * index.idf(term);
      }
      coverage = covered / topicWeight;
    }
    // "PO?", "what's a PdM": with nothing asked but the role, a passage that defines it is best.
    const defines =
      (topicWeight === 0 &&
        question.roles.length === 1 &&
        index.defines(indexed.passage).has(question.roles[0] as RoleId)) ||
      (question.asksDefinition && topicWeight > 0 && definesTopic(topic, indexed, index));
    const score =
      ((hit.score + titleScore(asked, indexed, index)) / top) *
      (0.2 + 0.8 * coverage) *
      (0.5 + 0.5 * roleFit) *
      (defines ? 1.5 : 1);
    scored.push({ indexed, matches, coverage, score, relevance: 0 });
  }
  scored.sort((a, b) => b.score - a.score);
  const bestScore = scored[0]?.score ?? 1;
  for (const item of scored) item.relevance = item.score / bestScore;

  let knownWeight = 0;
  for (const term of topic) {
    if (index.knows(term)) knownWeight += index.idf(term);
    else if (scored.some((item) => item.matches.has(term)))
      knownWeight += ranking.approximateMatch * index.idf(term);
  }
  return { ranked: scored, known: topicWeight === 0 ? 1 : knownWeight / topicWeight };
}

/**
 * What the document's title adds: each question term the title uses, weighted by its rarity and
 * the title weight. Scored here, on the few hits being re-ranked, rather than indexed with every
 * passage: a title is shared by all the passages of its document, and at 10,000 documents
 * indexing it per passage made the commonest title words the slowest part of a search.
 */
function titleScore(
  terms: ReadonlySet<string>,
  indexed: IndexedPassage,
  index: SearchIndex,
): number {
  const title = index.titleTerms(indexed.passage);
  let score = 0;
  for (const term of terms) if (title.has(term)) score += TITLE_WEIGHT * index.idf(term);
  return score;
}

/** Whether a sentence of the passage defines the whole topic asked about. */
function definesTopic(
  topic: readonly string[],
  indexed: IndexedPassage,
  index: SearchIndex,
): boolean {
  return index.definitions(indexed.passage).some((terms) => topic.every((term) => terms.has(term)));
}

/**
 * How well a passage fits the roles a question names: it must name them, and when the question
 * is about one role, a passage that names that role more than the others fits best.
 */
function fitToRoles(question: Question, indexed: IndexedPassage): number {
  if (question.roles.length === 0) return 1;
  const counts = indexed.roleCounts;
  const named = question.roles.filter(
    (role) => (counts[ROLE_ORDER.get(role) ?? -1] ?? 0) > 0,
  ).length;
  const share = named / question.roles.length;
  if (question.roles.length > 1) return share;
  // About one role: a passage that mostly talks about that role fits best.
  const total = counts.reduce((sum, n) => sum + n, 0);
  const asked = counts[ROLE_ORDER.get(question.roles[0] as RoleId) ?? -1] ?? 0;
  return total === 0 ? share : share * (0.5 + (0.5 * asked) / total);
}

const ROLE_ORDER = new Map(ROLES.map((role, i) => [role.id, i]));
/**
 * A title word counts as much as the same word in the passage: the title says what every
 * passage of its document is about. (Measured on the labelled questions: 0 to 0.6 loses one
 * question from the top three, 1 and 1.5 keep it.)
 */
const TITLE_WEIGHT = 1;

function toRankedPassage(item: Scored): RankedPassage {
  const { passage } = item.indexed;
  const [source, ...others] = passage.sources;
  return {
    id: passage.id,
    text: passage.text,
    section: passage.section,
    source: source ?? { file: passage.id, title: '', section: passage.section },
    sources: source ? [source, ...others] : [],
    score: Math.round(item.score * 1000) / 1000,
  };
}
