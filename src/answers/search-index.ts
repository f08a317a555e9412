import MiniSearch, { type SearchOptions } from 'minisearch';
import { sentencesOf } from '../knowledge/sentences.js';
import type { Passage } from '../knowledge/types.js';
import type { Analyzer } from './analyzer.js';
import { type DutyStatement, dutyStatements } from './duty-subjects.js';
import { Lru } from './lru.js';
import { Postings, type PostingsSnapshot, type TermMatch } from './postings.js';
import { isRoleTerm, perRoleSet, type RoleId } from './roles.js';

/** What the index keeps about each passage beyond its text: small, so 10,000 documents fit. */
export interface IndexedPassage {
  passage: Passage;
  /** The passage's position in the knowledge, as the postings know it. */
  ordinal: number;
  /**
   * How often the passage (text and section) names each role, in `analyzer.roles.all` order: a
   * view of the index's counts, not a copy (a question looks at dozens of passages).
   */
  roleCounts: Readonly<Uint16Array>;
}

/** A passage a search found, scored as MiniSearch scores it. */
export interface SearchHit {
  /** The passage id. */
  id: string;
  /** The passage's position, for `at`. */
  ordinal: number;
  score: number;
  /** The passage terms that matched: query terms, or their prefix and typo expansions. */
  terms: string[];
  /** The query terms that matched, themselves or through an expansion. */
  queryTerms: string[];
  /** Which passage term each query term matched, and how (exact, prefix or typo). */
  matches: TermMatch[];
}

/** Each query term of a hit with the passage terms it found: "backlogg" found "backlog". */
export function formsByQuery(hit: SearchHit): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const { query, term } of hit.matches) {
    const set = forms.get(query);
    if (set) set.add(term);
    else forms.set(query, new Set([term]));
  }
  return forms;
}

/** Whether two sets share a member. */
export function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const item of a) if (b.has(item)) return true;
  return false;
}

/**
 * Whether a sentence's terms hold a question term: as typed, or in a form the passage matched it
 * by (a typo, a prefix, a stand-in).
 */
export function holdsTerm(
  terms: ReadonlySet<string>,
  term: string,
  matches: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (terms.has(term)) return true;
  const forms = matches.get(term);
  return forms !== undefined && sharesAny(forms, terms);
}

/** A sentence of a passage as written, with its index terms as a set and in their order. */
export interface AnalysedSentence {
  text: string;
  terms: ReadonlySet<string>;
  sequence: readonly string[];
}

export interface SearchIndex {
  /**
   * The best `depth` hits, best first; `weights` scale each query term's score (default 1), terms
   * in `spelt` are matched as typed, without typo tolerance (they are real words), and terms in
   * `whole` only as themselves, by neither typo nor prefix (see `ask.ts` on asking words).
   */
  search(
    terms: string[],
    depth: number,
    weights?: ReadonlyMap<string, number>,
    spelt?: ReadonlySet<string>,
    whole?: ReadonlySet<string>,
  ): SearchHit[];
  get(id: string): IndexedPassage | undefined;
  /** The passage at a position, as search hits give it: no lookup by id. */
  at(ordinal: number): IndexedPassage | undefined;
  /** Who each sentence makes the subject of its duties; worked out on first use, then cached. */
  duties(passage: Passage): DutyStatement[];
  /** Roles a sentence of the passage defines ("A product owner is…"); cached like duties. */
  defines(passage: Passage): ReadonlySet<RoleId>;
  /** The sentences of the passage that define something ("X — a timeline…", "X is a …"), as
   * their index terms; cached like duties. */
  definitions(passage: Passage): readonly ReadonlySet<string>[];
  /** The passage's sentences as written, each with its index terms; cached like duties. */
  sentences(passage: Passage): readonly AnalysedSentence[];
  /** Inverse document frequency (BM25 form); a term the knowledge never uses gets the maximum. */
  idf(term: string): number;
  /** Whether any passage uses the term. */
  knows(term: string): boolean;
  /**
   * Terms of the knowledge from the same word as a term it lacks, by their shared stem
   * ("succeed" and "success", "builder" and "build"): Porter leaves such families apart.
   */
  family(term: string): string[];
  /** Whether the passage's text or section uses the term, as the index has it. */
  contains(indexed: IndexedPassage, term: string): boolean;
  /** The index terms of the title of the passage's document. */
  titleTerms(passage: Passage): ReadonlySet<string>;
  /** The passage's section heading, analysed like its sentences. */
  heading(passage: Passage): AnalysedSentence;
  readonly size: number;
  /** Everything needed to restore this index without analysing the knowledge again. */
  snapshot(): IndexSnapshot;
}

/** The index as JSON data and typed arrays, for the on-disk cache (src/index-cache/cache-file.ts). */
export interface IndexSnapshot {
  postings: PostingsSnapshot;
  /** Every term with its document frequency; a term's position here is its id in the postings. */
  documentFrequency: [string, number][];
  /** How often each passage names each role: one count per role of the analyzer, per passage. */
  roleCounts: Uint16Array;
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
/** The fields MiniSearch indexes, in the order the postings keep them. */
const FIELDS = ['text', 'section'] as const;

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
  // In first-use order, which gives each term its id (its position) in the postings.
  const documentFrequency = new Map<string, number>();
  const roleCount = analyzer.roles.all.length;
  const roleIndex = new Map(analyzer.roles.all.map((role, i) => [role.term, i]));
  const roleCounts = new Uint16Array(passages.length * roleCount);
  const mini = new MiniSearch<IndexedFields>(MINI_OPTIONS);
  // One pass: analyse each passage once, count document frequencies and role mentions, index it.
  passages.forEach((passage, ordinal) => {
    const text = analyzer.terms(passage.text);
    const section = termsOf(passage.section);
    const counts = analyzer.roles.all.map(() => 0);
    for (const term of [...text, ...section]) {
      const role = roleIndex.get(term);
      if (role !== undefined) counts[role] = (counts[role] ?? 0) + 1;
    }
    const held = new Set([...text, ...section]);
    for (const term of held) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    roleCounts.set(
      counts.map((count) => Math.min(count, 0xffff)),
      ordinal * roleCount,
    );
    mini.add({ id: passage.id, text: text.join(' '), section: section.join(' ') });
  });
  sectionTerms.clear();
  const ordinals = new Map(passages.map((passage, ordinal) => [passage.id, ordinal]));
  // MiniSearch's own index is only kept in its frozen form.
  const postings = Postings.freeze(
    mini,
    FIELDS,
    [...documentFrequency.keys()],
    (id) => ordinals.get(id) ?? -1,
  );
  return assemble(postings, documentFrequency, roleCounts, passages, analyzer);
}

/** Rebuilds an index from a snapshot of the same passages (no analysis, no indexing). */
export function restoreSearchIndex(
  snapshot: IndexSnapshot,
  passages: Passage[],
  analyzer: Analyzer,
): SearchIndex {
  const documentFrequency = new Map(snapshot.documentFrequency);
  const postings = Postings.restore(snapshot.postings, [...documentFrequency.keys()]);
  return assemble(postings, documentFrequency, snapshot.roleCounts, passages, analyzer);
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

/** MiniSearch only indexes here; searches run on the frozen postings, with searchOptionsFor. */
const MINI_OPTIONS = {
  idField: 'id',
  fields: [...FIELDS],
  tokenize: (text: string) => (text ? text.split(' ') : []),
  processTerm: (term: string) => term,
};

function assemble(
  postings: Postings,
  documentFrequency: Map<string, number>,
  roleCounts: Uint16Array,
  passages: Passage[],
  analyzer: Analyzer,
): SearchIndex {
  const count = passages.length;
  const roleCount = analyzer.roles.all.length;
  const termIds = new Map<string, number>();
  for (const term of documentFrequency.keys()) termIds.set(term, termIds.size);
  // Built on first lookup by id: searches hand out positions, and 80,000 ids are worth not
  // making at start-up.
  let ordinals: Map<string, number> | undefined;
  const ordinalOf = (id: string): number | undefined => {
    ordinals ??= new Map(passages.map((passage, ordinal) => [passage.id, ordinal]));
    return ordinals.get(id);
  };
  // Made when asked for: a question looks at a few dozen passages, not all of them.
  const indexedAt = (ordinal: number): IndexedPassage | undefined => {
    const passage = passages[ordinal];
    if (!passage) return undefined;
    const at = ordinal * roleCount;
    return { passage, ordinal, roleCounts: roleCounts.subarray(at, at + roleCount) };
  };
  const contains = (indexed: IndexedPassage, term: string): boolean => {
    const id = termIds.get(term);
    return id !== undefined && postings.has(indexed.ordinal, id);
  };
  const idf = (term: string): number => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  };
  const options = searchOptionsFor((term) => documentFrequency.has(term));
  const duties = new Lru<string, DutyStatement[]>(DUTY_CACHE);
  const definitions = new Lru<string, ReadonlySet<RoleId>>(DUTY_CACHE);
  const definingSentences = new Lru<string, readonly ReadonlySet<string>[]>(DUTY_CACHE);
  const analysedSentences = new Lru<string, AnalysedSentence[]>(DUTY_CACHE);
  const analysed = (text: string): AnalysedSentence => {
    const sequence = analyzer.terms(text);
    return { text, terms: new Set(sequence), sequence };
  };
  const sentences = (passage: Passage): AnalysedSentence[] =>
    analysedSentences.get(passage.id, () => sentencesOf(passage).map(analysed));
  // One entry per document title, so it grows with the documents, not the passages.
  const titles = new Map<string, ReadonlySet<string>>();
  // Headings repeat across passages and documents ("Responsibilities"); kept like the duties.
  const headings = new Lru<string, AnalysedSentence>(DUTY_CACHE);

  return {
    search: (terms, depth, weights, spelt, whole) =>
      postings
        .search(
          terms,
          spelt?.size || whole?.size ? tolerance(options, spelt, whole) : options,
          depth,
          weights,
        )
        .map((hit) => ({
          id: passages[hit.ordinal]?.id ?? '',
          ordinal: hit.ordinal,
          score: hit.score,
          terms: hit.terms,
          queryTerms: hit.queryTerms,
          matches: hit.matches,
        })),
    contains,
    get: (id) => {
      const ordinal = ordinalOf(id);
      return ordinal === undefined ? undefined : indexedAt(ordinal);
    },
    at: indexedAt,
    titleTerms: (passage) => {
      const title = passage.sources[0]?.title ?? '';
      let terms = titles.get(title);
      if (!terms) {
        terms = new Set(analyzer.terms(title));
        titles.set(title, terms);
      }
      return terms;
    },
    heading: (passage) => headings.get(passage.section, () => analysed(passage.section)),
    duties: (passage) => duties.get(passage.id, () => dutyStatements(passage, analyzer)),
    defines: (passage) => definitions.get(passage.id, () => definedRoles(passage, analyzer)),
    sentences,
    // The analysed sentences' own terms: a definition is one of them, not a second analysis.
    definitions: (passage) =>
      definingSentences.get(passage.id, () =>
        sentences(passage)
          .filter(({ text }) => DEFINES_SOMETHING.test(text))
          .map(({ terms }) => terms),
      ),
    idf,
    knows: (term) => documentFrequency.has(term),
    family: (term) => {
      // "prince2" is a name, not a form of "principle".
      if (term.length < FAMILY_MIN || /\d/.test(term)) return [];
      const base = term.replace(NOUN_SUFFIX, '');
      const stem =
        base !== term && base.length >= NOUN_BASE
          ? base
          : term.slice(0, Math.max(FAMILY_STEM, term.length - FAMILY_CUT));
      return postings.termsWithPrefix(stem).filter((other) => other !== term && !isRoleTerm(other));
    },
    size: count,
    snapshot: () => ({
      postings: postings.snapshot(),
      documentFrequency: [...documentFrequency],
      roleCounts,
    }),
  };
}

/**
 * A word family is looked for only from terms this long, through their first letters less the
 * last two (at least five): "succeed" finds "success" through "succe". Measured on the pooled dev
 * sets, from 7 letters: owner 86.6 → 88.0, false abstains 5.6% → 5.2%, hit@1 64.2 → 64.1 (from 6,
 * hit@1 falls to 63.9).
 */
const FAMILY_MIN = 7;
const FAMILY_STEM = 5;
const FAMILY_CUT = 2;
/**
 * A suffix that makes a noun of another word, which Porter leaves on: the family of "leadership"
 * is found through "leader", of "partnership" through "partner", of "childhood" through "child".
 * (Pooled dev sets, 9,494 questions: twenty questions on leadership now find the "skilled
 * leaders" passage, nineteen of them first; nothing else changed.)
 */
const NOUN_SUFFIX = /(?:ship|hood|ness)$/;
const NOUN_BASE = 4;

/**
 * The search options with typo tolerance off for words spelt right ("weather" is not "whether"),
 * and prefix matching off too for the words to be matched whole.
 */
function tolerance(
  options: SearchOptions,
  spelt: ReadonlySet<string> = new Set(),
  whole: ReadonlySet<string> = new Set(),
): SearchOptions {
  const { fuzzy, prefix } = options;
  return {
    ...options,
    fuzzy: (term, i, terms) =>
      spelt.has(term) || whole.has(term)
        ? false
        : typeof fuzzy === 'function'
          ? fuzzy(term, i, terms)
          : (fuzzy ?? false),
    prefix: (term, i, terms) =>
      whole.has(term)
        ? false
        : typeof prefix === 'function'
          ? prefix(term, i, terms)
          : (prefix ?? false),
  };
}

/** "the product roadmap — a timeline that…", "a backlog is a list of…", "X means …". */
const DEFINES_SOMETHING = /\s[—–-]\s+(?:a|an|the)\s|\b(?:is|are)\s+(?:a|an)\s|\bmeans\s/i;

/**
 * "A product owner is a…", "the PM is the…": built per role set, the same pattern for the
 * built-in roles. "The product manager is involved in…" says what the role does, not what it is.
 * (Pooled dev sets, 1473 questions: requiring "a", "an" or "the" after the verb takes hit@1 from
 * 63.2 to 63.6.)
 */
const definitionOf = perRoleSet(
  (roles) =>
    new RegExp(`^(?:a|an|the)?\\s*(${roles.termPattern})s?\\s+(?:is|are)\\s+(?:a|an|the)\\b`),
);

function definedRoles(passage: Passage, analyzer: Analyzer): Set<RoleId> {
  const roles = new Set<RoleId>();
  const definition = definitionOf(analyzer.roles);
  for (const sentence of sentencesOf(passage)) {
    const match = definition.exec(analyzer.analyze(sentence).words.join(' '));
    const role = match?.[1] ? analyzer.roles.byTerm(match[1]) : undefined;
    if (role) roles.add(role.id);
  }
  return roles;
}
