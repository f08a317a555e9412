import { sentencesOf } from './sentences.js';
import type { Passage } from './types.js';

/** Two passages whose word trigrams overlap this much say the same thing. */
export const NEAR_DUPLICATE_JACCARD = 0.8;

/**
 * Keeps each near-duplicate passage once (the first seen) and adds the other copies' citations to
 * it, so an answer names every source that says it without repeating the text. Candidates are
 * found through shared sentences (compared by their words only), so the cost stays near-linear in the passage count.
 */
export function mergeNearDuplicates(passages: Passage[]): Passage[] {
  // Only the sentence keys are kept per passage; word trigrams are worked out when two passages
  // share a sentence, so memory stays proportional to the text, not to its trigrams.
  const kept: { passage: Passage; keys: string[] }[] = [];
  const bySentence = new Map<string, number[]>();

  for (const passage of passages) {
    const keys = sentencesOf(passage)
      .map(sentenceKey)
      .filter((key) => key.length > 0);
    const candidates = new Set<number>();
    for (const key of keys) for (const index of bySentence.get(key) ?? []) candidates.add(index);

    let duplicateOf: (typeof kept)[number] | undefined;
    if (candidates.size > 0) {
      const shingles = trigrams(keys.join(' '));
      for (const index of candidates) {
        const other = kept[index];
        if (other && jaccard(shingles, trigrams(other.keys.join(' '))) >= NEAR_DUPLICATE_JACCARD) {
          duplicateOf = other;
          break;
        }
      }
    }
    if (duplicateOf) {
      const known = new Set(
        duplicateOf.passage.sources.map((source) => `${source.file}|${source.section}`),
      );
      for (const source of passage.sources) {
        if (!known.has(`${source.file}|${source.section}`))
          duplicateOf.passage.sources.push(source);
      }
      continue;
    }
    const copy: Passage = { ...passage, sources: [...passage.sources] };
    kept.push({ passage: copy, keys });
    for (const key of keys) {
      const list = bySentence.get(key);
      // A sentence every page repeats (a footer) would make every passage a candidate of every
      // other; the first few holders are enough to find true duplicates.
      if (!list) bySentence.set(key, [kept.length - 1]);
      else if (list.length < MAX_HOLDERS) list.push(kept.length - 1);
    }
  }
  return kept.map((entry) => entry.passage);
}

/** How many passages per sentence are compared against newcomers holding the same sentence. */
const MAX_HOLDERS = 32;

/** A sentence as it is compared: lower case, straight quotes, words and numbers only. */
function sentenceKey(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

function trigrams(text: string): Set<string> {
  const words = text.split(' ').filter(Boolean);
  const result = new Set<string>();
  if (words.length < 3) {
    result.add(words.join(' '));
    return result;
  }
  for (let i = 0; i + 3 <= words.length; i++)
    result.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return result;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
