import type { Analyzer } from './analyzer.js';
import { answerMargin } from './answer-margin.js';
import { DecisionIndex, organisationVerdict } from './decisions.js';
import { alikeWordsOf, type Expansions, expansionsOf } from './expansions.js';
import { clipInput } from './limits.js';
import {
  fromNamedSource,
  NAMED_SOURCE_BOOST,
  type NamedSource,
  NO_NAMED_SOURCE,
  namedSource,
  namedSourceHolds,
} from './named-source.js';
import { neighbouringPairs, passageProximity } from './proximity.js';
import { type Question, readQuestion, topicWords } from './question.js';
import type { RoleId } from './roles.js';
import {
  formsByQuery,
  holdsTerm,
  type IndexedPassage,
  type SearchHit,
  type SearchIndex,
} from './search-index.js';
import type { Answer, AskOptions, DownVote, PreparedFeedback, RankedPassage } from './types.js';
import { asksAboutUnknownName, isUnknownShorthand, statesExpectedFact } from './uncovered.js';
import { decideOwner, NO_VERDICT, partsVerdict, type RankedCandidate } from './verdict.js';

/** How the ranking and the "I don't know" threshold are tuned; see the eval for their effect. */
export interface RankingOptions {
  /**
   * Evidence needed to answer at all: the mean of how much of the question's topic the knowledge
   * uses anywhere and how much of it the best passage covers (both idf-weighted, 0..1).
   */
  answerEvidence: number;
  /** The same for a question that names one of the roles: it is about roles by definition. */
  answerEvidenceNamingRole: number;
  /**
   * The same for a question that asks which role owns something without naming one ("who's on
   * the hook for deadlines?"): about roles by its form, so between the two above.
   */
  answerEvidenceOwnership: number;
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
  // Pooled dev sets, 0.5 → 0.4: false abstains 7.1% → 6.2%, owner 81.0 → 84.5, one more
  // uncovered question answered; 0.35 and below answer an off-topic question of our own set.
  answerEvidenceOwnership: 0.4,
  passageCoverage: 0.25,
  // Pooled dev sets (1603 questions): 40 → 20 changes no first or top-three answer and no "I
  // don't know", owner 88.7 → 89.0, and halves the re-ranking's work; at 15, false abstains rise.
  rerankDepth: 20,
  verdictDepth: 12,
  approximateMatch: 0.5,
  maxDemotion: 0.3,
};

interface Scored extends RankedCandidate {
  /**
   * The share of the topic the passage holds, as matched or in the knowledge's words alike the
   * question's (`ALIKE_SHARE`): what decides whether it is offered and whether it answers.
   */
  coverage: number;
  /** The share of the topic its best single sentence holds: an answer says it in one place. */
  focus: number;
  /** The share of the topic the passage holds as typed, misspelt or in the glossary's words. */
  direct: number;
  score: number;
  /**
   * The score before the best passages' agreement (`agreeWithTheBest`): the verdict weighs each
   * source by it, since agreement pulls the ranking towards one view and a verdict must hear all.
   */
  scoreBeforeAgreement: number;
}

/**
 * Answers a question from the index: BM25 candidates (with prefix and typo tolerance) re-ranked
 * by how much of the question's topic each passage covers and whether it names the roles asked
 * about; an honest "not answered" when the best passage covers too little of the topic. An
 * ownership question the organisation decided (`decisions`) is answered with its decision, the
 * articles' verdict and statements kept beside it.
 */
export function ask(
  text: string,
  analyzer: Analyzer,
  index: SearchIndex,
  options: AskOptions = {},
  ranking: RankingOptions = DEFAULT_RANKING,
  decisions: DecisionIndex = DecisionIndex.EMPTY,
): Answer {
  text = clipInput(text); // see limits.ts: past the limit, input changes nothing
  const question = readQuestion(text, analyzer, options.readings);
  const parts = askedParts(text, analyzer, options.readings).map((part) =>
    ask(part, analyzer, index, { ...options, offset: 0 }, ranking, decisions),
  );
  const { ranked, known, expansions, named } = rank(question, analyzer, index, ranking);
  // Whether the knowledge covers the question is asked of the rest of it: a publisher's name is
  // the knowledge's own word, whether or not its passages or English use it ("per Atlassian").
  const asked = withoutTerms(question, named.terms);
  if (options.feedback && options.feedback.size > 0)
    demote(ranked, question, options.feedback, ranking);
  const limit = Math.max(1, options.limit ?? 3);
  const offset = Math.max(0, options.offset ?? 0);
  const covering = ranked.filter((item) => item.coverage >= ranking.passageCoverage);
  // The evidence is judged on the passage the answer would lead with: the best one that covers
  // enough to be offered, not a higher-scored one that only shares the question's framing ("who's
  // in charge of making sure…" scoring a passage on "in charge" and "make sure" alone). (Pooled
  // dev sets, 6,113 questions: false abstains 2.7% → 2.5%, hit@3 up on two sets, uncovered
  // abstained 80.6% → 80.0%; a lower evidence threshold that answers as many more answerable
  // questions answers twice as many uncovered ones.)
  const best = covering[0] ?? ranked[0];
  const needed =
    question.roles.length > 0
      ? ranking.answerEvidenceNamingRole
      : question.asksOwner
        ? ranking.answerEvidenceOwnership
        : ranking.answerEvidence;
  const evidence = best === undefined ? 0 : (best.coverage + known) / 2;
  // Whether to answer weighs what the words the knowledge lacks are, beside the evidence: see
  // answer-margin.ts. (Pooled dev sets, 6,528 questions, against the evidence alone: uncovered
  // abstained 79.7% → 82.6%, false abstains 2.7% → 2.5%, owner 85.5 → 86.0, hit@3 81.9 → 82.0.)
  const coversTopic =
    best !== undefined &&
    answerMargin(asked, best.coverage, evidence, needed, analyzer, index) >= 0 &&
    !restsOnStandIns(asked, best, index) &&
    covering.length > 0 &&
    (question.roles.length > 0 || best.direct > 0) &&
    statesExpectedFact(asked, best, index);
  const relatesRoles = best !== undefined && asksHowRolesRelate(question);
  // The costliest check, made once and only for a question either way could answer.
  const unknownName =
    (coversTopic || relatesRoles) &&
    asksAboutUnknownName(asked, ranked, expansions, analyzer, index);
  const answeredByTopic = coversTopic && !unknownName;
  const fromRoles = !answeredByTopic && relatesRoles && !unknownName;
  const answered = answeredByTopic || fromRoles;
  const relevant = answeredByTopic ? covering : fromRoles ? ranked : [];
  // Passages chosen for the roles alone say nothing of the topic, so they decide no owner.
  const articles = answeredByTopic
    ? decideOwner(
        question,
        beforeAgreement(relevant).slice(0, ranking.verdictDepth),
        index,
        expansions,
      )
    : NO_VERDICT;
  // The organisation's decision wins, even where the articles say nothing about the duty.
  const decision =
    decisions.size > 0 && question.asksOwner ? decisions.match(question, expansions) : undefined;
  const whole = decision ? organisationVerdict(decision, articles) : articles;
  const owner = question.asksOwner && parts.length > 0 ? partsVerdict(parts, whole) : whole;
  return {
    question: text,
    answered: answered || decision !== undefined,
    evidence: Math.round(evidence * 1000) / 1000,
    passages: relevant
      .slice(offset, offset + limit)
      .map((item) => toRankedPassage(item, answeringSentence(item, question, index))),
    offset,
    total: relevant.length,
    owner,
    asksOwner: question.asksOwner,
    intent: question.intent,
    roles: question.roles,
    ...(analyzer.roles.declared.length > 0 ? { labels: analyzer.roles.labels } : {}),
    ambiguous: question.ambiguities,
    parts,
    ...(fromRoles ? { unknownWords: unknownWords(question, analyzer, index) } : {}),
  };
}

/** The question without some of its topic terms. */
function withoutTerms(question: Question, terms: ReadonlySet<string>): Question {
  if (terms.size === 0) return question;
  return {
    ...question,
    topicTerms: question.topicTerms.filter((term) => !terms.has(term)),
    dutyTerms: question.dutyTerms.filter((term) => !terms.has(term)),
  };
}

/**
 * "Is the PO just the PM's minion?", "which role is older, pm or po?", "do the three work
 * together or in separate lanes?": a question about how the roles it names relate, in words the
 * sources never use. The passages about those roles are the sources' answer, offered as such
 * (the reply names the words they lack), where "I don't know" would leave the asker with
 * nothing. Not for a question that asks for a figure, a price, a date, a person or its own
 * organisation, nor one naming a thing the sources never mention ("admin on our Jira board"):
 * the sources hold none of those. (Pooled dev sets, 8,584 questions: false abstains 191 → 158,
 * hit@1 69.9 → 70.1, hit@3 82.1 → 82.4, one uncovered question answered, "is there a raci
 * matrix for pm vs po vs project manager".)
 */
function asksHowRolesRelate(question: Question): boolean {
  return question.roles.length >= 2 && question.expects === null;
}

/** The question's topic words, as typed, whose terms the knowledge never uses. */
function unknownWords(question: Question, analyzer: Analyzer, index: SearchIndex): string[] {
  const words = topicWords(question, analyzer)
    .filter(({ term }) => !index.knows(term))
    .map(({ word }) => word);
  return [...new Set(words)];
}

/**
 * A question that names no role and none of whose topic words the knowledge uses rests on
 * stand-ins alone ("can I bring my dog to the office?": "dog" found as "track", "office" as
 * "function", WordNet's rarer senses); it is answered only when its best passage covers at least
 * half of it, through them. Naming a role grounds a question in the articles' subject ("does a PM
 * look outward while a PO looks inward?"). (Pooled dev sets, 3,896 questions: uncovered abstained
 * 80.8% → 82.8%, our own set's 78.6% → 92.9%; two answerable questions abstain that had their
 * answer second or third ("are the boundaries between these jobs fixed or do they blur"), hit@3
 * 82.2 and false abstains 3.3% as rounded; without the role exemption false abstains rose to
 * 3.9%.)
 */
const STAND_IN_COVERAGE = 0.5;

function restsOnStandIns(
  question: Question,
  best: Scored | undefined,
  index: SearchIndex,
): boolean {
  const { topicTerms, roles } = question;
  if (roles.length > 0 || topicTerms.length === 0) return false;
  if (topicTerms.some((term) => index.knows(term))) return false;
  return (best?.coverage ?? 0) < STAND_IN_COVERAGE;
}

/**
 * "Who owns the backlog and who owns the roadmap?", "does the PO write the stories, and who
 * accepts them?", "who owns the vision vs who executes it?": the parts of a question that asks
 * twice, split before each later "who", "whose" or "which"; none for a question that asks once.
 */
const SECOND_QUESTION =
  /(?:,\s*|\s)(?:and|but|while|vs\.?|versus)\s+(?=(?:who|whose|which|what)\b)|,\s+(?=(?:who|whose|which)\b)/i;

export function questionParts(text: string): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  for (let guard = 0; guard < 3; guard++) {
    const match = SECOND_QUESTION.exec(rest);
    if (!match || match.index === 0) break;
    parts.push(rest.slice(0, match.index).trim());
    rest = rest.slice(match.index + match[0].length).trim();
  }
  if (parts.length === 0) return [];
  parts.push(rest);
  // A fragment is no question of its own ("who owns it, and why?").
  return parts.every((part) => part.split(/\s+/).length >= 3) ? parts : [];
}

/**
 * A "which" with no noun of its own ("…and which owns execution"), after a first part that asks
 * which role owns something. (Pooled dev sets, 8,295 questions: no owner line where none is asked
 * 96.0% → 96.3%, seventeen questions, all now split; the rest unchanged.)
 */
const ELLIPTICAL_WHICH = /^which\s+(?!(?:role|roles|one|ones|of|person|job|title)\b)/i;

/** A question word, or a question mark at the end ("the po turns strategy into tasks right?"). */
const ASKS = /\b(?:who|whose|what|which|how|why|when|where)\b|\?\s*$/i;

/**
 * The parts of a question that each ask something of their own: "PM or PO, who prioritises the
 * backlog?" names the alternatives and then asks once, so "PM or PO" is no part; nor is a clause
 * that sets the scene and asks nothing ("once success is defined, who works out the plan to get
 * there?", "in an agile team, who…"). With one part left, the question is answered whole.
 * (Pooled dev sets, 5,266 questions, the scene-setting clauses: clear owners flagged contested
 * 232 → 229, no owner line where none is asked 95.8% → 95.9%, the rest unchanged.)
 */
function askedParts(text: string, analyzer: Analyzer, readings: AskOptions['readings']): string[] {
  let asked = questionParts(text);
  if (asked.length < 2) return [];
  const first = readQuestion(asked[0] as string, analyzer, readings);
  // "which role owns strategy and which owns execution?": a later "which" asks which role too.
  if (first.asksOwner)
    asked = asked.map((part, i) => (i > 0 ? part.replace(ELLIPTICAL_WHICH, 'which role ') : part));
  const parts = asked.filter((part, i) => {
    const read = i === 0 ? first : readQuestion(part, analyzer, readings);
    return read.topicTerms.length > 0 && (read.intent !== 'other' || ASKS.test(part));
  });
  return parts.length >= 2 ? parts : [];
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
    const factor = 1 - Math.min(ranking.maxDemotion, 0.1 * (votes - 1));
    item.score *= factor;
    item.scoreBeforeAgreement *= factor;
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
 * tells "a question about something the sources never discuss" from "a question phrased oddly";
 * the stand-ins it searched, for the organisation's decisions to match the same way; and the
 * sources the question names (named-source.ts), whose names the rest need not cover.
 */
export function rank(
  question: Question,
  analyzer: Analyzer,
  index: SearchIndex,
  ranking: RankingOptions,
): { ranked: Scored[]; known: number; expansions: Expansions; named: NamedSource } {
  const expansions = expansionsOf(question, analyzer, index);
  // Searched: the question's terms at their content weight, then the terms standing in for them.
  const weights = new Map(question.weights);
  const searched = [...question.terms];
  for (const [from, list] of expansions) {
    for (const { term, weight } of list) {
      if (weights.has(term) || searched.length >= MAX_QUERY_TERMS) continue;
      searched.push(term);
      weights.set(term, weight * (question.weights.get(from) ?? 1));
    }
  }
  // The words that are not the topic (the asking words "owner", "responsible", "role", the roles,
  // "vs") are searched as themselves: "vision owner?" by prefix found every passage that says
  // "ownership", which then outranked the ones about the vision. (Pooled dev sets, 7,622
  // questions: hit@1 69.2 → 69.6, up on 24 sets and down on none, hit@3 81.8 → 81.9; with every
  // word spelt right matched whole, 69.7, and our own set lost a question.)
  const asking = new Set(question.terms.filter((term) => !question.topicTerms.includes(term)));
  const hits = index
    .search(searched, ranking.rerankDepth, weights, question.spelt, asking)
    .slice(0, ranking.rerankDepth);
  const top = hits[0]?.score ?? 0;
  if (top <= 0) return { ranked: [], known: 0, expansions, named: NO_NAMED_SOURCE };
  const named = namedSource(
    question.text,
    hits.flatMap((hit) => index.at(hit.ordinal)?.passage ?? []),
    analyzer,
  );
  // A short word the knowledge has never seen ("teh", "ok") is noise, not a topic to cover,
  // unless it is shorthand for something the sources never mention ("sql", "tpm"): see
  // uncovered.ts.
  const topic = question.topicTerms.filter(
    (term) =>
      (term.length > 3 ||
        index.knows(term) ||
        isUnknownShorthand(term, expansions, analyzer, index)) &&
      (question.weights.get(term) ?? 1) >= MIN_TOPIC_WEIGHT,
  );
  // Rare in the passages and meaningful in English: "usually" is rare here too, but says little.
  const actions = unknownActions(question, analyzer, index);
  const weightOf = (term: string): number =>
    index.idf(term) * (question.weights.get(term) ?? 1) * (actions.has(term) ? UNKNOWN_ACTION : 1);
  const topicWeight = topic.reduce((sum, term) => sum + weightOf(term), 0);
  const alike = alikeWordsOf(question, analyzer, index);
  // The question's distinct terms, for the title score of every hit.
  const asked = new Set(question.terms);

  // The roles asked about as index terms, for the best-sentence scan of every hit.
  const askedRoles = roleTermsOf(question, analyzer);
  const pairs = neighbouringPairs(
    question.sequence.filter((term) => (question.weights.get(term) ?? 1) >= MIN_TOPIC_WEIGHT),
  );
  const scored: Scored[] = [];
  for (const hit of hits) {
    const indexed = index.at(hit.ordinal);
    if (!indexed) continue;
    const matches = withExpansions(formsByQuery(hit), expansions);
    const exact = hit.terms;
    const roleFit = fitToRoles(question, indexed, analyzer);
    let coverage: number;
    // Coverage counting the knowledge's words alike the question's; see ALIKE_SHARE.
    let offered: number;
    let direct = 0;
    if (topicWeight === 0) {
      coverage = question.roles.length > 0 ? roleFit : 0;
      offered = coverage;
    } else {
      let covered = 0;
      let alikeCovered = 0;
      for (const term of topic) {
        if (
          exact.includes(term) ||
          index.contains(indexed, term) ||
          namedSourceHolds(named, indexed.passage, term)
        ) {
          covered += weightOf(term);
          direct += weightOf(term);
        } else if (sharesAnyIn(alike.get(term), indexed, index)) {
          alikeCovered += ALIKE_SHARE * weightOf(term);
        } else if (matches.has(term)) {
          covered += matchShare(term, hit, expansions, ranking) * weightOf(term);
          // A typo of the word (as the search or English's word list corrects it), a glossary
          // neighbour (the field's own equivalences), another form of it or its WordNet synonym
          // is the word as the knowledge says it; a neighbour by vectors alone is only a hint.
          if (
            hit.matches.some((match) => match.query === term) ||
            (expansions.get(term) ?? []).some(
              (e) =>
                (e.via === 'glossary' ||
                  e.via === 'family' ||
                  e.via === 'spelling' ||
                  e.via === 'wordnet') &&
                hit.matches.some((match) => match.query === e.term),
            )
          )
            direct += weightOf(term);
        }
      }
      coverage = covered / topicWeight;
      offered = (covered + alikeCovered) / topicWeight;
      direct /= topicWeight;
    }
    // "PO?", "what's a PdM": with nothing asked but the role, a passage that defines it is best.
    const defines =
      (topicWeight === 0 &&
        question.roles.length === 1 &&
        index.defines(indexed.passage).has(question.roles[0] as RoleId)) ||
      (question.asksDefinition && topicWeight > 0 && definesTopic(topic, indexed, index));
    // A passage that covers too little to be offered is not worth a scan of its sentences.
    const focus =
      topicWeight === 0 || coverage < ranking.passageCoverage
        ? coverage
        : sentenceCoverage(
            topic,
            weightOf,
            topicWeight,
            matches,
            indexed,
            index,
            askedRoles,
            analyzer,
            named,
          );
    const near =
      coverage < ranking.passageCoverage ? 0 : passageProximity(pairs, matches, indexed, index);
    const stated =
      question.asksOwner && topicWeight > 0
        ? statedDuty(topic, weightOf, topicWeight, indexed, index)
        : 0;
    const score =
      (1 + DUTY_STATEMENT_WEIGHT * stated) *
      (1 + PROXIMITY_WEIGHT * near) *
      (1 - FOCUS_WEIGHT + FOCUS_WEIGHT * focus) *
      ((hit.score + titleScore(asked, indexed, index)) / top) *
      (0.2 + 0.8 * coverage) *
      (0.5 + 0.5 * roleFit) *
      (defines ? 1.5 : 1) *
      (fromNamedSource(named, indexed.passage) ? NAMED_SOURCE_BOOST : 1);
    scored.push({
      indexed,
      matches,
      coverage: offered,
      focus,
      direct,
      score,
      scoreBeforeAgreement: score,
      relevance: 0,
    });
  }
  agreeWithTheBest(scored, question, index);
  scored.sort((a, b) => b.score - a.score);
  const bestScore = scored[0]?.score ?? 1;
  for (const item of scored) item.relevance = item.score / bestScore;

  let knownWeight = 0;
  for (const term of topic) {
    if (index.knows(term) || named.terms.has(term)) {
      knownWeight += weightOf(term);
      continue;
    }
    // Found as typed but misspelt (or by prefix), not through a stand-in: those count below.
    const spelledAlike = hits.some((hit) => hit.matches.some((match) => match.query === term));
    const typo = spelledAlike ? ranking.approximateMatch : 0;
    const standIn = Math.max(0, ...(expansions.get(term) ?? []).map((e) => e.weight));
    knownWeight += Math.max(typo, standIn) * weightOf(term);
  }
  return {
    ranked: scored,
    known: topicWeight === 0 ? 1 : knownWeight / topicWeight,
    expansions,
    named,
  };
}

/**
 * An ownership question is answered by a sentence that gives a role the duty asked about: a
 * passage rises by how much of the topic its best such statement says in the question's own
 * words, less for one that names only a skill ("must be able to understand marketing" for "who
 * owns customer feedback?"). A stand-in is no statement of the duty: "match" found as "check"
 * would lift "check out more of these job descriptions". (Pooled dev sets, 6,528 questions: hit@1
 * 69.3 → 69.6, up on 14 sets and down on 5, owner 86.4 → 86.6, contested 68.9 → 69.0, our own
 * set's hit@1 94.2 → 95.3; at 0.5 and 1, hit@1 69.5.)
 */
const DUTY_STATEMENT_WEIGHT = 0.7;

function statedDuty(
  topic: readonly string[],
  weightOf: (term: string) => number,
  topicWeight: number,
  indexed: IndexedPassage,
  index: SearchIndex,
): number {
  let best = 0;
  for (const statement of index.duties(indexed.passage)) {
    let covered = 0;
    for (const term of topic) if (statement.terms.has(term)) covered += weightOf(term);
    best = Math.max(best, (covered / topicWeight) * statement.attribution);
  }
  return best;
}

/**
 * How much a word the knowledge never uses counts in the topic when English uses it mostly for an
 * action ("who kills bad ideas early?", "who chops the deliverables into chunks?"): an
 * unfamiliar verb tends to put a duty the knowledge states in other words, where an unfamiliar
 * noun tends to name a thing it never mentions ("who owns the design system?"). Of the words the
 * knowledge lacks, a quarter of those in answerable questions it abstained on are mostly verbs,
 * against an eighth in uncovered ones. (Pooled dev sets, 5,266 questions: false abstains 3.1% →
 * 2.5%, hit@1 69.0 → 69.3, hit@3 81.9 → 82.5, owner 88.0 → 88.5, contested 69.7 → 70.3,
 * uncovered abstained 80.9% → 80.5%, clear owners flagged contested 226 → 232; at 0.7: 2.6%,
 * 82.4, 80.6%. Counting such a word 0.3 as known instead: false abstains 2.8%, hit@3 82.1,
 * uncovered 80.7%.)
 */
const UNKNOWN_ACTION = 0.5;

/** The question's terms the knowledge never uses whose words English uses mostly for actions. */
function unknownActions(question: Question, analyzer: Analyzer, index: SearchIndex): Set<string> {
  const found = new Set<string>();
  for (const word of question.words) {
    if (!analyzer.lexicon.namesAction(word)) continue;
    const term = analyzer.term(word);
    if (term && !index.knows(term)) found.add(term);
  }
  return found;
}

/**
 * Pseudo-relevance feedback: the words that characterise the best few passages (frequent in
 * them, rare in the knowledge, not the question's own) say what the question is about in the
 * knowledge's own words. A candidate gains for each of them it uses, up to double for all: one
 * that agrees with the best passages on their subject rises, one that shares a stray word with
 * the question falls: for "what is product management?", the passages about the discipline lift
 * its definition over "When paired with these roles, Product Managers focus…". The best passages
 * are weighed by their score. (Pooled dev sets, 4,433 questions: hit@1 67.9 → 69.1, hit@3 82.0
 * → 82.0, gains on 16 of the 23 sets, losses on 3; our own set 91.9 → 94.2. From 3 passages:
 * 68.6; 8 terms from 5 passages: 67.8; each term counted as one more matched term of the
 * search's coordination, which favours passages that match fewer of the question's words: 68.8,
 * our own set 90.7.) It costs about a fifth of a question's time on the seed knowledge
 * (in-process, alternating blocks of 664 questions with and without it: 0.29 against 0.25 ms).
 */
const AGREEMENT_PASSAGES = 4;
const AGREEMENT_TERMS = 5;

function agreeWithTheBest(scored: Scored[], question: Question, index: SearchIndex): void {
  if (scored.length < 2) return;
  const best = topBy(scored, AGREEMENT_PASSAGES, (item) => item.score);
  const top = best[0]?.score ?? 0;
  if (top <= 0) return;
  // How often each term is said in the best passages, each sentence weighed by its passage.
  const said = new Map<string, number>();
  for (const item of best) {
    const share = item.score / top;
    for (const { terms } of index.sentences(item.indexed.passage)) {
      for (const term of terms) {
        if (!question.weights.has(term)) said.set(term, (said.get(term) ?? 0) + share);
      }
    }
  }
  const characteristic = topBy(
    [...said].map(([term, count]) => ({ term, weight: count * index.idf(term) })),
    AGREEMENT_TERMS,
    (entry) => entry.weight,
  ).map((entry) => entry.term);
  for (const item of scored) {
    let shared = 0;
    for (const term of characteristic) if (index.contains(item.indexed, term)) shared++;
    item.score *= 1 + shared / AGREEMENT_TERMS;
  }
}

/**
 * The `count` items with the highest `value`, highest first; of equal values, the earlier item,
 * so the same knowledge always gives the same ranking.
 */
function topBy<T>(items: readonly T[], count: number, value: (item: T) => number): T[] {
  const found: T[] = [];
  for (const item of items) {
    const v = value(item);
    if (found.length === count && v <= value(found[count - 1] as T)) continue;
    let at = found.length;
    while (at > 0 && v > value(found[at - 1] as T)) at--;
    found.splice(at, 0, item);
    if (found.length > count) found.pop();
  }
  return found;
}

/** The candidates ranked, and relevant, by their scores before the best passages' agreement. */
function beforeAgreement(items: readonly Scored[]): RankedCandidate[] {
  const best = Math.max(0, ...items.map((item) => item.scoreBeforeAgreement)) || 1;
  return items
    .map((item) => ({ ...item, relevance: item.scoreBeforeAgreement / best }))
    .sort((a, b) => b.relevance - a.relevance);
}

/**
 * A topic word the passage lacks counts this much when the passage uses a word alike it
 * (`alikeWordsOf`): "how does someone running product talk to people outside the company?" is
 * covered by "communicate with both internal and external stakeholders". It decides whether a
 * passage is offered and whether the question is answered, not the order of those offered:
 * counted in the score too, it moved 55 questions off the first place and 48 onto it. (Pooled
 * dev sets, 8,974 questions: false abstains 149 → 133, hit@3 82.6 → 83.1, hit@1 70.8 unchanged,
 * contested 65.2 → 67.4 with no more clear owners said to be contested (372), owner 85.1 →
 * 85.2, uncovered abstained 84.1% → 83.7%; WordNet's words alone: false abstains 142, contested
 * 65.3; at 0.3: 135, 67.3; at 0.7: 130, uncovered 83.5%.)
 */
const ALIKE_SHARE = 0.5;

/** Whether the passage uses any of the terms. */
function sharesAnyIn(
  terms: ReadonlySet<string> | undefined,
  indexed: IndexedPassage,
  index: SearchIndex,
): boolean {
  if (!terms) return false;
  for (const term of terms) if (index.contains(indexed, term)) return true;
  return false;
}

/**
 * How much the best sentence decides the ranking beside the passage as a whole. A passage whose
 * words are spread over many sentences merely touches the topic; the one that answers states it
 * in one. Measured on the four dev sets pooled (694 questions): 0.5 moves hit@1 only from 61.9
 * to 62.2, our own set from 90.7 to 91.9; at 1 the passage as a whole stops counting and hit@3
 * falls.
 */
const FOCUS_WEIGHT = 0.5;

/**
 * A sentence about another role than the one asked about says less of it: "what skills does a
 * project manager need?" is not answered by "Strong engineering skills - a product manager
 * must…". (Pooled dev sets: 0.4 and below take hit@1 from 63.2 to 63.6, 1 is no effect.)
 */
const OTHER_ROLES_SENTENCE = 0.4;

/**
 * The largest share of the topic one sentence of the passage holds, as matched; a sentence that
 * names only other roles than the one the question asks about counts for less. The section
 * heading is read with every sentence under it: under "6 Key Competencies of a Product Manager",
 * "Data Analysis: having attention to detail…" is a competency of the PM. (Pooled dev sets, 3,471
 * questions, with the heading's roles counted in `roleCounts`: hit@1 66.1 → 66.6, hit@3 81.0 →
 * 81.2; a heading word at half weight gains half as much.)
 */
function sentenceCoverage(
  topic: readonly string[],
  weightOf: (term: string) => number,
  topicWeight: number,
  matches: ReadonlyMap<string, ReadonlySet<string>>,
  indexed: IndexedPassage,
  index: SearchIndex,
  asked: readonly string[],
  analyzer: Analyzer,
  named: NamedSource,
): number {
  let best = 0;
  const heading = index.heading(indexed.passage).terms;
  const headed = (term: string) =>
    holdsTerm(heading, term, matches) || namedSourceHolds(named, indexed.passage, term);
  for (const { terms } of index.sentences(indexed.passage)) {
    let covered = 0;
    let factor = 1;
    if (asked.length === 1 && !terms.has(asked[0] as string) && !heading.has(asked[0] as string)) {
      for (const role of analyzer.roles.all)
        if (terms.has(role.term)) {
          factor = OTHER_ROLES_SENTENCE;
          break;
        }
    }
    for (const term of topic)
      if (holdsTerm(terms, term, matches) || headed(term)) covered += weightOf(term);
    best = Math.max(best, (factor * covered) / topicWeight);
    if (best >= 1) break;
  }
  return best;
}

/**
 * A passage gains up to this share for the question's neighbouring pairs of content terms that
 * one of its sentences holds side by side (`proximity.ts`). (Pooled dev sets, 3,601 questions:
 * hit@1 66.7 → 67.8, hit@3 81.2 → 82.2, and on each half of them; a window of 3 terms or a weight
 * of 1.5 costs our own set a question.)
 */
const PROXIMITY_WEIGHT = 1;

/**
 * A word that says this little in English (an adverb such as "actually" or "basically", or a
 * misspelling of one) is searched but is no part of the topic a passage must cover: "what does
 * a PO actually do" asks what a PO does. (Pooled dev sets: hit@1 62.6 → 63.1.)
 */
const MIN_TOPIC_WEIGHT = 0.3;

function roleTermsOf(question: Question, analyzer: Analyzer): string[] {
  return question.roles.map((role) => analyzer.roles.byId(role)?.term ?? role);
}

/** The most query terms one search scores (the postings' match mask). */
const MAX_QUERY_TERMS = 32;

/**
 * The matched forms of each question term, with the forms its stand-ins found: the verdict and
 * the coverage see "launch" found through "go live" as the question's own term.
 */
function withExpansions(
  forms: Map<string, Set<string>>,
  expansions: Expansions,
): Map<string, Set<string>> {
  for (const [from, list] of expansions) {
    for (const { term } of list) {
      const found = forms.get(term);
      if (!found) continue;
      const set = forms.get(from) ?? new Set<string>();
      for (const form of found) set.add(form);
      forms.set(from, set);
    }
  }
  return forms;
}

/**
 * How much of a question term a passage holds when it holds it only approximately: through a
 * typo or prefix of the word itself, or through a stand-in (its weight), whichever says more.
 */
function matchShare(
  term: string,
  hit: SearchHit,
  expansions: Expansions,
  ranking: RankingOptions,
): number {
  let share = 0;
  for (const match of hit.matches) {
    if (match.query === term) share = Math.max(share, ranking.approximateMatch);
  }
  for (const { term: standIn, weight } of expansions.get(term) ?? []) {
    if (hit.matches.some((match) => match.query === standIn && match.kind === 'exact'))
      share = Math.max(share, weight);
  }
  return share;
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
function fitToRoles(question: Question, indexed: IndexedPassage, analyzer: Analyzer): number {
  if (question.roles.length === 0) return 1;
  const counts = indexed.roleCounts;
  const named = question.roles.filter(
    (role) => (counts[analyzer.roles.indexOf(role)] ?? 0) > 0,
  ).length;
  const share = named / question.roles.length;
  if (question.roles.length > 1) return share;
  // About one role: a passage that mostly talks about that role fits best.
  const total = counts.reduce((sum, n) => sum + n, 0);
  const asked = counts[analyzer.roles.indexOf(question.roles[0] as RoleId)] ?? 0;
  return total === 0 ? share : share * (0.5 + (0.5 * asked) / total);
}

/**
 * A title word counts as much as the same word in the passage: the title says what every
 * passage of its document is about. (Measured on the labelled questions: 0 to 0.6 loses one
 * question from the top three, 1 and 1.5 keep it.)
 */
const TITLE_WEIGHT = 1;

/**
 * The sentence of a passage that says most of what was asked (the question's topic terms, as
 * matched, weighted like the coverage), to lead the answer with; ties go to the earlier one, and
 * '' when no sentence says any of it.
 */
function answeringSentence(item: Scored, question: Question, index: SearchIndex): string {
  const sentences = index.sentences(item.indexed.passage);
  const asked = question.topicTerms.length > 0 ? question.topicTerms : question.terms;
  // No sentence says anything asked (a passage found by its roles alone): none leads.
  let best = '';
  let bestScore = 0;
  for (const { text: sentence, terms } of sentences) {
    let score = 0;
    for (const term of asked)
      if (holdsTerm(terms, term, item.matches))
        score += index.idf(term) * (question.weights.get(term) ?? 1);
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}

function toRankedPassage(item: Scored, sentence: string): RankedPassage {
  const { passage } = item.indexed;
  const [source, ...others] = passage.sources;
  return {
    id: passage.id,
    text: passage.text,
    sentence,
    section: passage.section,
    source: source ?? { file: passage.id, title: '', section: passage.section },
    sources: source ? [source, ...others] : [],
    score: Math.round(item.score * 1000) / 1000,
  };
}
