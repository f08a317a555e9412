import MiniSearch, { type AsPlainObject, type SearchOptions, type SearchResult } from 'minisearch';
import { sentencesOf } from '../knowledge/sentences.js';
import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { type DutyStatement, dutyStatements } from './duty-subjects.js';
import { Lru } from './lru.js';
import { isRoleTerm, ROLES, type RoleId, roleByTerm } from './roles.js';
import {
  buildTermTable,
  restoreTermTable,
  type SerializedTermTable,
  type TermTable,
} from './term-table.js';

/** What the index keeps about each passage beyond its text: small, so 10,000 documents fit. */
export interface IndexedPassage {
  passage: Passage;
  /** The passage's position in the knowledge, which is also its row in the term table. */
  ordinal: number;
  /** How often the passage (text and section) names each role, in ROLES order. */
  roleCounts: readonly number[];
}

export interface SearchIndex {
  /** Hits best first; the first `depth` are exact, later ones may be left out at scale. */
  search(terms: string[], depth: number): SearchResult[];
  get(id: string): IndexedPassage | undefined;
  /** Who each sentence makes the subject of its duties; worked out on first use, then cached. */
  duties(passage: Passage): DutyStatement[];
  /** Roles a sentence of the passage defines ("A product owner is…"); cached like duties. */
  defines(passage: Passage): ReadonlySet<RoleId>;
  /** The sentences of the passage that define something ("X — a timeline…", "X is a …"), as
   * their index terms; cached like duties. */
  definitions(passage: Passage): readonly ReadonlySet<string>[];
  /** Inverse document frequency (BM25 form); a term the knowledge never uses gets the maximum. */
  idf(term: string): number;
  /** Whether any passage uses the term. */
  knows(term: string): boolean;
  /** Whether the passage's text or section uses the term, as the index has it. */
  contains(indexed: IndexedPassage, term: string): boolean;
  /** The index terms of the title of the passage's document. */
  titleTerms(passage: Passage): ReadonlySet<string>;
  readonly size: number;
  /** Everything needed to restore this index without analysing the knowledge again. */
  snapshot(): IndexSnapshot;
}

/** The index in plain JSON-able data, for the on-disk cache. */
export interface IndexSnapshot {
  mini: AsPlainObject;
  /** Every term with its document frequency; a term's position here is its id in `terms`. */
  documentFrequency: [string, number][];
  /** Per passage, in passage order. */
  roleCounts: number[][];
  terms: SerializedTermTable;
}

/**
 * How MiniSearch is searched: field boosts, and prefix and typo tolerance for the terms that need
 * it. A term the knowledge uses as typed is matched as typed (expanding it into every similar term
 * would only cost time and blur it); an unknown one ("backlogg", "prio") is looked up by prefix and
 * by edit distance. Role names are never expanded: "product_owner" must not become
 * "project_manager". The bench searches raw MiniSearch with these same options.
 */
export function searchOptionsFor(knows: (term: string) => boolean): SearchOptions {
  const exact = (term: string): boolean => isRoleTerm(term) || term.includes('_') || knows(term);
  return {
    boost: { text: 1, section: 1.2, title: 0.3 },
    combineWith: 'OR',
    prefix: (term) => term.length >= 4 && !exact(term),
    // Below five letters a one-letter change is another word ("kill" is not "skill").
    fuzzy: (term) => (exact(term) ? false : term.length >= 7 ? 2 : term.length >= 5 ? 1 : false),
    maxFuzzy: 2,
    weights: { fuzzy: 0.45, prefix: 0.35 },
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
  };
}

/** Passages whose duty statements stay worked out; each is a few hundred bytes. */
const DUTY_CACHE = 4_096;
/**
 * How many postings (passages holding a term) one search may visit. MiniSearch scores every
 * passage that holds any term searched, so a question's cost grows with how widespread its terms
 * are; in a big knowledge base a term held by thousands of passages says little about any one of
 * them. The search takes the question's terms from the rarest up while they fit this budget
 * (always at least the rarest); the terms left out still count in the re-ranking, through the
 * term table. Below the budget (every term, in a small knowledge base) the search is exact.
 */
const POSTINGS_BUDGET = 5_000;
/** When even the rarest term is over the budget ("PO?"), each term's best passages are used. */
const TOP_PER_TERM = 300;
/** BM25 (MiniSearch's k 1.2, b 0.7, d 0.5) of a term used once in a passage of average length,
 * per unit of idf: d + (k + 1) / (1 + k). */
const ONE_AVERAGE_USE = 1.5;

export function buildSearchIndex(passages: Passage[], analyzer: Analyzer): SearchIndex {
  // Each field is analysed once here; MiniSearch then only splits the prepared terms.
  const sectionTerms = new Map<string, string[]>();
  const termsOf = (text: string): string[] => {
    let terms = sectionTerms.get(text);
    if (!terms) {
      terms = analyzer.terms(text);
      sectionTerms.set(text, terms);
    }
    return terms;
  };
  const documentFrequency = new Map<string, number>();
  const termIds = new Map<string, number>();
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(term, id);
    }
    return id;
  };
  const rows: number[][] = [];
  const roleCounts: number[][] = [];
  const mini = new MiniSearch<IndexedFields>(miniOptions((term) => documentFrequency.has(term)));
  // One pass: analyse each passage once, count document frequencies and role mentions, index it.
  for (const passage of passages) {
    const text = analyzer.terms(passage.text);
    const section = termsOf(passage.section);
    const counts = ROLES.map(() => 0);
    for (const term of text) {
      const role = ROLE_INDEX.get(term);
      if (role !== undefined) counts[role] = (counts[role] ?? 0) + 1;
    }
    const held = new Set([...text, ...section]);
    for (const term of held) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    rows.push([...held].map(idOf));
    roleCounts.push(counts);
    mini.add({ id: passage.id, text: text.join(' '), section: section.join(' ') });
  }
  sectionTerms.clear();
  // Ids were handed out in first-use order, the order documentFrequency keeps too.
  const table = buildTermTable(rows, termIds.size);
  return assemble(mini, table, documentFrequency, roleCounts, passages, analyzer);
}

/** Rebuilds an index from a snapshot of the same passages (no analysis, no MiniSearch indexing). */
export function restoreSearchIndex(
  snapshot: IndexSnapshot,
  passages: Passage[],
  analyzer: Analyzer,
): SearchIndex {
  const documentFrequency = new Map(snapshot.documentFrequency);
  const mini = MiniSearch.loadJS<IndexedFields>(
    snapshot.mini,
    miniOptions((term) => documentFrequency.has(term)),
  );
  const table = restoreTermTable(snapshot.terms);
  return assemble(mini, table, documentFrequency, snapshot.roleCounts, passages, analyzer);
}

/**
 * What MiniSearch indexes per passage: the analysed terms of each field, space-separated. The
 * document title is not among them: every passage of a document shares it, so indexing it per
 * passage made the commonest title words the costliest part of a search at 10,000 documents. The
 * re-ranking scores it instead (`titleTerms`).
 */
interface IndexedFields {
  id: string;
  text: string;
  section: string;
}

function miniOptions(knows: (term: string) => boolean) {
  return {
    idField: 'id',
    fields: ['text', 'section'],
    tokenize: (text: string) => (text ? text.split(' ') : []),
    processTerm: (term: string) => term,
    searchOptions: searchOptionsFor(knows),
  };
}

function assemble(
  mini: MiniSearch<IndexedFields>,
  table: TermTable,
  documentFrequency: Map<string, number>,
  roleCounts: readonly number[][],
  passages: Passage[],
  analyzer: Analyzer,
): SearchIndex {
  const count = passages.length;
  const termIds = new Map<string, number>();
  for (const term of documentFrequency.keys()) termIds.set(term, termIds.size);
  const byId = new Map<string, IndexedPassage>();
  passages.forEach((passage, ordinal) => {
    byId.set(passage.id, {
      passage,
      ordinal,
      roleCounts: roleCounts[ordinal] ?? ROLES.map(() => 0),
    });
  });
  const contains = (indexed: IndexedPassage, term: string): boolean => {
    const id = termIds.get(term);
    return id !== undefined && table.has(indexed.ordinal, id);
  };
  // Each widespread term's best passages, worked out the first time a question needs them; only
  // terms over the budget get here, so there are at most (all postings / budget) of them.
  const tops = new Map<string, [string, number][]>();
  const topOf = (term: string): [string, number][] => {
    let top = tops.get(term);
    if (!top) {
      top = mini
        .search(term, { prefix: false, fuzzy: false })
        .slice(0, TOP_PER_TERM)
        .map((hit) => [String(hit.id), hit.score] as [string, number]);
      tops.set(term, top);
    }
    return top;
  };
  const idf = (term: string): number => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
  const duties = new Lru<string, DutyStatement[]>(DUTY_CACHE);
  const definitions = new Lru<string, ReadonlySet<RoleId>>(DUTY_CACHE);
  const definingSentences = new Lru<string, ReadonlySet<string>[]>(DUTY_CACHE);
  // One entry per document title, so it grows with the documents, not the passages.
  const titles = new Map<string, ReadonlySet<string>>();

  /**
   * The best `depth` hits once the terms left out of the search are scored too: each one a hit
   * uses counts as BM25 counts one use in a passage of average length. Hits come best first, and
   * the terms left out can add at most `ceiling`, so the walk stops at the first hit that could
   * no longer reach the best `depth` (exact for those, without visiting thousands of hits).
   */
  const withTermsLeftOut = (
    hits: SearchResult[],
    left: readonly string[],
    depth: number,
  ): SearchResult[] => {
    const weights = left.map((term) => ONE_AVERAGE_USE * idf(term));
    const ceiling = weights.reduce((sum, weight) => sum + weight, 0);
    const best: SearchResult[] = [];
    for (const hit of hits) {
      const last = best[depth - 1];
      if (last && hit.score + ceiling <= last.score) break;
      const indexed = byId.get(String(hit.id));
      if (indexed) {
        left.forEach((term, i) => {
          if (contains(indexed, term)) hit.score += weights[i] ?? 0;
        });
      }
      let at = best.length;
      while (at > 0 && (best[at - 1]?.score ?? 0) < hit.score) at--;
      best.splice(at, 0, hit);
      if (best.length > depth) best.pop();
    }
    return best;
  };

  return {
    search: (terms, depth) => {
      if (terms.length === 0) return [];
      // The terms the knowledge doesn't have are always searched: MiniSearch finds their typo
      // and prefix matches. Known terms are taken from the rarest up while they fit the budget.
      const unique = [...new Set(terms)];
      const unknown = unique.filter((term) => !documentFrequency.has(term));
      const known = unique
        .filter((term) => documentFrequency.has(term))
        .sort((a, b) => (documentFrequency.get(a) ?? 0) - (documentFrequency.get(b) ?? 0));
      const fitting: string[] = [];
      let spent = 0;
      for (const term of known) {
        const df = documentFrequency.get(term) ?? 0;
        if (spent + df > POSTINGS_BUDGET) break;
        fitting.push(term);
        spent += df;
      }
      if (fitting.length > 0 || known.length === 0) {
        const hits = mini.search([...fitting, ...unknown].join(' '));
        const left = known.slice(fitting.length);
        if (left.length === 0) return hits;
        return withTermsLeftOut(hits, left, depth);
      }
      // Even the rarest known term is over the budget ("PO?"): the candidates are each such
      // term's best passages, scored term by term (the same BM25 scale), plus the unknown terms'
      // matches.
      const scores = new Map<string, { score: number; hit?: SearchResult }>();
      if (unknown.length > 0) {
        for (const hit of mini.search(unknown.join(' ')).slice(0, TOP_PER_TERM)) {
          scores.set(String(hit.id), { score: hit.score, hit });
        }
      }
      for (const term of known) {
        for (const [id, score] of topOf(term)) {
          const entry = scores.get(id);
          if (entry) entry.score += score;
          else scores.set(id, { score });
        }
      }
      return [...scores]
        .sort((a, b) => b[1].score - a[1].score)
        .slice(0, TOP_PER_TERM)
        .map(([id, { score, hit }]) => {
          const indexed = byId.get(id);
          const matched = indexed ? known.filter((term) => contains(indexed, term)) : [];
          return {
            id,
            score,
            terms: [...(hit?.terms ?? []), ...matched],
            queryTerms: [...(hit?.queryTerms ?? []), ...matched],
            match: hit?.match ?? {},
          } as SearchResult;
        });
    },
    contains,
    get: (id) => byId.get(id),
    titleTerms: (passage) => {
      const title = passage.sources[0]?.title ?? '';
      let terms = titles.get(title);
      if (!terms) {
        terms = new Set(analyzer.terms(title));
        titles.set(title, terms);
      }
      return terms;
    },
    duties: (passage) => duties.get(passage.id, () => dutyStatements(passage, analyzer)),
    defines: (passage) => definitions.get(passage.id, () => definedRoles(passage, analyzer)),
    definitions: (passage) =>
      definingSentences.get(passage.id, () =>
        sentencesOf(passage)
          .filter((sentence) => DEFINES_SOMETHING.test(sentence))
          .map((sentence) => new Set(analyzer.terms(sentence))),
      ),
    idf,
    knows: (term) => documentFrequency.has(term),
    size: count,
    snapshot: () => ({
      mini: mini.toJSON(),
      documentFrequency: [...documentFrequency],
      roleCounts: roleCounts.map((counts) => [...counts]),
      terms: table.serialize(),
    }),
  };
}

const ROLE_INDEX = new Map(ROLES.map((role, i) => [role.term, i]));

/** "the product roadmap — a timeline that…", "a backlog is a list of…", "X means …". */
const DEFINES_SOMETHING = /\s[—–-]\s+(?:a|an|the)\s|\b(?:is|are)\s+(?:a|an)\s|\bmeans\s/i;

const DEFINITION =
  /^(?:a|an|the)?\s*(product_manager|product_owner|project_manager)s?\s+(?:is|are)\b/;

function definedRoles(passage: Passage, analyzer: Analyzer): Set<RoleId> {
  const roles = new Set<RoleId>();
  for (const sentence of sentencesOf(passage)) {
    const match = DEFINITION.exec(analyzer.analyze(sentence).words.join(' '));
    const role = match?.[1] ? roleByTerm(match[1]) : undefined;
    if (role) roles.add(role.id);
  }
  return roles;
}
