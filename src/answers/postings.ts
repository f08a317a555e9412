/**
 * MiniSearch's inverted index, frozen into typed arrays for serving. MiniSearch builds the index
 * (tokens, term frequencies, field lengths); its search runs over nested Maps, which at 80,000
 * passages hold 2.5 million postings as a few hundred megabytes of heap and take seconds to load
 * from a cache. Frozen, the same postings are a few megabytes of typed arrays, read in place from
 * the index cache's file (src/index-cache/cache-file.ts), and a search walks them in a tight loop.
 *
 * The search is MiniSearch's, term for term (`combineWith: 'OR'`): exact, prefix and fuzzy
 * expansions with its weights, per-field BM25+ with its parameters and boosts, and the final
 * score multiplied by how many query terms matched. tests/answers/postings.test.ts checks scores
 * and order against MiniSearch itself. Prefix and fuzzy expansion run on MiniSearch's own
 * SearchableMap, over the vocabulary rather than the postings.
 */
import type MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/** How a passage term was reached from a query term. */
export type MatchKind = 'exact' | 'prefix' | 'fuzzy';

/** One query term that found one passage term, and how. */
export interface TermMatch {
  query: string;
  term: string;
  kind: MatchKind;
}

/** One passage found, by its position in the knowledge. */
export interface PostingHit {
  ordinal: number;
  score: number;
  /** The passage terms that matched (query terms, or their prefix and typo expansions). */
  terms: string[];
  /** The query terms that matched, themselves or through an expansion. */
  queryTerms: string[];
  /** Every (query term, passage term) pair that scored, as the search expanded it. */
  matches: TermMatch[];
}

/** A query term's expansion: a term id, its weight, and how it was reached. */
type Expansion = [termId: number, weight: number, kind: MatchKind];

/** The frozen index for the cache: its typed arrays as they are. */
export interface PostingsSnapshot {
  count: number;
  fields: Field[];
}

interface Field {
  name: string;
  averageLength: number;
  /** Per term id, where its postings start in `ordinals` (one more entry than terms). */
  offsets: Uint32Array;
  /** Passage ordinals, ascending within each term. */
  ordinals: Uint32Array;
  /** How often the term occurs in the field of that passage (capped at 65,535). */
  frequencies: Uint16Array;
  /** Per passage, the field's length as MiniSearch counts it, distinct terms (capped likewise). */
  lengths: Uint16Array;
}

/** MiniSearch's defaults, which rolebot's options don't override. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
/** A query term per bit of the match mask; a question has far fewer distinct terms. */
const MAX_QUERY_TERMS = 32;

export class Postings {
  readonly #fields: Field[];
  readonly #count: number;
  readonly #terms: readonly string[];
  readonly #vocabulary: SearchableMap<number>;
  // Scratch space for one search at a time (searches are synchronous): reset after each.
  readonly #scratch: Scratch;

  private constructor(fields: Field[], count: number, terms: readonly string[]) {
    this.#fields = fields;
    this.#count = count;
    this.#terms = terms;
    this.#vocabulary = new SearchableMap<number>();
    terms.forEach((term, id) => {
      this.#vocabulary.set(term, id);
    });
    this.#scratch = {
      scores: new Float64Array(count),
      masks: new Uint32Array(count),
      touched: new Uint32Array(count),
    };
  }

  /**
   * Freezes a built MiniSearch. `terms` gives each term its id (every term MiniSearch indexed must
   * be there); `ordinalOf` maps a MiniSearch document id to the passage's position.
   */
  static freeze(
    mini: MiniSearch,
    fieldNames: readonly string[],
    terms: readonly string[],
    ordinalOf: (id: string) => number,
  ): Postings {
    const json = mini.toJSON();
    const count = json.documentCount;
    const termId = new Map(terms.map((term, id) => [term, id]));
    const ordinals = new Map<string, number>();
    for (const [shortId, id] of Object.entries(json.documentIds)) {
      ordinals.set(shortId, ordinalOf(String(id)));
    }
    const fields = fieldNames.map((name): Field => {
      const fieldId = json.fieldIds[name];
      if (fieldId === undefined) throw new Error(`MiniSearch has no field ${name}`);
      // Postings per term id, then laid end to end.
      const perTerm: [number, number][][] = terms.map(() => []);
      let total = 0;
      for (const [term, data] of json.index) {
        const id = termId.get(term);
        if (id === undefined) throw new Error(`term "${term}" is indexed but has no id`);
        const frequencies = data[fieldId];
        if (!frequencies) continue;
        const list = perTerm[id] as [number, number][];
        for (const [shortId, frequency] of Object.entries(frequencies)) {
          list.push([ordinals.get(shortId) ?? -1, frequency]);
        }
        total += list.length;
      }
      const offsets = new Uint32Array(terms.length + 1);
      const ordinalArray = new Uint32Array(total);
      // One array type for every field, so the search loop sees a single shape; typed arrays
      // store modulo 2^16, hence the cap.
      const frequencyArray = new Uint16Array(total);
      let at = 0;
      perTerm.forEach((list, id) => {
        offsets[id] = at;
        list.sort((a, b) => a[0] - b[0]);
        for (const [ordinal, frequency] of list) {
          ordinalArray[at] = ordinal;
          frequencyArray[at] = Math.min(frequency, 0xffff);
          at++;
        }
      });
      offsets[terms.length] = at;
      const lengthList = new Array<number>(count).fill(0);
      for (const [shortId, lengths] of Object.entries(json.fieldLength)) {
        const length = lengths[fieldId] ?? 0;
        lengthList[ordinals.get(shortId) ?? 0] = length;
      }
      const lengths = Uint16Array.from(lengthList, (length) => Math.min(length, 0xffff));
      return {
        name,
        averageLength: json.averageFieldLength[fieldId] ?? 0,
        offsets,
        ordinals: ordinalArray,
        frequencies: frequencyArray,
        lengths,
      };
    });
    return new Postings(fields, count, terms);
  }

  static restore(snapshot: PostingsSnapshot, terms: readonly string[]): Postings {
    return new Postings(snapshot.fields, snapshot.count, terms);
  }

  snapshot(): PostingsSnapshot {
    return { count: this.#count, fields: this.#fields };
  }

  /** Whether any field of the passage holds the term: a binary search in its postings. */
  has(ordinal: number, termId: number): boolean {
    for (const field of this.#fields) {
      let low = field.offsets[termId] ?? 0;
      let high = (field.offsets[termId + 1] ?? 0) - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const found = field.ordinals[middle] as number;
        if (found === ordinal) return true;
        if (found < ordinal) low = middle + 1;
        else high = middle - 1;
      }
    }
    return false;
  }

  /**
   * The best `depth` passages for the query terms, best first, scored as MiniSearch's
   * `search(terms.join(' '), options)` would score them.
   */
  search(
    queryTerms: readonly string[],
    options: SearchOptions,
    depth: number,
    weights?: ReadonlyMap<string, number>,
  ): PostingHit[] {
    const asked = [...new Set(queryTerms)].filter(Boolean).slice(0, MAX_QUERY_TERMS);
    const expansions = asked.map((term) => this.#expand(term, options));
    const scratch = this.#scratch;
    let touchedCount = 0;
    expansions.forEach((derived, queryIndex) => {
      const queryWeight = weights?.get(asked[queryIndex] as string) ?? 1;
      for (const [termId, expansionWeight] of derived) {
        const weight = queryWeight * expansionWeight;
        for (const field of this.#fields) {
          const start = field.offsets[termId] ?? 0;
          const end = field.offsets[termId + 1] ?? 0;
          if (end === start) continue;
          const matching = end - start;
          const idf = Math.log(1 + (this.#count - matching + 0.5) / (matching + 0.5));
          const factor = weight * boostOf(options, field.name) * idf;
          touchedCount = accumulate(
            field,
            start,
            end,
            factor,
            1 << queryIndex,
            scratch,
            touchedCount,
          );
        }
      }
    });
    const { best, finals } = selectBest(scratch, touchedCount, depth);
    const { masks } = scratch;
    const hits = best.map((ordinal, i): PostingHit => {
      const mask = masks[ordinal] as number;
      const terms: string[] = [];
      const matchedQueries: string[] = [];
      const matches: TermMatch[] = [];
      asked.forEach((query, queryIndex) => {
        if ((mask & (1 << queryIndex)) === 0) return;
        matchedQueries.push(query);
        for (const [termId, , kind] of expansions[queryIndex] ?? []) {
          if (!this.has(ordinal, termId)) continue;
          const term = this.#terms[termId] as string;
          matches.push({ query, term, kind });
          if (!terms.includes(term)) terms.push(term);
        }
      });
      return { ordinal, score: finals[i] as number, terms, queryTerms: matchedQueries, matches };
    });
    for (let i = 0; i < touchedCount; i++) {
      const ordinal = scratch.touched[i] as number;
      scratch.scores[ordinal] = 0;
      masks[ordinal] = 0;
    }
    return hits;
  }

  /** The indexed terms that begin with `prefix`. */
  termsWithPrefix(prefix: string): string[] {
    return [...this.#vocabulary.atPrefix(prefix).keys()];
  }

  /**
   * The terms a query term is searched as, with their weights: itself, then (when the options ask
   * for it) longer terms it prefixes, then terms within the typo distance, as MiniSearch's
   * executeQuerySpec does.
   */
  #expand(term: string, options: SearchOptions): Expansion[] {
    const derived: Expansion[] = [];
    const exact = this.#vocabulary.get(term);
    if (exact !== undefined) derived.push([exact, 1, 'exact']);
    const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const prefix = typeof options.prefix === 'function' ? options.prefix(term, 0, []) : false;
    const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, 0, []) : false;
    const taken = new Set<string>();
    if (prefix) {
      for (const [found, id] of this.#vocabulary.atPrefix(term)) {
        const distance = found.length - term.length;
        if (!distance) continue;
        taken.add(found);
        derived.push([
          id,
          (weights.prefix * found.length) / (found.length + 0.3 * distance),
          'prefix',
        ]);
      }
    }
    if (fuzzy) {
      const maxFuzzy = options.maxFuzzy ?? 6;
      const fraction = fuzzy === true ? 0.2 : fuzzy;
      const maxDistance =
        fraction < 1 ? Math.min(maxFuzzy, Math.round(term.length * fraction)) : fraction;
      if (maxDistance) {
        for (const [found, [id, distance]] of this.#vocabulary.fuzzyGet(term, maxDistance)) {
          if (!distance || taken.has(found)) continue;
          derived.push([id, (weights.fuzzy * found.length) / (found.length + distance), 'fuzzy']);
        }
      }
    }
    return derived;
  }
}

/** Per passage: its score so far, which query terms it matched (bits), and which were touched. */
interface Scratch {
  scores: Float64Array;
  masks: Uint32Array;
  touched: Uint32Array;
}

/**
 * Adds one term's BM25+ in one field to every passage in its postings: the hot loop. It is a small
 * function of its own so V8 optimises it within a few calls, and again quickly after a collection
 * has thrown its optimised code away (measured: a first search after a full GC took 15-25 ms
 * while this loop sat in the body of `search`, against ~2 ms warm).
 */
function accumulate(
  field: Field,
  start: number,
  end: number,
  factor: number,
  bit: number,
  scratch: Scratch,
  touchedCount: number,
): number {
  const { ordinals, frequencies, lengths } = field;
  const { scores, masks, touched } = scratch;
  const lengthNorm = (BM25.k * BM25.b) / field.averageLength;
  const base = BM25.k * (1 - BM25.b);
  let count = touchedCount;
  for (let at = start; at < end; at++) {
    const ordinal = ordinals[at] as number;
    const frequency = frequencies[at] as number;
    const bm25 =
      BM25.d +
      (frequency * (BM25.k + 1)) / (frequency + base + lengthNorm * (lengths[ordinal] as number));
    if (masks[ordinal] === 0) touched[count++] = ordinal;
    scores[ordinal] = (scores[ordinal] as number) + factor * bm25;
    masks[ordinal] = (masks[ordinal] as number) | bit;
  }
  return count;
}

/**
 * The best `depth` touched passages by final score (the sum times the number of query terms
 * matched, as MiniSearch ranks), kept sorted while the rest stream by: best first, ties by
 * position, so results never depend on iteration order.
 */
function selectBest(
  scratch: Scratch,
  touchedCount: number,
  depth: number,
): { best: number[]; finals: number[] } {
  const { scores, masks, touched } = scratch;
  const best: number[] = [];
  const finals: number[] = [];
  for (let i = 0; i < touchedCount; i++) {
    const ordinal = touched[i] as number;
    const final = (scores[ordinal] as number) * popcount(masks[ordinal] as number);
    const last = best.length - 1;
    if (
      best.length >= depth &&
      !beats(final, ordinal, finals[last] as number, best[last] as number)
    ) {
      continue;
    }
    let at = best.length;
    while (at > 0 && beats(final, ordinal, finals[at - 1] as number, best[at - 1] as number)) at--;
    best.splice(at, 0, ordinal);
    finals.splice(at, 0, final);
    if (best.length > depth) {
      best.pop();
      finals.pop();
    }
  }
  return { best, finals };
}

function boostOf(options: SearchOptions, field: string): number {
  return options.boost?.[field] || 1;
}

/** Higher score first; equal scores by position. */
function beats(score: number, ordinal: number, otherScore: number, otherOrdinal: number): boolean {
  return score > otherScore || (score === otherScore && ordinal < otherOrdinal);
}

function popcount(mask: number): number {
  let bits = mask - ((mask >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
