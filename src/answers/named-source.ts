import type { Passage } from '../knowledge/types.js';
import { type Analyzer, escapeRegExp } from './analyzer.js';
import { Lru } from './lru.js';

/**
 * "Per Tech for Better, what is the PM supposed to keep hold of?", "what does the Industry Tap
 * article say a PO does?": a question that names a source's publisher asks what that source
 * says. Its passages rarely repeat the publisher's name, which the document's front matter
 * holds; so, for that question, they hold the name's terms as if they said them, and rank ahead
 * of other sources' passages that cover the rest of the topic as well.
 */
export interface NamedSource {
  /** The publishers named (as their documents' front matter gives them). */
  publishers: ReadonlySet<string>;
  /** The index terms of the names as the question typed them. */
  terms: ReadonlySet<string>;
}

/**
 * What a passage of a named source gains in the ranking besides holding the name: it leads over
 * another source's passage that covers the rest of the topic about as well. (Pooled dev sets,
 * 9,624 questions: with the name's terms alone, three questions found their answer, one of them
 * first; at 1.5, two more, one of them first, and none lost; 2 and 3 change nothing more.)
 */
export const NAMED_SOURCE_BOOST = 1.5;

export const NO_NAMED_SOURCE: NamedSource = { publishers: new Set(), terms: new Set() };

/**
 * The names a publisher goes by: the whole name, and the parts outside and inside brackets. A
 * name of one short word ("TFB") is too easily a word of the question to count.
 */
function namesOf(publisher: string): string[] {
  const whole = publisher.toLowerCase().replace(/\s+/g, ' ').trim();
  const parts = [whole, ...whole.split(/[()]/).map((part) => part.trim())];
  return [...new Set(parts)].filter((name) => name.length >= 6 || name.includes(' '));
}

/**
 * The publishers the question names, among those of the passages found for it, and the terms of
 * their names as typed. A named source's passages are found by the rest of the question, so
 * only their publishers are looked for: a knowledge of 10,000 documents is not read for its
 * publishers' names.
 */
export function namedSource(
  text: string,
  passages: Iterable<Passage>,
  analyzer: Analyzer,
): NamedSource {
  let publishers: Set<string> | undefined;
  let terms: Set<string> | undefined;
  const tried = new Set<string>();
  for (const { sources } of passages) {
    for (const { publisher } of sources) {
      if (!publisher || tried.has(publisher)) continue;
      tried.add(publisher);
      for (const name of patterns.get(publisher, () => namesOf(publisher).map(wholeName))) {
        const typed = text.match(name)?.[0];
        if (typed === undefined) continue;
        publishers ??= new Set();
        terms ??= new Set();
        publishers.add(publisher);
        for (const term of analyzer.terms(typed)) terms.add(term);
      }
    }
  }
  return publishers && terms ? { publishers, terms } : NO_NAMED_SOURCE;
}

/**
 * Each publisher's names as patterns, made once: the passages of a few sources turn up for
 * question after question. Bounded, as a knowledge may have a publisher per document.
 */
const patterns = new Lru<string, RegExp[]>(1_024);

/** A name as a pattern: whole words, in any case, with any spacing. */
function wholeName(name: string): RegExp {
  const spaced = escapeRegExp(name).replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${spaced}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether the passage comes from a source the question names. */
export function fromNamedSource(named: NamedSource, passage: Passage): boolean {
  if (named.publishers.size === 0) return false;
  return passage.sources.some(
    ({ publisher }) => publisher !== undefined && named.publishers.has(publisher),
  );
}

/** Whether the passage comes from a named source whose name holds the term. */
export function namedSourceHolds(named: NamedSource, passage: Passage, term: string): boolean {
  return named.terms.has(term) && fromNamedSource(named, passage);
}
