import { LRUCache } from 'lru-cache';
import type { Citation, Passage } from '../knowledge/types.js';
import { DeferredBytes } from './deferred-bytes.js';

/**
 * Passages in columns: the form the index cache keeps them in. Text is UTF-8 bytes end to end,
 * spans and counts are typed arrays, and repeated strings (sections, citations) are stored once.
 * At 10,000 documents this is a few typed arrays instead of 80,000 objects holding 30 MB of
 * strings, so a restore has nothing to parse and the text stays off the JS heap.
 */
export interface PassageColumns {
  /** Ids as `file#n`: each passage's file (an index into `files`) and n (-1: the id is the file). */
  ids: { files: string[]; file: Uint32Array; n: Int32Array };
  /**
   * UTF-8 text of every passage; passage i is bytes `textEnds[i - 1] ?? 0` to `textEnds[i]`.
   * Deferred: restored from the cache file, it is read from disk passage by passage.
   */
  text: DeferredBytes;
  textEnds: Uint32Array;
  spans: Uint32Array;
  spanEnds: Uint32Array;
  words: Uint32Array;
  sections: string[];
  section: Uint32Array;
  /** Each cited document once: a citation without its section. */
  documents: Omit<Citation, 'section'>[];
  /** Per source, a document and a section: [document, section, document, section, …]. */
  sources: Uint32Array;
  /** Where each passage's sources end, counted in sources (pairs). */
  sourceEnds: Uint32Array;
}

/** Lays passages out in columns. */
export function passageColumns(passages: readonly Passage[]): PassageColumns {
  if (passages.length > 0 && passages.every((passage) => passage instanceof StoredPassage)) {
    const stores = new Set(passages.map((passage) => (passage as StoredPassage).store));
    const [store] = stores;
    if (stores.size === 1 && store && store.count === passages.length) return store.columns;
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
  const files = new Interned<string>((file) => file);
  const idFile = new Uint32Array(passages.length);
  const idNumber = new Int32Array(passages.length);
  passages.forEach((passage, i) => {
    const match = ID.exec(passage.id);
    idFile[i] = files.id(match?.[1] ?? passage.id);
    idNumber[i] = match ? Number(match[2]) : -1;
  });
  const sections = new Interned<string>((section) => section);
  const documents = new Interned<Omit<Citation, 'section'>>((document) => JSON.stringify(document));
  const sources = Uint32Array.from(
    passages.flatMap((passage) =>
      passage.sources.flatMap(({ section, ...document }) => [
        documents.id(document),
        sections.id(section),
      ]),
    ),
  );
  return {
    ids: { files: files.values, file: idFile, n: idNumber },
    text: DeferredBytes.of(text),
    textEnds,
    spans: Uint32Array.from(passages.flatMap((passage) => Array.from(passage.spans))),
    spanEnds: ends(passages.map((passage) => passage.spans.length)),
    words: Uint32Array.from(passages, (passage) => passage.words),
    sections: sections.values,
    section: Uint32Array.from(passages, (passage) => sections.id(passage.section)),
    documents: documents.values,
    sources,
    sourceEnds: ends(passages.map((passage) => passage.sources.length)),
  };
}

/** `file#n`, the chunker's passage ids; n without leading zeros (so it prints back the same). */
const ID = /^(.*)#(0|[1-9]\d{0,8})$/;

/** The passages of a column store, read from the columns as they are used. */
export function storedPassages(columns: PassageColumns): Passage[] {
  const store = new PassageStore(columns);
  return Array.from({ length: store.count }, (_, ordinal) => new StoredPassage(store, ordinal));
}

/** Decoded texts (and citations) kept per store: a question re-reads the passages it ranks. */
const KEPT = 1_024;

class PassageStore {
  readonly #texts = new LRUCache<number, string>({ max: KEPT });
  // Citations likewise: every hit's title is read for the re-ranking.
  readonly #sources = new LRUCache<number, Citation[]>({ max: KEPT });

  constructor(readonly columns: PassageColumns) {}

  get count(): number {
    return this.columns.textEnds.length;
  }

  id(ordinal: number): string {
    const { files, file, n } = this.columns.ids;
    const name = files[file[ordinal] ?? 0] ?? '';
    const number = n[ordinal] ?? -1;
    return number < 0 ? name : `${name}#${number}`;
  }

  text(ordinal: number): string {
    let text = this.#texts.get(ordinal);
    if (text === undefined) {
      text = this.#readText(ordinal);
      this.#texts.set(ordinal, text);
    }
    return text;
  }

  spans(ordinal: number): Uint32Array {
    const { spans, spanEnds } = this.columns;
    return spans.subarray(spanEnds[ordinal - 1] ?? 0, spanEnds[ordinal]);
  }

  sources(ordinal: number): Citation[] {
    let sources = this.#sources.get(ordinal);
    if (sources === undefined) {
      sources = this.#readSources(ordinal);
      this.#sources.set(ordinal, sources);
    }
    return sources;
  }

  readonly #readText = (ordinal: number): string => {
    const { textEnds } = this.columns;
    const bytes = this.columns.text.read(textEnds[ordinal - 1] ?? 0, textEnds[ordinal] ?? 0);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  };

  readonly #readSources = (ordinal: number): Citation[] => {
    const { sources, sourceEnds, documents, sections } = this.columns;
    const list: Citation[] = [];
    for (let at = sourceEnds[ordinal - 1] ?? 0; at < (sourceEnds[ordinal] ?? 0); at++) {
      const document = documents[sources[2 * at] as number];
      const section = sections[sources[2 * at + 1] as number] ?? '';
      // In a citation's own key order, so a restored one prints as the built one did.
      if (document) list.push(citation(document, section));
    }
    return list;
  };
}

/** A passage whose fields are read from the store on use. */
class StoredPassage implements Passage {
  // Made on first use, then kept: ids are read often (cache keys), and are short.
  private madeId: string | undefined;

  constructor(
    readonly store: PassageStore,
    private readonly ordinal: number,
  ) {}

  get id(): string {
    this.madeId ??= this.store.id(this.ordinal);
    return this.madeId;
  }

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

function citation(document: Omit<Citation, 'section'>, section: string): Citation {
  const { file, title, url, publisher } = document;
  return {
    file,
    title,
    section,
    ...(url !== undefined ? { url } : {}),
    ...(publisher !== undefined ? { publisher } : {}),
  };
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
