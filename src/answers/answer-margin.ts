import type { Analyzer } from './analyzer.js';
import { type Question, topicWords } from './question.js';
import type { SearchIndex } from './search-index.js';

/**
 * Whether the knowledge holds a question's answer is told by more than its evidence (the mean of
 * how much of the topic the best passage covers and how much of it the knowledge uses anywhere).
 * Questions the sources do not answer and questions they answer in other words both have words
 * the knowledge lacks; what those words are tells them apart better than how many there are:
 * - a word English uses for a thing ("sprint", "salary", "office") names what the sources never
 *   mention, and a word English lists that WordNet does not ("standup", "vpn", "spotify") is
 *   most often jargon or a name; a word English does not list at all ("jira", "okrs") is a typo
 *   as often as a name;
 * - the best passage's coverage says more than the topic's familiarity: a known word the passage
 *   does not hold is as absent as an unknown one;
 * - a long question dilutes its topic with the asker's framing ("hey, quick one, I'm new and…"),
 *   where a short one the knowledge does not cover is about the word it lacks;
 * - "how do I…" asks for advice the articles rarely give (a template, a tool, a length of sprint).
 *
 * The weights are a logistic regression's on the pooled dev sets (6,528 questions), scaled so that
 * the evidence counts 1 and its threshold keeps its meaning; fitted on three quarters of the sets
 * and tested on the rest, each quarter in turn, the weights moved by at most a third, and at the
 * false abstains the evidence alone gives (2.65%), uncovered questions abstained 82.8% against
 * 79.9%. `MARGIN_OFFSET` sets where the line falls between the two kinds of error.
 */
const COVERAGE_OVER_EVIDENCE = 0.4;
const PER_UNKNOWN_SHARE = -0.35;
const PER_UNKNOWN_THING = -0.1;
const PER_UNKNOWN_NAME = -0.25;
const PER_UNLISTED = -0.07;
const HOW_TO = -0.13;
const LENGTH = 0.3;
/** The median question's length in words, where length neither raises nor lowers the margin. */
const TYPICAL_WORDS = 8;
/**
 * Past this many words length says nothing more: nine questions in ten have fewer than 15, and a
 * pasted wall of text is no more likely to be answered for being long.
 */
const LENGTH_COUNTED = 30;
const MARGIN_OFFSET = 0.49;
/**
 * A question that names no role and whose words the knowledge uses are all everyday English
 * (among its 1,000 commonest words: "office", "book", "room", "test", "plan", "good") shares
 * only common words with the articles, as "any good lunch spots near the office?" and "who signs
 * off on the qa test plan?" do: it is answered only on a clearer margin. Not fitted with the
 * regression above: set on the pooled dev sets (8,974 questions), where it takes uncovered
 * abstained 83.7% → 84.7% (13 more, every one off-topic or about a practice the articles never
 * describe) for 9 more false abstains (133 → 142), hit@1 unchanged; at 0.15: 84.9% and 161; the
 * 2,000 commonest words: 84.8% and 150.
 */
const EVERYDAY_RANK = 1000;
const EVERYDAY_ONLY = -0.1;

/**
 * How far a question is on the answered side of the line: answer it when this is 0 or more. The
 * evidence minus the evidence `needed`, plus the signs above.
 */
export function answerMargin(
  question: Question,
  coverage: number,
  evidence: number,
  needed: number,
  analyzer: Analyzer,
  index: SearchIndex,
): number {
  const { topicTerms, words } = question;
  let things = 0;
  let names = 0;
  let unlisted = 0;
  let unknown = 0;
  for (const term of topicTerms) {
    if (index.knows(term)) continue;
    unknown++;
    const word = words.find((candidate) => analyzer.term(candidate) === term) ?? term;
    const kind = analyzer.lexicon.classOf(word);
    if (kind === undefined) unlisted++;
    else if (kind === 'n') things++;
    else if (kind === '-') names++;
  }
  const unknownShare = unknown / Math.max(1, topicTerms.length);
  const shared = topicWords(question, analyzer).filter(({ term }) => index.knows(term));
  const everydayOnly =
    question.roles.length === 0 &&
    shared.length > 0 &&
    shared.every(({ word }) => (analyzer.lexicon.rank(word) ?? EVERYDAY_RANK) < EVERYDAY_RANK);
  return (
    evidence -
    needed +
    MARGIN_OFFSET +
    COVERAGE_OVER_EVIDENCE * (coverage - evidence) +
    PER_UNKNOWN_SHARE * unknownShare +
    (everydayOnly ? EVERYDAY_ONLY : 0) +
    PER_UNKNOWN_THING * things +
    PER_UNKNOWN_NAME * names +
    PER_UNLISTED * unlisted +
    (question.intent === 'howto' ? HOW_TO : 0) +
    LENGTH * Math.log((1 + Math.min(words.length, LENGTH_COUNTED)) / (1 + TYPICAL_WORDS))
  );
}
