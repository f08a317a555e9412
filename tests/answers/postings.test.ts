// The frozen postings must search exactly as MiniSearch does: same passages, same scores, same
// matched terms, for the labelled questions and for typo'd and truncated words that go through
// prefix and fuzzy expansion. MiniSearch here is built the way the index builds it.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MiniSearch, { type SearchResult } from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { withinDistance } from '../../src/answers/edit-distance.js';
import { parseLabelledQuestions } from '../../src/answers/evaluate.js';
import { readQuestion } from '../../src/answers/question.js';
import {
  buildSearchIndex,
  type IndexSnapshot,
  restoreSearchIndex,
  type SearchHit,
  type SearchIndex,
  searchOptionsFor,
} from '../../src/answers/search-index.js';
import { decodeCacheFile, encodeCacheFile } from '../../src/index-cache/cache-file.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/loader.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const QUESTIONS = fileURLToPath(new URL('../eval/questions.jsonl', import.meta.url));
const DEPTH = 40;

let knowledge: KnowledgeBase;
let analyzer: Analyzer;
let index: SearchIndex;
let mini: MiniSearch;
let vocabulary: string[];

beforeAll(async () => {
  knowledge = await loadKnowledge(KNOWLEDGE_DIR);
  analyzer = new Analyzer(knowledge.vocabulary);
  index = buildSearchIndex(knowledge.passages, analyzer);
  const known = new Set<string>();
  mini = new MiniSearch({
    fields: ['text', 'section'],
    tokenize: (text) => (text ? text.split(' ') : []),
    processTerm: (term) => term,
  });
  for (const passage of knowledge.passages) {
    const text = analyzer.terms(passage.text);
    const section = analyzer.terms(passage.section);
    for (const term of [...text, ...section]) known.add(term);
    mini.add({ id: passage.id, text: text.join(' '), section: section.join(' ') });
  }
  vocabulary = [...known].sort();
});

/** Questions as the engine searches them: the analysed terms of each labelled question. */
function labelledQueries(): string[][] {
  return parseLabelledQuestions(readFileSync(QUESTIONS, 'utf8'), QUESTIONS).map(
    (question) => readQuestion(question.q, analyzer).terms,
  );
}

/** Known words mangled the ways people type them: a letter dropped, swapped, cut short. */
function mangledQueries(): string[][] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const mangle = (term: string): string => {
    const at = next(Math.max(1, term.length - 1));
    switch (next(3)) {
      case 0:
        return term.slice(0, at) + term.slice(at + 1);
      case 1:
        return term.slice(0, at) + (term[at + 1] ?? '') + (term[at] ?? '') + term.slice(at + 2);
      default:
        return term.slice(0, Math.max(4, term.length - 2));
    }
  };
  const long = vocabulary.filter((term) => term.length >= 5 && !term.includes('_'));
  return Array.from({ length: 150 }, () =>
    Array.from({ length: 1 + next(4) }, () => {
      const term = long[next(long.length)] ?? 'backlog';
      return next(2) === 0 ? mangle(term) : term;
    }),
  );
}

function expectSameAsMiniSearch(search: SearchIndex, terms: string[]): void {
  const options = searchOptionsFor((term) => index.knows(term));
  const expected = mini.search([...new Set(terms)].join(' '), options);
  const byId = new Map(expected.map((hit) => [String(hit.id), hit]));
  const found = search.search(terms, DEPTH);
  const context = `for [${terms.join(' ')}]`;
  expect(found.length, context).toBe(Math.min(DEPTH, expected.length));
  found.forEach((hit, rank) => {
    const theirs = expected[rank] as SearchResult;
    // Rank by rank the scores agree (ids may swap only between equal scores)…
    expect(hit.score, `${context} at #${rank + 1}`).toBeCloseTo(theirs.score, 9);
    // …and each hit is scored and matched as MiniSearch scores and matches that passage.
    const same = byId.get(hit.id);
    expect(same, `${context}: ${hit.id} is not a MiniSearch hit`).toBeDefined();
    expect(hit.score).toBeCloseTo(same?.score ?? Number.NaN, 9);
    expect(sorted(hit.terms), `${context}: terms of ${hit.id}`).toEqual(sorted(same?.terms));
    expect(sorted(hit.queryTerms)).toEqual(sorted(same?.queryTerms));
  });
}

const sorted = (terms: readonly string[] | undefined): string[] => [...(terms ?? [])].sort();

describe('frozen postings', () => {
  it('find what MiniSearch finds for every labelled question', () => {
    const queries = labelledQueries();
    expect(queries.length).toBeGreaterThan(90);
    for (const terms of queries) expectSameAsMiniSearch(index, terms);
  });

  it('expand typos and prefixes as MiniSearch does', () => {
    const queries = mangledQueries();
    // The mangled words must really exercise expansion, not only exact matches.
    const unknown = queries.flat().filter((term) => !index.knows(term));
    expect(unknown.length).toBeGreaterThan(50);
    for (const terms of queries) expectSameAsMiniSearch(index, terms);
  });

  it('pair each query term with the passage terms it found, and say how', () => {
    const queries = [...labelledQueries(), ...mangledQueries()];
    const kinds = new Set<string>();
    for (const terms of queries) {
      for (const hit of index.search(terms, DEPTH)) {
        const indexed = index.at(hit.ordinal);
        if (!indexed) throw new Error(`no passage at ${hit.ordinal}`);
        for (const { query, term, kind } of hit.matches) {
          kinds.add(kind);
          expect(terms, `${query} was not asked`).toContain(query);
          expect(index.contains(indexed, term), `${hit.id} does not hold ${term}`).toBe(true);
          if (kind === 'exact') expect(term).toBe(query);
          if (kind === 'prefix') expect(term.startsWith(query) && term !== query).toBe(true);
          if (kind === 'fuzzy') expect(withinDistance(query, term, 2) && term !== query).toBe(true);
        }
        // The pairs are the hit's terms and query terms, nothing more and nothing less.
        expect(sorted([...new Set(hit.matches.map((m) => m.term))])).toEqual(sorted(hit.terms));
        expect(sorted([...new Set(hit.matches.map((m) => m.query))])).toEqual(
          sorted(hit.queryTerms),
        );
      }
    }
    expect([...kinds].sort()).toEqual(['exact', 'fuzzy', 'prefix']);
  });

  it('search the same after a round trip through the cache', () => {
    const snapshot = decodeCacheFile(encodeCacheFile(index.snapshot())) as IndexSnapshot;
    const restored = restoreSearchIndex(snapshot, knowledge.passages, analyzer);
    for (const terms of [...labelledQueries(), ...mangledQueries().slice(0, 40)]) {
      const strip = (hits: SearchHit[]) => hits.map((hit) => [hit.id, hit.score, hit.terms]);
      expect(strip(restored.search(terms, DEPTH))).toEqual(strip(index.search(terms, DEPTH)));
    }
  });

  it('know which terms each passage holds, in its text or its section', () => {
    let checked = 0;
    for (const passage of knowledge.passages) {
      const held = new Set([...analyzer.terms(passage.text), ...analyzer.terms(passage.section)]);
      const indexed = index.get(passage.id);
      expect(indexed).toBeDefined();
      if (!indexed) continue;
      // Every term it holds, and as many it doesn't.
      const others = vocabulary.filter((term) => !held.has(term)).slice(0, held.size);
      for (const term of [...held, ...others, 'zzzunknown']) {
        expect(index.contains(indexed, term), `${passage.id} / ${term}`).toBe(held.has(term));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2_000);
  });

  it('return only as many hits as asked for, best first', () => {
    const hits = index.search(['product', 'manager', 'owner'], 5);
    expect(hits).toHaveLength(5);
    for (let i = 1; i < hits.length; i++) {
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
    }
  });
});
