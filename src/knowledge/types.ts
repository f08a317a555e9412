/** Where a passage came from: enough to cite it to a person. */
export interface Citation {
  /** Knowledge file path relative to the knowledge folder, e.g. `industry-tap-po-vs-pm.md`. */
  file: string;
  title: string;
  /** Heading path inside the document, e.g. `Responsibilities › Roadmap`; empty at the top. */
  section: string;
  url?: string;
  publisher?: string;
}

/** Frontmatter of a knowledge document, validated. */
export interface DocumentMeta {
  title: string;
  publisher?: string;
  author?: string;
  url?: string;
  published?: string;
  licence?: string;
}

/** A run of text under one heading path, in document order, as the chunker consumes it. */
export type Block =
  | { kind: 'paragraph'; text: string; line: number; endLine: number; headings: string[] }
  | {
      kind: 'list';
      items: string[];
      ordered: boolean;
      line: number;
      headings: string[];
      /** The paragraph right before ends with ":" or touches the list: it introduces it. */
      introduced: boolean;
    };

export interface KnowledgeDocument {
  file: string;
  meta: DocumentMeta;
  blocks: Block[];
}

/**
 * A passage: whole sentences a person would accept as an answer on their own. `id` is stable
 * (`file#n`) as long as the file's text is unchanged. `sources[0]` is where it was first seen;
 * near-duplicates found in other files add their citation instead of a second passage.
 */
export interface Passage {
  id: string;
  text: string;
  /**
   * Where each sentence (or list item) of `text` starts and ends, as flat [start, end, start,
   * end, …] offsets: the sentences without storing the text twice (see `sentencesOf`).
   */
  spans: ArrayLike<number>;
  section: string;
  sources: Citation[];
  words: number;
}
