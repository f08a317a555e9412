import type { Citation, Passage } from './types.js';

/**
 * Passages in columns: the form the index cache keeps them in. Text is UTF-8 bytes end to end,
 * spans and counts are typed arrays, and repeated strings (sections, citations) are stored once.
 * At 10,000 documents this is a few typed arrays instead of 80,000 objects holding 30 MB of
 * strings, so a restore has nothing to parse and the text stays off the JS heap.
 */
export interface PassageColumns {
  ids: string[];
  /** UTF-8 text of every passage; passage i is `text[textEnds[i - 1] ?? 0 … textEnds[i]]`. */
  text: Uint8Array;
  textEnds: Uint32Array;
  spans: Uint32Array;
  spanEnds: Uint32Array;
  words: Uint32Array;
  sections: string[];
  section: Uint32Array;
  citations: Citation[];
  sources: Uint32Array;
  sourceEnds: Uint32Array;
}

/** Lays passages out in columns. */
export function passageColumns(passages: readonly Passage[]): PassageColumns {
  if (passages.length > 0 && passages.every((passage) => passage instanceof StoredPassage)) {
    const stores = new Set(passages.map((passage) => (passage as StoredPassage).store));
    const [store] = stores;
    if (stores.size === 1 && store && store.columns.ids.length === passages.length) {
      return store.columns;
    }
  }
  const encoder = new TextEncoder();
  const texts = passages.map((passage) => encoder.encode(passage.text));
  const text = new Uint8Array(texts.reduce((sum, bytes) => sum + bytes.length, 0));
  const textEnds = new Uint32Array(passages.length);
  let at = 0;
  texts.forEach((bytes, i) => {
    text.set(bytes, at);
    at += bytes.length;
    textEnds[i] = at;
  });
  const spans = Uint32Array.from(passages.flatMap((passage) => Array.from(passage.spans)));
  const spanEnds = ends(passages.map((passage) => passage.spans.length));
  const sections = new Interned<string>((section) => section);
  const citations = new Interned<Citation>((citation) => JSON.stringify(citation));
  const sources = Uint32Array.from(
    passages.flatMap((passage) => passage.sources.map((source) => citations.id(source))),
  );
  return {
    ids: passages.map((passage) => passage.id),
    text,
    textEnds,
    spans,
    spanEnds,
    words: Uint32Array.from(passages, (passage) => passage.words),
    sections: sections.values,
    section: Uint32Array.from(passages, (passage) => sections.id(passage.section)),
    citations: citations.values,
    sources,
    sourceEnds: ends(passages.map((passage) => passage.sources.length)),
  };
}

/** The passages of a column store, read from the columns as they are used. */
export function storedPassages(columns: PassageColumns): Passage[] {
  const store = new PassageStore(columns);
  return columns.ids.map((id, ordinal) => new StoredPassage(store, ordinal, id));
}

/** Decoded texts kept per store: a question re-reads the few passages it ranks. */
const TEXT_SLOTS = 1_024;

class PassageStore {
  readonly #bytes: Buffer;
  readonly #texts = new Array<string | undefined>(TEXT_SLOTS);
  readonly #textOwners = new Int32Array(TEXT_SLOTS).fill(-1);

  constructor(readonly columns: PassageColumns) {
    const { text } = columns;
    this.#bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  }

  text(ordinal: number): string {
    const slot = ordinal % TEXT_SLOTS;
    if (this.#textOwners[slot] === ordinal) return this.#texts[slot] as string;
    const { textEnds } = this.columns;
    const text = this.#bytes.toString('utf8', textEnds[ordinal - 1] ?? 0, textEnds[ordinal]);
    this.#texts[slot] = text;
    this.#textOwners[slot] = ordinal;
    return text;
  }

  spans(ordinal: number): Uint32Array {
    const { spans, spanEnds } = this.columns;
    return spans.subarray(spanEnds[ordinal - 1] ?? 0, spanEnds[ordinal]);
  }

  sources(ordinal: number): Citation[] {
    const { sources, sourceEnds, citations } = this.columns;
    const list: Citation[] = [];
    for (let at = sourceEnds[ordinal - 1] ?? 0; at < (sourceEnds[ordinal] ?? 0); at++) {
      const citation = citations[sources[at] as number];
      if (citation) list.push(citation);
    }
    return list;
  }
}

/** A passage whose fields are read from the store on use. */
class StoredPassage implements Passage {
  constructor(
    readonly store: PassageStore,
    private readonly ordinal: number,
    readonly id: string,
  ) {}

  get text(): string {
    return this.store.text(this.ordinal);
  }

  get spans(): Uint32Array {
    return this.store.spans(this.ordinal);
  }

  get section(): string {
    return this.store.columns.sections[this.store.columns.section[this.ordinal] ?? 0] ?? '';
  }

  get sources(): Citation[] {
    return this.store.sources(this.ordinal);
  }

  get words(): number {
    return this.store.columns.words[this.ordinal] ?? 0;
  }

  /** The passage as plain data, as a built one would serialise. */
  toJSON(): Passage {
    return {
      id: this.id,
      text: this.text,
      spans: Array.from(this.spans),
      section: this.section,
      sources: this.sources,
      words: this.words,
    };
  }
}

/** Each distinct value once, in first-seen order, with its position. */
class Interned<T> {
  readonly values: T[] = [];
  readonly #ids = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  id(value: T): number {
    const key = this.keyOf(value);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids.set(key, id);
    }
    return id;
  }
}

/** Running totals: where each run of items ends. */
function ends(lengths: readonly number[]): Uint32Array {
  const result = new Uint32Array(lengths.length);
  let total = 0;
  lengths.forEach((length, i) => {
    total += length;
    result[i] = total;
  });
  return result;
}
