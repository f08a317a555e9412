import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ChunkerOptions,
  chunkDocument,
  DEFAULT_CHUNKER_OPTIONS,
} from '../../src/knowledge/chunker.js';
import {
  type KnowledgeBase,
  loadKnowledge,
  readKnowledgeFiles,
} from '../../src/knowledge/loader.js';
import { parseKnowledgeDocument } from '../../src/knowledge/parse-document.js';
import { sentencesOf, splitSentences } from '../../src/knowledge/sentences.js';
import type { KnowledgeDocument, Passage } from '../../src/knowledge/types.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const { maxWords } = DEFAULT_CHUNKER_OPTIONS;

/** Words a reader sees: the "•" bullets are decoration, not words. */
function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0 && word !== '•');
}

/** A sentence of `count` distinct words, each tagged so it can be traced to its source. */
function sentence(tag: string, count: number): string {
  const words = Array.from({ length: count }, (_, i) => `${tag}${i}`);
  return `${capitalise(words.join(' '))}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function chunk(body: string, options: ChunkerOptions = DEFAULT_CHUNKER_OPTIONS): Passage[] {
  return chunkDocument(
    parseKnowledgeDocument('t.md', `---\ntitle: Test\n---\n\n${body}\n`),
    options,
  );
}

describe('chunkDocument on the real knowledge', () => {
  let knowledge: KnowledgeBase;
  /** The parsed documents (the knowledge base keeps only their file and metadata). */
  let parsed: KnowledgeDocument[];
  beforeAll(async () => {
    knowledge = await loadKnowledge(KNOWLEDGE_DIR);
    parsed = (await readKnowledgeFiles(KNOWLEDGE_DIR)).documents.map(({ file, content }) =>
      parseKnowledgeDocument(file, content),
    );
  });

  it('keeps every passage within the word limit', () => {
    const over = knowledge.passages.filter((p) => wordsOf(p.text).length > maxWords);
    expect(over.map((p) => p.id)).toEqual([]);
    for (const passage of knowledge.passages) expect(passage.words).toBeLessThanOrEqual(maxWords);
  });

  it('puts every sentence of every paragraph whole into exactly one passage', () => {
    const problems: string[] = [];
    for (const doc of parsed) {
      const passages = chunkDocument(doc);
      for (const block of doc.blocks) {
        if (block.kind !== 'paragraph') continue;
        for (const text of splitSentences(block.text)) {
          const holders = passages.filter((p) => p.text.includes(text)).map((p) => p.id);
          if (holders.length !== 1)
            problems.push(`${doc.file}:${block.line} in ${holders.length}: ${text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('numbers passages file#1, file#2, … per file, the same on every load', async () => {
    for (const doc of knowledge.documents) {
      const ids = knowledge.passages
        .filter((p) => p.sources[0]?.file === doc.file)
        .map((p) => p.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual(ids.map((_, i) => `${doc.file}#${i + 1}`));
    }
    const again = await loadKnowledge(KNOWLEDGE_DIR);
    expect(again.passages.map((p) => [p.id, p.text])).toEqual(
      knowledge.passages.map((p) => [p.id, p.text]),
    );
  });

  it('gathers the one-line "6 Key Competencies" sub-sections under their parent heading', () => {
    const passage = knowledge.passages.find((p) => p.text.includes('Clarity of vision'));

    expect(passage?.section).toBe('6 Key Competencies of a Product Manager');
    expect(passage?.text.split('\n')).toEqual([
      '• Clarity of vision: Set business objectives and measure outcomes.',
      '• Product Development: Being a responsive, empathetic and well-organised Product Owner',
      '• Data Analysis: Having attention to detail when collecting and interpreting data',
      '• User Knowledge: Having empathy and experience working with a user group.',
      '• Organisational Knowledge: Understanding of the needs, practices and objectives of the organisation',
      '• Domain Expertise: Knowledge of the sector they are working within',
    ]);
  });
});

describe('chunkDocument on synthetic documents', () => {
  const threeShort = [sentence('a', 8), sentence('b', 8), sentence('c', 8)].join('\n\n');
  const wall = Array.from({ length: 20 }, (_, i) => sentence(`s${i}w`, 15)).join(' ');
  const runOn = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');

  it.each([
    { name: 'three 8-word paragraphs', body: threeShort, atLeast: 1 },
    { name: 'a 300-word paragraph', body: wall, atLeast: 3 },
    { name: 'a 400-word sentence without punctuation', body: runOn, atLeast: 4 },
  ])('$name: nothing lost, nothing over the limit', ({ body, atLeast }) => {
    const result = chunk(body);

    expect(result.length).toBeGreaterThanOrEqual(atLeast);
    for (const passage of result)
      expect(wordsOf(passage.text).length).toBeLessThanOrEqual(maxWords);
    expect(result.flatMap((p) => wordsOf(p.text))).toEqual(wordsOf(body));
  });

  it('merges three 8-word paragraphs into one passage', () => {
    const [passage, ...rest] = chunk(threeShort);

    expect(rest).toEqual([]);
    expect(passage?.text).toBe([sentence('a', 8), sentence('b', 8), sentence('c', 8)].join(' '));
  });

  it('splits a 300-word paragraph at sentence boundaries', () => {
    const sentences = splitSentences(wall);
    const result = chunk(wall);

    expect(sentences).toHaveLength(20);
    expect(result.length).toBeGreaterThan(1);
    for (const passage of result) {
      expect(passage.words).toBeLessThanOrEqual(maxWords);
      // Each part is whole sentences: it starts at a sentence start and ends with a full stop.
      expect(sentences.some((s) => passage.text.startsWith(s))).toBe(true);
      expect(passage.text.endsWith('.')).toBe(true);
    }
    for (const s of sentences) expect(result.filter((p) => p.text.includes(s))).toHaveLength(1);
  });

  it('caps a 400-word sentence with no punctuation at the word limit, in order', () => {
    const result = chunk(runOn);

    expect(result.length).toBeGreaterThanOrEqual(4);
    for (const passage of result)
      expect(wordsOf(passage.text).length).toBeLessThanOrEqual(maxWords);
    expect(result.map((p) => p.text).join(' ')).toBe(runOn);
  });

  it.each([
    {
      name: 'a lead-in ending with ":" and a blank line before the list',
      body: `${sentence('x', 30)} The duties include:\n\n- first duty here\n- second duty here\n\n${sentence('y', 30)}`,
      leadIn: 'The duties include:',
    },
    {
      name: 'a lead-in touching the list',
      body: `${sentence('x', 30)} The owner also does these things\n- first duty here\n- second duty here\n\n${sentence('y', 30)}`,
      leadIn: 'The owner also does these things',
    },
    {
      name: 'plain-text "•" bullets pasted under their lead-in',
      body: `${sentence('x', 30)} The duties include:\n• first duty here\n• second duty here\n\n${sentence('y', 30)}`,
      leadIn: 'The duties include:',
    },
  ])('keeps a bullet list with its lead-in sentence: $name', ({ body, leadIn }) => {
    const result = chunk(body);
    const holder = result.find((p) => p.text.includes('• first duty here'));

    expect(holder?.text).toContain(`${leadIn}\n• first duty here\n• second duty here`);
    expect(result.filter((p) => p.text.includes(leadIn))).toHaveLength(1);
  });

  it('does not pull an unrelated paragraph into a list it does not introduce', () => {
    const body = `${sentence('x', 30)}\n\n## Duties\n\n- first duty here\n- second duty here`;
    const result = chunk(body);
    const list = result.find((p) => p.text.includes('• first duty here'));

    expect(list?.section).toBe('Duties');
    expect(list?.text).toBe('• first duty here\n• second duty here');
  });

  it('gathers one-line sibling ### sections under their parent as "Heading: line" items', () => {
    const body = [
      '## Parent topic',
      '### Alpha',
      'Alpha line one.',
      '### Beta',
      'Beta line two.',
      '### Gamma',
      'Gamma line three.',
    ].join('\n\n');
    const result = chunk(body);

    expect(result.map((p) => [p.section, p.text])).toEqual([
      [
        'Parent topic',
        '• Alpha: Alpha line one.\n• Beta: Beta line two.\n• Gamma: Gamma line three.',
      ],
    ]);
  });

  // Only one-line sub-sections are gathered under their parent: a 40-word sibling next to one
  // keeps its own heading path and stays prose.
  it('keeps a sub-section that stands on its own as prose under its own heading', () => {
    const alpha =
      'The alpha team plans every release with care and writes down each decision. ' +
      'They review the roadmap with stakeholders every single month. ' +
      'They also publish the notes for the whole company to read afterwards.';
    const body = ['## Parent', '### Alpha', alpha, '### Beta', 'Beta line two.'].join('\n\n');
    const result = chunk(body);
    const holder = result.find((p) => p.text.includes('The alpha team'));

    expect(holder?.section).toBe('Parent › Alpha');
    expect(holder?.text).toContain(alpha);
  });

  it.each([
    {
      body: `# Top\n\n## Middle\n\n### Low\n\n${sentence('w', 30)}`,
      section: 'Top › Middle › Low',
    },
    { body: `## Middle\n\n### Low\n\n${sentence('w', 30)}`, section: 'Middle › Low' },
    { body: `## Middle\n\n#### Deep\n\n${sentence('w', 30)}`, section: 'Middle › Deep' },
    { body: `# Test\n\n## Middle\n\n${sentence('w', 30)}`, section: 'Middle' },
    { body: sentence('w', 30), section: '' },
  ])('names the section by its heading path: $section', ({ body, section }) => {
    const result = chunk(body);

    expect(result.map((p) => p.section)).toEqual([section]);
    expect(result[0]?.sources[0]?.section).toBe(section);
  });
});

describe('chunkDocument on random documents', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  const sentenceArb = fc
    .array(word, { minLength: 1, maxLength: 40 })
    .map((words) => `${capitalise(words.join(' '))}.`);
  const paragraph = fc
    .array(sentenceArb, { minLength: 1, maxLength: 6 })
    .map((sentences) => ({ kind: 'paragraph' as const, text: sentences.join(' ') }));
  // One short line under a heading: the shape of sub-sections that get gathered under a parent.
  const shortParagraph = fc
    .array(word, { minLength: 1, maxLength: 8 })
    .map((words) => ({ kind: 'paragraph' as const, text: `${capitalise(words.join(' '))}.` }));
  // Heading words look nothing like sentence words, so they can be told apart in the output.
  const heading = fc
    .record({
      depth: fc.integer({ min: 1, max: 4 }),
      words: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ depth, words }) => ({
      kind: 'heading' as const,
      text: `${'#'.repeat(depth)} ${words.map((n) => `H${n}`).join(' ')}`,
    }));
  const list = fc
    .record({
      items: fc.array(fc.array(word, { minLength: 1, maxLength: 12 }), {
        minLength: 1,
        maxLength: 5,
      }),
      touching: fc.boolean(),
    })
    .map(({ items, touching }) => ({
      kind: 'list' as const,
      text: items.map((item) => `- ${item.join(' ')}`).join('\n'),
      touching,
    }));
  const documentArb = fc
    .tuple(
      paragraph,
      fc.array(fc.oneof(paragraph, shortParagraph, heading, heading, list), { maxLength: 25 }),
    )
    .map(([first, rest]) => [first, ...rest]);

  function render(blocks: DocBlock[]): string {
    let body = '';
    for (const block of blocks) {
      const touching = block.kind === 'list' && block.touching && body.length > 0;
      body += body.length === 0 ? block.text : `${touching ? '\n' : '\n\n'}${block.text}`;
    }
    return body;
  }

  type DocBlock =
    | { kind: 'paragraph'; text: string }
    | { kind: 'heading'; text: string }
    | { kind: 'list'; text: string; touching: boolean };

  const isHeadingWord = (token: string): boolean => /^H\d+:?$/.test(token);
  const inputWords = (blocks: DocBlock[]): string[] =>
    blocks.flatMap((block) =>
      block.kind === 'heading' ? [] : wordsOf(block.text.replace(/^- /gm, '')),
    );

  it.each([
    { name: 'default options', options: DEFAULT_CHUNKER_OPTIONS },
    { name: 'small passages', options: { minWords: 5, maxWords: 30, splitAbove: 20 } },
  ])('$name: no passage over maxWords, every word kept once and in order', ({ options }) => {
    fc.assert(
      fc.property(documentArb, (blocks) => {
        const passages = chunk(render(blocks), options);
        const output = passages.flatMap((p) => wordsOf(p.text).filter((t) => !isHeadingWord(t)));

        for (const passage of passages) {
          expect(wordsOf(passage.text).length).toBeLessThanOrEqual(options.maxWords);
        }
        expect(output).toEqual(inputWords(blocks));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sentencesOf', () => {
  it('gives back each sentence and list item of a passage as written, without the bullets', async () => {
    const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
    const list = knowledge.passages.find((p) =>
      p.text.startsWith('The main responsibilities of a product manager include:'),
    );
    expect(sentencesOf(list as Passage)).toEqual([
      'The main responsibilities of a product manager include:',
      'Defining and planning the product roadmap',
      'Working with stakeholders to ensure consensus on positioning and goals',
      'Defining features, design patterns, and processes needed to produce a successful product',
      'Investigating new technologies or market trends that may impact the design or functionality of the product',
      'Ensuring that customer feedback is included in all stages of development',
    ]);
    for (const passage of knowledge.passages) {
      const sentences = sentencesOf(passage);
      expect(sentences.length).toBeGreaterThan(0);
      // Together they are the whole text: only spaces, newlines and bullets lie between them.
      expect(passage.text.replace(/(^|\n)• |\n| /g, '')).toBe(sentences.join('').replace(/ /g, ''));
    }
  });
});
