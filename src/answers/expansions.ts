import type { Analyzer } from './analyzer.js';
import { singleEdits } from './edit-distance.js';
import { type Question, topicWords } from './question.js';
import type { SearchIndex } from './search-index.js';

/** A knowledge term searched on behalf of a question term, and how much it counts (0..1). */
export interface Expansion {
  term: string;
  weight: number;
  /**
   * Where the stand-in comes from: a glossary group of equivalents, a one-way group's broader
   * term ("agile" for "kanban": about the same field, not the same thing), another form of the
   * word, the word English lists one edit from a misspelt one, WordNet's synonyms and derived
   * forms, or word vectors.
   */
  via: 'glossary' | 'broader' | 'family' | 'spelling' | 'wordnet' | 'meaning';
}

/** Each topic term of a question with the knowledge terms that may stand for it. */
export type Expansions = ReadonlyMap<string, readonly Expansion[]>;

/**
 * How much a glossary neighbour counts beside the word typed: the field calls them the same or
 * closely related things ("go live" and "launch"), not always exactly the same.
 */
const GLOSSARY_WEIGHT = 0.7;
/** Another form of the same word ("success" for "succeeding") says nearly what was typed. */
const FAMILY_WEIGHT = 0.8;

/**
 * A word WordNet gives as a synonym or a derived form of the one typed, in one of its commonest
 * senses, that the vectors do not call unlike ("squad" and "team", "outward" and "external"):
 * English's own equivalence, counted like the glossary's. Pooled dev sets, 1603 questions: hit@1
 * 64.2 → 65.0, hit@3 78.6 → 79.5, false abstains 5.1% → 3.4%, uncovered abstained 84.7% → 83.1%
 * (a rarer sense answers a few: "office" is also a "role"). Beside the vectors' neighbours rather
 * than before them, or as a hint rather than the word, it gains less.
 */
const WORDNET_WEIGHT = 0.7;

/**
 * "responsibel", "stakeholdrs", "backlgo": a word English does not list, one edit (a letter
 * dropped, swapped, changed or added) from words it lists whose terms the knowledge uses, is taken
 * for the commonest of them. The search's typo tolerance compares stems, which a typo can push out of
 * its reach ("responsibel" is four edits from "respons"); English's word list compares words.
 * Only words this long: a shorter unlisted word is more often shorthand than a typo. (Pooled dev
 * sets, 6,528 questions, four letters instead of five: "trak" is "track", "deos" "does"; two
 * questions more answered, false abstains 2.5% → 2.4%, nothing else changed.)
 */
const SPELLING_WEIGHT = 0.8;
const SPELLING_MIN_LENGTH = 4;

/**
 * Word vectors connect a word the knowledge never uses to words it does, only when they are very
 * close in general English ("buyers" and "customers" 0.7; "backlog" and "caseload" 0.6 is the
 * kind of neighbour the threshold keeps out), and count for less the further they are.
 */
const MIN_SIMILARITY = 0.62;
const MEANING_WEIGHT = 0.8;
const NEIGHBOURS = 3;
/** A particle ending a word of at least three more letters: "stand|up", "roll|out". */
const PARTICLE = /(?<=^[a-z]{3,})(?:up|out|off|down|over)$/;
/** A word that says little in English ("pretty", "anyone") is not worth finding neighbours for. */
const MIN_CONTENT = 0.5;

/**
 * What rolebot knows of a knowledge's vocabulary through general English: glossary groups as
 * sequences of index terms, and which lexicon words (with vectors) the knowledge uses. Built once
 * per index, on the first question that needs it.
 */
class Expander {
  /** Each glossary member as its index terms, keyed by its first term. */
  readonly #members = new Map<string, { terms: string[]; group: number; first: boolean }[]>();
  /** Per group, the one term that stands for each member in a search: its rarest known term. */
  readonly #representatives: { term: string; first: boolean }[][] = [];
  readonly #oneWay: boolean[] = [];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly index: SearchIndex,
  ) {
    analyzer.glossary.forEach((group, id) => {
      const representatives: { term: string; first: boolean }[] = [];
      group.terms.forEach((member, position) => {
        const terms = analyzer.terms(member).filter((term) => !analyzer.roles.isTerm(term));
        if (terms.length === 0) return;
        const first = position === 0;
        const list = this.#members.get(terms[0] as string) ?? [];
        list.push({ terms, group: id, first });
        this.#members.set(terms[0] as string, list);
        // "task board" stands in only where the knowledge could say it: with "task" alone it
        // would stand for tasks, another thing.
        const known = terms.filter((term) => index.knows(term));
        if (known.length === 0 || known.length < terms.length) return;
        const rarest = known.reduce((a, b) => (index.idf(b) > index.idf(a) ? b : a));
        representatives.push({ term: rarest, first });
      });
      this.#representatives[id] = representatives;
      this.#oneWay[id] = group.oneWay;
    });
  }

  expand(question: Question): Expansions {
    const { sequence } = question;
    const topic = new Set(question.topicTerms);
    const asked = new Set(question.terms);
    const found = new Map<string, Expansion[]>();
    const add = (from: string, expansion: Expansion): void => {
      // A stand-in the question asks about anyway adds nothing of the word it stands for: in
      // "kanban or scrum?", "scrum" standing in for "kanban" would make the question look covered.
      if (expansion.term === from || !topic.has(from) || asked.has(expansion.term)) return;
      const list = found.get(from) ?? [];
      const same = list.find((item) => item.term === expansion.term);
      if (same) same.weight = Math.max(same.weight, expansion.weight);
      else list.push(expansion);
      found.set(from, list);
    };
    // Glossary: every member the question's terms spell out, in order.
    sequence.forEach((term, at) => {
      for (const member of this.#members.get(term) ?? []) {
        if (!member.terms.every((part, i) => sequence[at + i] === part)) continue;
        // A one-way group's narrower first member searches the rest, never the reverse.
        if (this.#oneWay[member.group] && !member.first) continue;
        for (const other of this.#representatives[member.group] ?? []) {
          if (this.#oneWay[member.group] && other.first) continue;
          // A word the knowledge uses is searched as typed: the passages that use it are the
          // ones about it (measured on dev: expanding known words too lost 4 points of hit@1).
          for (const from of member.terms) {
            if (!this.index.knows(from))
              add(from, {
                term: other.term,
                weight: GLOSSARY_WEIGHT,
                via: this.#oneWay[member.group] ? 'broader' : 'glossary',
              });
          }
        }
      }
    });
    // Family: the same word in another form the stemmer keeps apart ("succeeding", "success"),
    // beside any glossary neighbours, which are other words: "leadership" is also "leaders".
    // (Pooled dev sets, 9,494 questions: two questions now first, one now in the top three, none
    // down.)
    for (const term of topic) {
      if (this.index.knows(term)) continue;
      if (this.#particleCompound(term)) continue;
      for (const other of this.index.family(term).slice(0, NEIGHBOURS))
        add(term, { term: other, weight: FAMILY_WEIGHT, via: 'family' });
    }
    const lexicon = this.analyzer.lexicon;
    // A misspelt word: the commonest listed word one edit away that the knowledge uses. Each
    // word once: a pasted wall of text repeats a few.
    const typed = topicWords(question, this.analyzer);
    const seen = new Set<string>();
    for (const { word, term } of typed) {
      if (seen.has(word)) continue;
      seen.add(word);
      if (this.index.knows(term) || found.has(term)) continue;
      if (word.length < SPELLING_MIN_LENGTH || !/^[a-z]+$/.test(word) || lexicon.lists(word))
        continue;
      const meant = this.#spelledAs(word, term);
      if (meant) add(term, { term: meant, weight: SPELLING_WEIGHT, via: 'spelling' });
    }
    // A content word the knowledge never uses: by the words WordNet relates to it that the
    // knowledge uses, or failing those, by its nearest such words by vectors.
    for (const { word, term } of typed) {
      if (this.index.knows(term) || found.has(term)) continue;
      if (lexicon.contentWeight(word) < MIN_CONTENT) continue;
      const related = this.#known(lexicon.related(word), term);
      for (const { known } of related)
        add(term, { term: known, weight: WORDNET_WEIGHT, via: 'wordnet' });
      if (related.length > 0) continue;
      for (const { known, similarity } of this.#known(
        lexicon.neighbours(word, MIN_SIMILARITY),
        term,
      ))
        add(term, { term: known, weight: MEANING_WEIGHT * similarity, via: 'meaning' });
    }
    return found;
  }

  /**
   * "standup", "rollout", "kickoff": a word and a particle run together is a thing of its own, no
   * form of the word ("standup" is not "standard", though they share "stand"). (Pooled dev sets,
   * 8,584 questions: three uncovered questions on standups abstain, nothing else changed.)
   */
  #particleCompound(term: string): boolean {
    const particle = PARTICLE.exec(term);
    return particle !== null && this.analyzer.lexicon.lists(term.slice(0, particle.index));
  }

  /** The term of the commonest listed word one edit from `word` that the knowledge uses. */
  #spelledAs(word: string, term: string): string | undefined {
    const lexicon = this.analyzer.lexicon;
    let best: { known: string; rank: number } | undefined;
    for (const edit of singleEdits(word)) {
      const rank = lexicon.rank(edit);
      if (rank === undefined || (best && rank >= best.rank)) continue;
      const known = this.analyzer.term(edit);
      if (!known || known === term || this.analyzer.roles.isTerm(known) || !this.index.knows(known))
        continue;
      best = { known, rank };
    }
    return best?.known;
  }

  /** The first few of `words` the knowledge uses, as its terms: no role, not `term` itself. */
  #known(
    words: readonly { word: string; similarity: number }[],
    term: string,
  ): { known: string; similarity: number }[] {
    const found: { known: string; similarity: number }[] = [];
    for (const { word, similarity } of words) {
      const known = this.analyzer.term(word);
      if (!known || known === term || this.analyzer.roles.isTerm(known) || !this.index.knows(known))
        continue;
      found.push({ known, similarity });
      if (found.length >= NEIGHBOURS) break;
    }
    return found;
  }
}

/**
 * A topic word the knowledge uses, paired with the knowledge's own words for nearly the same
 * thing: WordNet's synonyms and derived forms whose vectors agree, and its nearest words by
 * vectors ("outside" and "external", "talk" and "communicate", "better" and "improve"). These are
 * not searched: a word the knowledge uses is searched as typed, since expanding such words made
 * the search find what the question did not ask (measured on dev: hit@1 fell by a point). They
 * only let a passage that says the question's thing in its own words count as covering it
 * (`ask.ts`).
 */
const ALIKE_PER_WORD = 5;

export type AlikeWords = ReadonlyMap<string, ReadonlySet<string>>;

/** Each topic term of the question the knowledge uses, with the knowledge's terms alike it. */
export function alikeWordsOf(
  question: Question,
  analyzer: Analyzer,
  index: SearchIndex,
): AlikeWords {
  const { lexicon } = analyzer;
  const found = new Map<string, Set<string>>();
  for (const { word, term } of topicWords(question, analyzer)) {
    if (!index.knows(term) || found.has(term)) continue;
    if (lexicon.contentWeight(word) < MIN_CONTENT) continue;
    const alike = new Set<string>();
    for (const other of [...lexicon.related(word), ...lexicon.neighbours(word, MIN_SIMILARITY)]) {
      const known = analyzer.term(other.word);
      if (!known || known === term || analyzer.roles.isTerm(known) || !index.knows(known)) continue;
      alike.add(known);
      if (alike.size >= ALIKE_PER_WORD) break;
    }
    if (alike.size > 0) found.set(term, alike);
  }
  return found;
}

const expanders = new WeakMap<SearchIndex, Expander>();

/** The knowledge terms that may stand for each topic term of the question. */
export function expansionsOf(
  question: Question,
  analyzer: Analyzer,
  index: SearchIndex,
): Expansions {
  let expander = expanders.get(index);
  if (!expander) {
    expander = new Expander(analyzer, index);
    expanders.set(index, expander);
  }
  return expander.expand(question);
}
