import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { type DutyStatement, dutyStatements } from './duty-subjects.js';
import { isRoleTerm, type RoleId, roleByTerm } from './roles.js';

/** What the index knows about each passage beyond its text, computed once at build time. */
export interface IndexedPassage {
  passage: Passage;
  /** Every index term of the passage's text and section. */
  terms: ReadonlySet<string>;
  /** Roles the passage names in its text or section. */
  roles: ReadonlySet<RoleId>;
  duties: DutyStatement[];
  /** Roles the passage defines: a sentence opens "A product owner is…". */
  defines: ReadonlySet<RoleId>;
}

export interface SearchIndex {
  search(terms: string[]): SearchResult[];
  get(id: string): IndexedPassage | undefined;
  /** Inverse document frequency (BM25 form); a term the knowledge never uses gets the maximum. */
  idf(term: string): number;
  /** Whether any passage uses the term. */
  knows(term: string): boolean;
  readonly size: number;
}

/** Field boosts and fuzzy/prefix settings, fixed here so the bench can compare like for like. */
export const SEARCH_OPTIONS: SearchOptions = {
  boost: { text: 1, section: 1.2, title: 0.3 },
  combineWith: 'OR',
  // Role names are exact terms: "product_owner" must never fuzzily become "project_manager".
  prefix: (term) => term.length >= 4 && !isRoleTerm(term) && !term.includes('_'),
  // Typo tolerance grows with length; below five letters a one-letter change is another word
  // ("kill" is not "skill"), so short terms match exactly or by prefix only.
  fuzzy: (term) =>
    isRoleTerm(term) || term.includes('_')
      ? false
      : term.length >= 7
        ? 2
        : term.length >= 5
          ? 1
          : false,
  maxFuzzy: 2,
  weights: { fuzzy: 0.45, prefix: 0.35 },
  tokenize: (text) => text.split(' '),
  processTerm: (term) => term,
};

export function buildSearchIndex(passages: Passage[], analyzer: Analyzer): SearchIndex {
  const mini = new MiniSearch<Passage>({
    idField: 'id',
    fields: ['text', 'section', 'title'],
    extractField: (passage, field) =>
      field === 'title'
        ? (passage.sources[0]?.title ?? '')
        : String(passage[field as keyof Passage] ?? ''),
    tokenize: (text) => analyzer.terms(text),
    processTerm: (term) => term,
    searchOptions: SEARCH_OPTIONS,
  });
  mini.addAll(passages);

  const byId = new Map<string, IndexedPassage>();
  const documentFrequency = new Map<string, number>();
  for (const passage of passages) {
    const terms = new Set([...analyzer.terms(passage.text), ...analyzer.terms(passage.section)]);
    const roles = new Set<RoleId>();
    for (const term of terms) {
      const role = roleByTerm(term);
      if (role) roles.add(role.id);
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    byId.set(passage.id, {
      passage,
      terms,
      roles,
      duties: dutyStatements(passage, analyzer),
      defines: definedRoles(passage, analyzer),
    });
  }
  const count = passages.length;
  const idf = (term: string): number => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };

  return {
    search: (terms) => (terms.length === 0 ? [] : mini.search(terms.join(' '))),
    get: (id) => byId.get(id),
    idf,
    knows: (term) => documentFrequency.has(term),
    size: count,
  };
}

const DEFINITION =
  /^(?:a|an|the)?\s*(product_manager|product_owner|project_manager)s?\s+(?:is|are)\b/;

function definedRoles(passage: Passage, analyzer: Analyzer): Set<RoleId> {
  const roles = new Set<RoleId>();
  for (const sentence of passage.sentences) {
    const match = DEFINITION.exec(analyzer.analyze(sentence).words.join(' '));
    const role = match?.[1] ? roleByTerm(match[1]) : undefined;
    if (role) roles.add(role.id);
  }
  return roles;
}
