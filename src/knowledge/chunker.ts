import { countWords, splitSentences } from './sentences.js';
import type { Block, Citation, KnowledgeDocument, Passage } from './types.js';

/** Passage size, in words: long enough to stand alone, short enough to be one idea. */
export interface ChunkerOptions {
  minWords: number;
  maxWords: number;
  /** A paragraph longer than this is split at sentence boundaries into balanced parts. */
  splitAbove: number;
}

export const DEFAULT_CHUNKER_OPTIONS: ChunkerOptions = {
  minWords: 25,
  maxWords: 120,
  splitAbove: 90,
};

export const SECTION_SEPARATOR = ' › ';

/** One quotable line of a passage: a sentence, or a list item (rendered with a bullet). */
interface Line {
  text: string;
  words: number;
  item: boolean;
}

/** Lines that must stay together (a paragraph, or a list with its lead-in sentence). */
type Paragraph = Line[];

interface Section {
  headings: string[];
  paragraphs: Paragraph[];
}

/**
 * Splits a document into passages a person would accept as an answer on their own: whole
 * sentences, one heading path each, about one idea (options.minWords..maxWords words). Short
 * paragraphs are merged with their neighbours, walls of text are split at sentence boundaries,
 * a list stays with the sentence that introduces it, and sibling sub-sections too small to stand
 * alone (a heading and one line) are gathered under their parent heading.
 */
export function chunkDocument(
  doc: KnowledgeDocument,
  options: ChunkerOptions = DEFAULT_CHUNKER_OPTIONS,
): Passage[] {
  const sections = gatherSmallSiblings(toSections(doc.blocks, options), options);
  const passages: Passage[] = [];
  for (const section of sections) {
    const sectionName = section.headings.join(SECTION_SEPARATOR);
    for (const lines of packParagraphs(section.paragraphs, options)) {
      const citation: Citation = {
        file: doc.file,
        title: doc.meta.title,
        section: sectionName,
        ...(doc.meta.url ? { url: doc.meta.url } : {}),
        ...(doc.meta.publisher ? { publisher: doc.meta.publisher } : {}),
      };
      const { text, spans } = renderLines(lines);
      passages.push({
        id: `${doc.file}#${passages.length + 1}`,
        text,
        spans,
        section: sectionName,
        sources: [citation],
        words: lines.reduce((sum, line) => sum + line.words, 0),
      });
    }
  }
  return passages;
}

function toSections(blocks: Block[], options: ChunkerOptions): Section[] {
  const sections: Section[] = [];
  for (const block of blocks) {
    let section = sections.at(-1);
    if (!section || !sameHeadings(section.headings, block.headings)) {
      section = { headings: block.headings, paragraphs: [] };
      sections.push(section);
    }
    if (block.kind === 'paragraph') {
      section.paragraphs.push(sentenceLines(block.text, options));
      continue;
    }
    const items = block.items.flatMap((item) => itemLines(item, options));
    const previous = section.paragraphs.at(-1);
    // A list belongs with the sentence that introduces it ("…include:"), so the lead-in moves
    // into the list's paragraph; what came before it in that paragraph stays where it was.
    const leadIn = previous?.at(-1);
    if (block.introduced && previous && leadIn && !leadIn.item) {
      previous.pop();
      if (previous.length === 0) section.paragraphs.pop();
      section.paragraphs.push([leadIn, ...items]);
    } else {
      section.paragraphs.push(items);
    }
  }
  return sections;
}

function sentenceLines(text: string, options: ChunkerOptions): Line[] {
  return splitSentences(text).flatMap((sentence) => capLine(sentence, false, options));
}

function itemLines(text: string, options: ChunkerOptions): Line[] {
  return capLine(text, true, options);
}

/**
 * A single sentence longer than the passage limit is cut at its last clause boundary that fits,
 * or at a word boundary: the limit holds for any input an organisation drops in.
 */
function capLine(text: string, item: boolean, options: ChunkerOptions): Line[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= options.maxWords) return [{ text, words: words.length, item }];
  const lines: Line[] = [];
  let rest = words;
  while (rest.length > options.maxWords) {
    let cut = options.maxWords;
    for (let i = options.maxWords; i > options.maxWords / 2; i--) {
      if (/[,;:]$/.test(rest[i - 1] ?? '')) {
        cut = i;
        break;
      }
    }
    lines.push({
      text: rest.slice(0, cut).join(' '),
      words: cut,
      item: item && lines.length === 0,
    });
    rest = rest.slice(cut);
  }
  lines.push({ text: rest.join(' '), words: rest.length, item: false });
  return lines;
}

/**
 * Sub-sections that are only a heading and a line (a list of competencies, say) are gathered
 * under their parent heading, each line led by its own heading, so the passage reads whole.
 */
function gatherSmallSiblings(sections: Section[], options: ChunkerOptions): Section[] {
  const result: Section[] = [];
  for (const section of sections) {
    const previous = result.at(-1);
    const parent = section.headings.slice(0, -1);
    const fits =
      previous !== undefined &&
      parent.length > 0 &&
      wordsIn(section) < options.minWords &&
      wordsIn(previous) + wordsIn(section) <= options.maxWords;
    if (
      previous &&
      fits &&
      wordsIn(previous) < options.minWords &&
      isChildOf(previous.headings, parent)
    ) {
      // The previous sibling and this one become a group under their parent heading.
      previous.paragraphs = [[...headedLines(previous), ...headedLines(section)]];
      previous.headings = parent;
      continue;
    }
    if (
      previous &&
      fits &&
      sameHeadings(previous.headings, parent) &&
      previous.paragraphs.length === 1
    ) {
      previous.paragraphs[0]?.push(...headedLines(section));
      continue;
    }
    result.push({ headings: section.headings, paragraphs: section.paragraphs.map((p) => [...p]) });
  }
  return result;
}

/** A small sub-section as list lines, each led by its heading: "Clarity of vision: Set …". */
function headedLines(section: Section): Line[] {
  const heading = section.headings.at(-1);
  const lines = section.paragraphs.flat();
  const [first, ...rest] = lines;
  if (!heading || !first) return lines.map((line) => ({ ...line, item: true }));
  const text = `${heading}: ${first.text}`;
  return [
    { text, words: countWords(text), item: true },
    ...rest.map((line) => ({ ...line, item: true })),
  ];
}

function isChildOf(headings: string[], parent: string[]): boolean {
  return headings.length === parent.length + 1 && sameHeadings(headings.slice(0, -1), parent);
}

/**
 * Packs paragraphs into passages: merges short neighbours until a passage can stand alone,
 * splits a paragraph that is too long into balanced parts at sentence boundaries.
 */
function packParagraphs(paragraphs: Paragraph[], options: ChunkerOptions): Line[][] {
  const pieces = paragraphs.flatMap((paragraph) => splitLong(paragraph, options));
  const passages: Line[][] = [];
  let current: Line[] = [];
  let currentWords = 0;
  for (const piece of pieces) {
    const words = sumWords(piece);
    if (
      current.length > 0 &&
      (currentWords >= options.minWords || currentWords + words > options.maxWords)
    ) {
      passages.push(current);
      current = [];
      currentWords = 0;
    }
    current.push(...piece);
    currentWords += words;
  }
  if (current.length > 0) {
    const last = passages.at(-1);
    // A short tail joins the passage before it when both fit: no orphan one-liners.
    if (
      last &&
      currentWords < options.minWords &&
      sumWords(last) + currentWords <= options.maxWords
    ) {
      last.push(...current);
    } else {
      passages.push(current);
    }
  }
  return passages;
}

function splitLong(paragraph: Paragraph, options: ChunkerOptions): Paragraph[] {
  const total = sumWords(paragraph);
  if (total <= options.splitAbove || paragraph.length < 2) return [paragraph];
  const parts = Math.ceil(total / options.splitAbove);
  const target = total / parts;
  const result: Paragraph[] = [];
  let current: Line[] = [];
  let words = 0;
  for (const line of paragraph) {
    // Close the part at the sentence boundary nearest the balanced target, never over the limit.
    const closeBefore =
      current.length > 0 &&
      (words + line.words > options.maxWords ||
        (result.length < parts - 1 &&
          Math.abs(words - target) < Math.abs(words + line.words - target)));
    if (closeBefore) {
      result.push(current);
      current = [];
      words = 0;
    }
    current.push(line);
    words += line.words;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function renderLines(lines: Line[]): { text: string; spans: number[] } {
  let text = '';
  const spans: number[] = [];
  let previousWasItem = false;
  for (const line of lines) {
    if (text) text += line.item || previousWasItem ? '\n' : ' ';
    if (line.item) text += '• ';
    spans.push(text.length, text.length + line.text.length);
    text += line.text;
    previousWasItem = line.item;
  }
  return { text, spans };
}

function wordsIn(section: Section): number {
  return section.paragraphs.reduce((sum, paragraph) => sum + sumWords(paragraph), 0);
}

function sumWords(lines: Line[]): number {
  return lines.reduce((sum, line) => sum + line.words, 0);
}

function sameHeadings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((heading, i) => heading === b[i]);
}
