import MiniSearch, { type AsPlainObject, type SearchOptions, type SearchResult } from 'minisearch';
import { sentencesOf } from '../knowledge/sentences.js';
import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { type DutyStatement, dutyStatements } from './duty-subjects.js';
import { Lru } from './lru.js';
import { isRoleTerm, ROLES, type RoleId, roleByTerm } from './roles.js';

/** What the index keeps about each passage beyond its text: small, so 10,000 documents fit. */
export interface IndexedPassage {
  passage: Passage;
  /** How often the passage (text and section) names each role, in ROLES order. */
  roleCounts: readonly number[];
  /** Which of the index's very common terms the passage contains (their positions in the list). */
  commonTerms: readonly number[];
}

export interface SearchIndex {
  search(terms: string[]): SearchResult[];
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
  /**
   * Whether the passage contains a term the search left out for being in a large share of a big
   * knowledge base; undefined for every other term (the search hit says whether it matched).
   */
  containsCommon(indexed: IndexedPassage, term: string): boolean | undefined;
  readonly size: number;
  /** Everything needed to restore this index without analysing the knowledge again. */
  snapshot(): IndexSnapshot;
}

/** The index in plain JSON-able data, for the on-disk cache. */
export interface IndexSnapshot {
  mini: AsPlainObject;
  documentFrequency: [string, number][];
  common: string[];
  /** Per passage, in passage order: role counts and common-term bits. */
  roleCounts: number[][];
  commonTerms: number[][];
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
 * In a large knowledge base, a term in more than this share of passages says little about any
 * one of them and costs the most to score (every passage holding it is visited), so the search
 * leaves it out; which of these terms each passage holds is kept beside it. Small knowledge bases
 * are searched with every term.
 */
const COMMON_SHARE = 0.04;
const COMMON_MIN_PASSAGES = 5_000;
const COMMON_MAX_TERMS = 64;
/** A question of very common terms only is answered from each term's best passages. */
const COMMON_TOP = 300;

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
  const byId = new Map<string, IndexedPassage>();
  const documentFrequency = new Map<string, number>();
  // Pass 1: analyse each passage once, count document frequencies and role mentions.
  const analysed: ({
    text: string[];
    section: string[];
    title: string[];
    roleCounts: number[];
  } | null)[] = passages.map((passage) => {
    const text = analyzer.terms(passage.text);
    const section = termsOf(passage.section);
    const title = termsOf(passage.sources[0]?.title ?? '');
    const roleCounts = ROLES.map(() => 0);
    for (const term of text) {
      const role = ROLE_INDEX.get(term);
      if (role !== undefined) roleCounts[role] = (roleCounts[role] ?? 0) + 1;
    }
    for (const term of new Set([...text, ...section])) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    return { text, section, title, roleCounts };
  });
  sectionTerms.clear();

  const count = passages.length;
  const common =
    count < COMMON_MIN_PASSAGES
      ? []
      : [...documentFrequency]
          .filter(([, df]) => df / count >= COMMON_SHARE)
          .sort((a, b) => b[1] - a[1])
          .slice(0, COMMON_MAX_TERMS)
          .map(([term]) => term);
  const position = new Map(common.map((term, i) => [term, i]));

  // Pass 2: index each passage and let go of its terms at once, to keep the peak memory down.
  const mini = new MiniSearch<IndexedFields>(miniOptions((term) => documentFrequency.has(term)));
  passages.forEach((passage, i) => {
    const entry = analysed[i];
    if (!entry) return;
    analysed[i] = null;
    const held = new Set<number>();
    for (const term of [...entry.text, ...entry.section]) {
      const at = position.get(term);
      if (at !== undefined) held.add(at);
    }
    byId.set(passage.id, {
      passage,
      roleCounts: entry.roleCounts,
      commonTerms: [...held].sort((a, b) => a - b),
    });
    mini.add({
      id: passage.id,
      text: entry.text.join(' '),
      section: entry.section.join(' '),
      title: entry.title.join(' '),
    });
  });
  return assemble(mini, byId, documentFrequency, common, passages, analyzer);
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
  const byId = new Map<string, IndexedPassage>();
  passages.forEach((passage, i) => {
    byId.set(passage.id, {
      passage,
      roleCounts: snapshot.roleCounts[i] ?? ROLES.map(() => 0),
      commonTerms: snapshot.commonTerms[i] ?? [],
    });
  });
  return assemble(mini, byId, documentFrequency, snapshot.common, passages, analyzer);
}

/** What MiniSearch indexes per passage: the analysed terms of each field, space-separated. */
interface IndexedFields {
  id: string;
  text: string;
  section: string;
  title: string;
}

function miniOptions(knows: (term: string) => boolean) {
  return {
    idField: 'id',
    fields: ['text', 'section', 'title'],
    tokenize: (text: string) => (text ? text.split(' ') : []),
    processTerm: (term: string) => term,
    searchOptions: searchOptionsFor(knows),
  };
}

function assemble(
  mini: MiniSearch<IndexedFields>,
  byId: Map<string, IndexedPassage>,
  documentFrequency: Map<string, number>,
  common: string[],
  passages: Passage[],
  analyzer: Analyzer,
): SearchIndex {
  const count = passages.length;
  const commonIndex = new Map(common.map((term, i) => [term, i]));
  // Each very common term's best passages, worked out the first time a question needs them.
  const tops = new Map<string, [string, number][]>();
  const topOf = (term: string): [string, number][] => {
    let top = tops.get(term);
    if (!top) {
      top = mini
        .search(term, { prefix: false, fuzzy: false })
        .slice(0, COMMON_TOP)
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

  return {
    search: (terms) => {
      if (terms.length === 0) return [];
      const rarer = terms.filter((term) => !commonIndex.has(term));
      if (rarer.length > 0 || commonIndex.size === 0) {
        return mini.search((rarer.length > 0 ? rarer : terms).join(' '));
      }
      // Only very common terms ("PO?"): scoring every passage holding them would visit most of
      // the knowledge, so the candidates are each term's best passages, scored term by term.
      const scores = new Map<string, number>();
      for (const term of terms) {
        for (const [id, score] of topOf(term)) scores.set(id, (scores.get(id) ?? 0) + score);
      }
      return [...scores]
        .sort((a, b) => b[1] - a[1])
        .slice(0, COMMON_TOP)
        .map(([id, score]) => {
          const held = byId.get(id)?.commonTerms ?? [];
          const matched = terms.filter((term) => held.includes(commonIndex.get(term) ?? -1));
          return { id, score, terms: matched, queryTerms: matched, match: {} } as SearchResult;
        });
    },
    containsCommon: (indexed, term) => {
      const position = commonIndex.get(term);
      return position === undefined ? undefined : indexed.commonTerms.includes(position);
    },
    get: (id) => byId.get(id),
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
      common,
      roleCounts: passages.map((passage) => [...(byId.get(passage.id)?.roleCounts ?? [])]),
      commonTerms: passages.map((passage) => [...(byId.get(passage.id)?.commonTerms ?? [])]),
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
