import { LRUCache } from 'lru-cache';
import { stemmer } from 'stemmer';
import type { GlossaryGroup } from '../knowledge/glossary.js';
import { Lexicon } from '../knowledge/lexicon.js';
import type { Vocabulary } from '../knowledge/vocabulary.js';
import { withinDistance } from './edit-distance.js';
import { ROLES, RoleSet } from './roles.js';
import { STOP_WORDS } from './stop-words.js';

/** An ambiguous abbreviation found in a text, and the reading that was used. */
export interface Ambiguity {
  /** What the person typed, e.g. `PM`. */
  term: string;
  /** The canonical phrase used, e.g. `product manager`. */
  chosen: string;
  /** The other phrases it could mean. */
  alternatives: string[];
}

export interface AnalyzedText {
  /** Lower-case words after synonyms and role phrases, before stop words: for reading intent. */
  words: string[];
  /** Index terms: stemmed, stop words removed, role phrases as single terms. */
  terms: string[];
  ambiguities: Ambiguity[];
}

/** Which reading to use for an ambiguous variant, e.g. `{ pm: 'project manager' }`. */
export type Readings = Readonly<Record<string, string>>;

const WORD = /[\p{L}\p{N}_&]+(?:'[\p{L}]+)*/gu;
const ROLE_PHRASE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(${ROLES.map((role) => role.phrase.replace(' ', '\\s+')).join('|')})s?(?![\\p{L}\\p{N}_])`,
  'gu',
);
/**
 * The disciplines are concepts of their own, like the roles: "product management" must not match
 * every "management" or every "product".
 */
const DISCIPLINE_PHRASE = /(?<![\p{L}\p{N}_])(product|project)\s+management(?![\p{L}\p{N}_])/gu;
const ROLE_TERM_BY_PHRASE = new Map(ROLES.map((role) => [role.phrase, role.term]));
/** Cheap pre-check: a word starting with "pr" next to a word starting with "m" or "o". */
const MISSPELT_ROLE_CANDIDATE = /\bpr\p{L}{3,7}\s+[mo]\p{L}{2,8}\b/u;
const TWO_WORDS = /\b(pr\p{L}{3,7})\s+([mo]\p{L}{2,8})\b/gu;
const ROLE_HEADS = ['product', 'project'];
const ROLE_TAILS = ['manager', 'managers', 'owner', 'owners'];

/** "prodcut owner", "project manger": a role name with a typo in either word is still that role. */
function correctRoleTypo(match: string, first: string, second: string): string {
  const head = closest(first, ROLE_HEADS, 2);
  const tail = closest(second, ROLE_TAILS, second.length >= 7 ? 2 : 1);
  if (!head || !tail) return match;
  const phrase = `${head} ${tail.replace(/s$/, '')}`;
  return ROLE_TERM_BY_PHRASE.get(phrase) ?? match;
}

/** The candidate nearest to `word` within `max` edits ("projct" is project, not product). */
function closest(word: string, candidates: readonly string[], max: number): string | undefined {
  for (let distance = 0; distance <= max; distance++) {
    const found = candidates.find((candidate) => withinDistance(word, candidate, distance));
    if (found) return found;
  }
  return undefined;
}

/**
 * Words the stemmer would fold into a different concept: marketing (the function) is not the
 * market, designers are people, not design, production is not the product. They keep their own
 * term (plural folded), in documents and questions alike.
 */
const KEPT_WHOLE = new Map(
  Object.entries({
    marketing: 'marketing',
    marketer: 'marketer',
    marketers: 'marketer',
    designer: 'designer',
    designers: 'designer',
    production: 'production',
  }),
);

/**
 * A count spelt out is the count in figures, in documents and questions alike: "the three
 * disciplines" finds "3 core disciplines", "six competencies" "6 Key Competencies". Not "one",
 * "two" or "four": chat writes "2" for "to" and "4" for "for" ("go 2 the po"), and "one" is most
 * often no count ("which one"). (Pooled dev sets, 9,494 questions: hit@1 0.711 → 0.713, hit@3
 * 0.833 → 0.835, false abstains 146 → 144; 28 questions up, 3 down.)
 */
const NUMBER_WORDS = new Map(
  Object.entries({
    three: '3',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
    ten: '10',
    eleven: '11',
    twelve: '12',
  }),
);

/** Stems kept: the knowledge's vocabulary and the words of recent questions. */
const STEM_CACHE = 20_000;
/** The longest term: English's long words ("internationalization") are about 20 letters. */
const MAX_WORD = 40;

/** British -ise spellings fold into -ize so "prioritisation" finds "prioritization". */
const BRITISH_ISE = /^(\p{L}{3,})is(e|ed|es|ing|ation|ations|er|ers)$/u;

/**
 * Turns text into index terms the same way for documents and questions: folds case, quotes and
 * spelling variants, rewrites the vocabulary's synonyms to their canonical phrase, makes each
 * role name one term, drops stop words and stems the rest (Porter). Built once per vocabulary;
 * every regular expression is compiled here, never per call.
 */
export class Analyzer {
  readonly lexicon: Lexicon;
  /** The knowledge's glossary groups, for query expansion (see expansions.ts). */
  readonly glossary: readonly GlossaryGroup[];
  /** The built-in roles and the organisation's own (vocabulary.roles), as this analyzer reads them. */
  readonly roles: RoleSet;
  private readonly abbreviationPattern: RegExp | undefined;
  private readonly synonymPattern: RegExp | undefined;
  private readonly phraseByVariant = new Map<string, string>();
  private readonly meaningsByVariant = new Map<string, string[]>();
  /** Stems of words seen, bounded: people type an unbounded variety of words. */
  private readonly stemCache = new LRUCache<string, string>({ max: STEM_CACHE });
  /** A declared role's name and aliases ("em", "eng manager"), plural too, to its single term. */
  private readonly declaredRolePattern: RegExp | undefined;
  private readonly declaredTermByVariant = new Map<string, string>();

  constructor(vocabulary: Vocabulary, lexicon: Lexicon = Lexicon.EMPTY) {
    this.lexicon = lexicon;
    this.glossary = vocabulary.glossary ?? [];
    this.abbreviationPattern = wholeWords([...lexicon.abbreviations.keys()]);
    for (const { phrase, variants } of vocabulary.synonyms) {
      for (const variant of variants) this.phraseByVariant.set(collapse(variant), phrase);
    }
    for (const { variant, meanings } of vocabulary.ambiguous) {
      const key = collapse(variant);
      this.meaningsByVariant.set(key, meanings);
      if (meanings[0] && !this.phraseByVariant.has(key)) this.phraseByVariant.set(key, meanings[0]);
    }
    this.synonymPattern = wholeWords([...this.phraseByVariant.keys()]);
    this.roles = vocabulary.roles?.length ? new RoleSet(vocabulary.roles) : RoleSet.BUILT_IN;
    for (const role of this.roles.declared) {
      for (const variant of [role.phrase, ...role.variants])
        this.declaredTermByVariant.set(collapse(variant), role.term);
    }
    this.declaredRolePattern = wholeWords([...this.declaredTermByVariant.keys()], 's?');
  }

  analyze(text: string, readings: Readings = {}): AnalyzedText {
    const ambiguities: Ambiguity[] = [];
    let normal = normalize(text);
    if (this.synonymPattern) {
      normal = normal.replace(this.synonymPattern, (match) => {
        const key = collapse(match);
        const meanings = this.meaningsByVariant.get(key);
        const chosen = readings[key] ?? this.phraseByVariant.get(key) ?? match;
        if (meanings && !ambiguities.some((a) => a.term.toLowerCase() === key)) {
          ambiguities.push({
            term: match.toUpperCase(),
            chosen,
            alternatives: meanings.filter((meaning) => meaning !== chosen),
          });
        }
        return chosen;
      });
    }
    // The organisation's roles before chat shorthand: its "em" is a role, not "them".
    if (this.declaredRolePattern) {
      normal = normal.replace(this.declaredRolePattern, (match, phrase: string) => {
        return this.declaredTermByVariant.get(collapse(phrase)) ?? match;
      });
    }
    // Then chat shorthand ("u" → "you", "lol" → nothing): after the synonyms, which are more
    // specific ("prod mgr" is a product manager, not "production manager").
    if (this.abbreviationPattern) {
      const { abbreviations } = this.lexicon;
      normal = normal.replace(
        this.abbreviationPattern,
        (match) => abbreviations.get(collapse(match)) ?? match,
      );
    }
    normal = normal.replace(ROLE_PHRASE, (_match, phrase: string) => {
      return ROLE_TERM_BY_PHRASE.get(phrase.replace(/\s+/g, ' ')) ?? phrase;
    });
    normal = normal.replace(DISCIPLINE_PHRASE, '$1_management');
    if (MISSPELT_ROLE_CANDIDATE.test(normal)) normal = normal.replace(TWO_WORDS, correctRoleTypo);
    const words = normal.match(WORD) ?? [];
    const terms: string[] = [];
    for (const word of words) {
      const term = this.term(word);
      if (term) terms.push(term);
    }
    return { words, terms, ambiguities };
  }

  /** Index terms only: the tokenizer MiniSearch uses for passages. */
  terms(text: string): string[] {
    return this.analyze(text).terms;
  }

  /** The index term for one lower-case word, or undefined for a stop word. */
  term(word: string): string | undefined {
    if (this.roles.isTerm(word) || word.endsWith('_management')) return word;
    const count = NUMBER_WORDS.get(word);
    if (count) return count;
    if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) return undefined;
    // No word anyone searches for is this long: a pasted hash, URL or key-mash is not a term.
    if (word.length > MAX_WORD) return undefined;
    let stem = this.stemCache.get(word);
    if (stem === undefined) {
      stem = KEPT_WHOLE.get(word) ?? stemmer(this.#spelledOut(word).replace(BRITISH_ISE, '$1iz$2'));
      this.stemCache.set(word, stem);
    }
    return stem;
  }

  /** "callin", "communicatin": chat's dropped "g", where English lists the word with it. */
  #spelledOut(word: string): string {
    if (word.length < 5 || !word.endsWith('in') || this.lexicon.lists(word)) return word;
    return this.lexicon.lists(`${word}g`) ? `${word}g` : word;
  }
}

/** Lower case, compatibility forms, straight quotes, possessives folded ("manager's" → "manager"). */
/**
 * "what's", "who's", "it's": the "'s" of a question word or a pronoun is "is", not a possessive;
 * dropped with the possessives, "what's a roadmap?" no longer asks what something is.
 */
const IS_CONTRACTED = /\b(what|who|where|when|why|how|which|that|it|there|here)'s\b/g;

export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(IS_CONTRACTED, '$1 is')
    .replace(/(\p{L})'s(?![\p{L}])/gu, '$1')
    .replace(/(\p{L}s)'(?![\p{L}])/gu, '$1');
}

/** One pattern for a list of words and phrases, longest first, matching whole words only. */
function wholeWords(phrases: readonly string[], suffix = ''): RegExp | undefined {
  if (phrases.length === 0) return undefined;
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => escapeRegExp(phrase).replace(/ /g, '\\s+'));
  // An apostrophe between letters is inside a word: the "re" of "we're" is not "re" (regarding).
  return new RegExp(
    `(?<![\\p{L}\\p{N}_]|\\p{L}')(${alternatives.join('|')})${suffix}(?![\\p{L}\\p{N}_]|'\\p{L})`,
    'gu',
  );
}

function collapse(text: string): string {
  return normalize(text).trim().replace(/\s+/g, ' ');
}

/** The text as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
