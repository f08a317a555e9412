import { isRoleTerm } from './roles.js';
import {
  type AnalysedSentence,
  holdsTerm,
  type IndexedPassage,
  type SearchIndex,
} from './search-index.js';

/**
 * Term proximity, the classic retrieval signal: words the question puts side by side ("market
 * research", "day-to-day operations", "turns the strategy into tasks") say more where a sentence
 * also puts them side by side than scattered through a passage. The ranking scores passages by
 * it (`passageProximity`), the verdict statements (`closeTogether` over a statement's terms).
 */

/** Two terms count as side by side within this many terms of each other. */
export const PROXIMITY_WINDOW = 2;

/**
 * The most pairs a question is read for: a question is a few words, and a pasted wall of text
 * ("who owns the backlog" a thousand times) repeats the same few.
 */
const MAX_PAIRS = 16;

/** Neighbouring pairs of the terms, in the order given: two different terms, each pair once. */
export function neighbouringPairs(terms: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  const seen = new Set<string>();
  for (let i = 1; i < terms.length && pairs.length < MAX_PAIRS; i++) {
    const [a, b] = [terms[i - 1] as string, terms[i] as string];
    const key = `${a} ${b}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    pairs.push([a, b]);
  }
  return pairs;
}

/**
 * The share of the pairs that one sentence of the passage, or its heading, holds close together,
 * as matched. A heading counts for pairs without a role name: "Product Manager vs. Product Owner"
 * heads passages about anything the two roles do. (Pooled dev sets, with role pairs too: hit@1
 * +0.3, hit@3 -0.6.)
 */
export function passageProximity(
  pairs: readonly [string, string][],
  matches: ReadonlyMap<string, ReadonlySet<string>>,
  indexed: IndexedPassage,
  index: SearchIndex,
): number {
  if (pairs.length === 0) return 0;
  const sentences = index.sentences(indexed.passage);
  const heading = index.heading(indexed.passage);
  // Only a sentence that holds both words is scanned for how close they stand.
  const near = (sentence: AnalysedSentence, a: string, b: string): boolean =>
    holdsTerm(sentence.terms, a, matches) &&
    holdsTerm(sentence.terms, b, matches) &&
    closeTogether(sentence.sequence, a, b, matches);
  let count = 0;
  for (const [a, b] of pairs) {
    if (
      (!isRoleTerm(a) && !isRoleTerm(b) && near(heading, a, b)) ||
      sentences.some((sentence) => near(sentence, a, b))
    )
      count++;
  }
  return count / pairs.length;
}

/** The share of the pairs that the terms, in their order, hold close together, as matched. */
export function proximityIn(
  terms: Iterable<string>,
  pairs: readonly [string, string][],
  matches: ReadonlyMap<string, ReadonlySet<string>>,
): number {
  if (pairs.length === 0) return 0;
  const sequence = [...terms];
  let near = 0;
  for (const [a, b] of pairs) if (closeTogether(sequence, a, b, matches)) near++;
  return near / pairs.length;
}

/** Whether `a` and `b` (or the forms they matched) stand within the window of each other. */
function closeTogether(
  sequence: readonly string[],
  a: string,
  b: string,
  matches: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  const is = (term: string, word: string | undefined): boolean =>
    word !== undefined && (word === term || (matches.get(term)?.has(word) ?? false));
  for (let i = 0; i < sequence.length; i++) {
    if (!is(a, sequence[i])) continue;
    const end = Math.min(sequence.length - 1, i + PROXIMITY_WINDOW);
    for (let j = Math.max(0, i - PROXIMITY_WINDOW); j <= end; j++)
      if (j !== i && is(b, sequence[j])) return true;
  }
  return false;
}
