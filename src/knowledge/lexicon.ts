/**
 * Per word of the first `words.length / perWord` of the lexicon, other words of it in the table's
 * order: word positions (0xffff for none), and the cosines of their GloVe vectors as bytes
 * (s × 255). Worked out when the resource is built, so answering does no vector maths.
 */
export interface WordTable {
  words: Uint16Array;
  similarities: Uint8Array;
  perWord: number;
}

/**
 * General English, as rolebot needs it: how much a word says (its part of speech and frequency),
 * what chat shorthand stands for, which words mean nearly the same (word vectors) and which
 * WordNet relates to it (synonyms, derived forms) where the vectors agree. The
 * knowledge is a few dozen passages, so its own statistics cannot tell "usually" from "backlog":
 * both are rare in it. English can: one is an adverb among the 1,100 commonest words, the other a
 * noun. Built from resources/english (see scripts/build-lexicon.mjs); pure once built.
 */
export interface LexiconData {
  /** Words, most frequent first. */
  words: readonly string[];
  /**
   * Per word, its WordNet class: v (noun or verb, mostly verb senses), n (another noun or verb),
   * a (adjective), r (adverb only), - (none).
   */
  classes: string;
  /** Each word's nearest words by the cosine of their GloVe vectors, most similar first. */
  neighbours: WordTable;
  /**
   * Each word's WordNet relations (the other words of its commonest senses, similar adjectives,
   * derived forms) whose vectors are at least a little alike: "squad" and "team", "prospective"
   * and "potential", which vectors alone rank below words of other senses.
   */
  related: WordTable;
  /** Chat shorthand and what it stands for ("" for interjections that carry nothing). */
  abbreviations: ReadonlyMap<string, string>;
}

/** How much a word's part of speech leaves it saying about a topic, beside a noun or verb (1). */
const CLASS_WEIGHT: Readonly<Record<string, number>> = { n: 1, v: 1, a: 0.6, r: 0.15, '-': 1 };
/**
 * The commonest words say little whatever their class ("thing", "way", "lot" are nouns): full
 * weight only past this rank, scaled down by the logarithm of the rank below it.
 */
const COMMON_RANK = 400;
const COMMONEST_WEIGHT = 0.5;

const NO_WORDS: WordTable = {
  words: new Uint16Array(0),
  similarities: new Uint8Array(0),
  perWord: 1,
};

export class Lexicon {
  static readonly EMPTY = new Lexicon({
    words: [],
    classes: '',
    neighbours: NO_WORDS,
    related: NO_WORDS,
    abbreviations: new Map(),
  });

  readonly abbreviations: ReadonlyMap<string, string>;
  readonly #rank = new Map<string, number>();
  readonly #data: LexiconData;

  constructor(data: LexiconData) {
    this.#data = data;
    data.words.forEach((word, rank) => {
      if (!this.#rank.has(word)) this.#rank.set(word, rank);
    });
    this.abbreviations = data.abbreviations;
  }

  get size(): number {
    return this.#data.words.length;
  }

  /**
   * How much a lower-case word can say about a topic, 0..1: a noun or verb 1, an adjective 0.6,
   * an adverb 0.15, the very commonest words less (newer nouns WordNet lacks, like "roadmap",
   * count as nouns). A word English does not list (jargon, names, typos) keeps 1: rare words are
   * what questions are about.
   */
  contentWeight(word: string): number {
    const rank = this.#rank.get(word);
    if (rank === undefined) return 1;
    const byClass = CLASS_WEIGHT[this.#data.classes[rank] ?? '-'] ?? 1;
    if (rank >= COMMON_RANK) return byClass;
    const common =
      COMMONEST_WEIGHT + (1 - COMMONEST_WEIGHT) * (Math.log(rank + 1) / Math.log(COMMON_RANK));
    return byClass * common;
  }

  /** Whether most of the word's senses in English are actions: "kill", "juggle", "chopping". */
  namesAction(word: string): boolean {
    return this.classOf(word) === 'v';
  }

  /** The word's WordNet class (see `LexiconData.classes`), undefined when English does not list it. */
  classOf(word: string): string | undefined {
    const rank = this.#rank.get(word);
    return rank === undefined ? undefined : (this.#data.classes[rank] ?? '-');
  }

  /** The word's place in English by frequency (0 the commonest), undefined when unlisted. */
  rank(word: string): number | undefined {
    return this.#rank.get(word);
  }

  /** The `count` commonest words, commonest first. */
  commonest(count: number): readonly string[] {
    return this.#data.words.slice(0, count);
  }

  /** Whether English lists the word at all: a word it does not is a name, jargon or a typo. */
  lists(word: string): boolean {
    return this.#rank.has(word);
  }

  /** The words nearest in meaning to `word`, at least `min` similar, most similar first. */
  neighbours(word: string, min: number): { word: string; similarity: number }[] {
    return this.#row(this.#data.neighbours, word, min);
  }

  /** The words WordNet relates to `word` that its vectors agree with, commonest sense first. */
  related(word: string): { word: string; similarity: number }[] {
    return this.#row(this.#data.related, word, 0);
  }

  #row(table: WordTable, word: string, min: number): { word: string; similarity: number }[] {
    const rank = this.#rank.get(word);
    const { words, similarities, perWord } = table;
    if (rank === undefined || (rank + 1) * perWord > words.length) return [];
    const found: { word: string; similarity: number }[] = [];
    for (let at = rank * perWord; at < (rank + 1) * perWord; at++) {
      const other = words[at] as number;
      const similarity = (similarities[at] as number) / 255;
      if (other === 0xffff || similarity < min) break;
      found.push({ word: this.#data.words[other] as string, similarity });
    }
    return found;
  }
}
