import type { Passage } from './types.js';

/**
 * Sentence splitting with the platform's Unicode segmenter, corrected for the abbreviations that
 * role articles use ("Product Manager vs. Product Owner", "e.g.", "i.e."), where the segmenter
 * would otherwise cut a sentence in half.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const ENDS_WITH_ABBREVIATION =
  /(?:^|[\s(])(?:vs|e\.g|i\.e|etc|approx|incl|Mr|Mrs|Ms|Dr|Inc|Ltd|Co|St|No|cf)\.\s*$/i;
const ENDS_WITH_INITIAL = /(?:^|\s)[A-Z]\.\s*$/;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let pending = '';
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    if (ENDS_WITH_ABBREVIATION.test(pending) || ENDS_WITH_INITIAL.test(pending)) continue;
    const sentence = pending.trim();
    if (sentence) sentences.push(sentence);
    pending = '';
  }
  const rest = pending.trim();
  if (rest) sentences.push(rest);
  return sentences;
}

export function countWords(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/\S+/g)) count++;
  return count;
}

/** The sentences and list items of a passage, as written. */
export function sentencesOf(passage: Pick<Passage, 'text' | 'spans'>): string[] {
  // Read once: a passage restored from the cache decodes its fields on each read.
  const { text, spans } = passage;
  const sentences: string[] = [];
  for (let i = 0; i + 1 < spans.length; i += 2) {
    sentences.push(text.slice(spans[i], spans[i + 1]));
  }
  return sentences;
}
