import type { Decision, DecisionRights } from '../knowledge/decision-rights.js';
import type { Analyzer } from './analyzer.js';
import type { Expansions } from './expansions.js';
import { type Question, readQuestion } from './question.js';
import type { OwnerVerdict } from './types.js';

/** A decision a question asks about, and how well it matched (0..1). */
export interface DecisionMatch {
  decision: Decision;
  organisation: string;
  score: number;
}

/** One way of naming a decided thing (its `thing`, an alias, a glossary neighbour), analysed. */
interface Key {
  terms: string[];
  weights: number[];
  /** 1 for the file's own words; a glossary neighbour counts for less, like in a search. */
  weight: number;
}

/** Terms saying less than this in English ("main", "overall") need not be in the question. */
const INFORMATIVE = 0.35;
/**
 * The share of a decision's name (weighted) the question must cover, directly or through a
 * stand-in, and the share of the question's duty the name must account for: "who owns the
 * roadmap?" is the roadmap decision; "who owns the roadmap slides template?" is not.
 */
const MIN_KEY_COVERAGE = 0.6;
const MIN_DUTY_COVERAGE = 0.5;
/** A glossary neighbour of the decided thing stands for it a little less than its own words. */
const GLOSSARY_WEIGHT = 0.7;

/**
 * The organisation's decisions, each thing and alias analysed as a question's topic is (the same
 * analyzer: synonyms, shorthand, stemming), with the glossary's neighbours of each as further
 * names. Built once per engine; matching a question looks at a handful of short term lists.
 */
export class DecisionIndex {
  static readonly EMPTY = new DecisionIndex(undefined, undefined);

  readonly organisation: string;
  readonly #entries: { decision: Decision; keys: Key[] }[] = [];

  constructor(rights: DecisionRights | undefined, analyzer: Analyzer | undefined) {
    this.organisation = rights?.organisation ?? '';
    if (!rights || !analyzer) return;
    for (const decision of rights.decisions) {
      const names = [decision.thing, ...decision.aliases];
      const keys = names.flatMap((name) => keyOf(name, 1, analyzer));
      for (const name of glossaryNeighbours(names, analyzer)) {
        keys.push(...keyOf(name, GLOSSARY_WEIGHT, analyzer));
      }
      if (keys.length > 0) this.#entries.push({ decision, keys });
    }
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * The decision an ownership question asks about: every informative term of one of its names
   * is among the question's duty terms, directly or through a stand-in (`expansions`), and that
   * name accounts for most of the duty. The best match wins; none below the bar.
   */
  match(question: Question, expansions: Expansions): DecisionMatch | undefined {
    if (!question.asksOwner || this.#entries.length === 0) return undefined;
    const duty = question.dutyTerms;
    if (duty.length === 0) return undefined;
    // Each knowledge term a duty term stands for, with how much it counts.
    const standIns = new Map<string, { from: string; weight: number }[]>();
    for (const from of duty) {
      for (const { term, weight } of expansions.get(from) ?? []) {
        const list = standIns.get(term) ?? [];
        list.push({ from, weight });
        standIns.set(term, list);
      }
    }
    const dutySet = new Set(duty);
    const dutyWeight = (term: string): number => question.weights.get(term) ?? 1;
    const totalDuty = duty.reduce((sum, term) => sum + dutyWeight(term), 0);

    let best: DecisionMatch | undefined;
    for (const { decision, keys } of this.#entries) {
      for (const key of keys) {
        let covered = 0;
        let total = 0;
        let missing = false;
        const accounted = new Set<string>();
        key.terms.forEach((term, i) => {
          const weight = key.weights[i] ?? 1;
          total += weight;
          if (dutySet.has(term)) {
            covered += weight;
            accounted.add(term);
            return;
          }
          const via = standIns.get(term) ?? [];
          if (via.length === 0) {
            missing = true;
            return;
          }
          covered += weight * Math.max(...via.map((item) => item.weight));
          for (const item of via) accounted.add(item.from);
        });
        if (missing || total === 0) continue;
        const keyCoverage = covered / total;
        const dutyCoverage =
          [...accounted].reduce((sum, term) => sum + dutyWeight(term), 0) / totalDuty;
        if (keyCoverage < MIN_KEY_COVERAGE || dutyCoverage < MIN_DUTY_COVERAGE) continue;
        const score = key.weight * keyCoverage * dutyCoverage;
        if (!best || score > best.score) {
          best = { decision, organisation: this.organisation, score };
        }
      }
    }
    return best;
  }
}

/** A name's informative topic terms, as a question's are read; all of them if none is. */
function keyOf(name: string, weight: number, analyzer: Analyzer): Key[] {
  const read = readQuestion(name, analyzer);
  const all = read.topicTerms.map((term) => ({ term, weight: read.weights.get(term) ?? 1 }));
  const informative = all.filter((item) => item.weight >= INFORMATIVE);
  const kept = informative.length > 0 ? informative : all;
  if (kept.length === 0) return [];
  return [
    { terms: kept.map((item) => item.term), weights: kept.map((item) => item.weight), weight },
  ];
}

/**
 * The glossary members that stand for a decision's names: a name that is a member of a group
 * ("roadmap" in [roadmap, quarterly plan]) is also found by the other members, as ask searches
 * them. A one-way group's narrower first member finds the rest, never the reverse.
 */
function glossaryNeighbours(names: readonly string[], analyzer: Analyzer): string[] {
  const spelled = new Set(names.map((name) => analyzer.terms(name).join(' ')));
  const found: string[] = [];
  for (const group of analyzer.glossary) {
    const position = group.terms.findIndex((member) =>
      spelled.has(analyzer.terms(member).join(' ')),
    );
    if (position === -1) continue;
    group.terms.forEach((member, i) => {
      if (i === position) return;
      // The question's member (i) must be allowed to search the decision's (position).
      if (group.oneWay && i !== 0) return;
      found.push(member);
    });
  }
  return found;
}

/**
 * The verdict when the organisation decided: its owner, certain, with the articles' verdict
 * kept beside it and their statements kept as the evidence.
 */
export function organisationVerdict(match: DecisionMatch, articles: OwnerVerdict): OwnerVerdict {
  const { decision } = match;
  return {
    role: decision.owner,
    decidedBy: 'organisation',
    decision: {
      organisation: match.organisation,
      thing: decision.thing,
      owner: decision.owner,
      consulted: decision.consulted,
      ...(decision.note ? { note: decision.note } : {}),
      ...(decision.link ? { link: decision.link } : {}),
    },
    articles: {
      role: articles.role,
      contested: articles.contested,
      contenders: articles.contenders,
    },
    contested: false,
    confidence: 1,
    contenders: [],
    evidence: articles.evidence,
  };
}

/**
 * Whether the articles' own verdict differs from the organisation's decision: the answer then
 * says what they say ("the articles say the Product Manager"), never leaving them out.
 */
export function articlesDiffer(owner: OwnerVerdict): boolean {
  const articles = owner.articles;
  if (owner.decidedBy !== 'organisation' || !articles || articles.role === null) return false;
  return articles.role !== owner.role || articles.contested;
}
