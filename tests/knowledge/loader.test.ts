import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeFileError, RolebotError } from '../../src/errors.js';
import { statKnowledgeFiles } from '../../src/index-cache/cache-key.js';
import {
  buildKnowledgeBase,
  loadKnowledge,
  readKnowledgeFiles,
} from '../../src/knowledge/loader.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

const REAL_DOCUMENTS = [
  'industry-tap-po-vs-pm.md',
  'po-vs-pm-skills-and-responsibilities.md',
  'tech-for-better-product-management.md',
  'what-is-a-product-manager.md',
  'what-is-product-management.md',
];

const GOOD = `---
title: Good article
---

The product owner orders the backlog so the team always knows what to build next.
`;

const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh knowledge folder holding exactly these files (paths may include subfolders). */
async function knowledgeDir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rolebot-knowledge-'));
  tempDirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return dir;
}

/** The error loading `dir` rejects with; fails the test when it loads. */
async function loadError(dir: string): Promise<RolebotError> {
  try {
    await loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(RolebotError);
    return error as RolebotError;
  }
  throw new Error(`expected loading ${dir} to fail, but it loaded`);
}

async function fileError(files: Record<string, string | Buffer>): Promise<KnowledgeFileError> {
  const error = await loadError(await knowledgeDir(files));
  expect(error).toBeInstanceOf(KnowledgeFileError);
  return error as KnowledgeFileError;
}

describe('loadKnowledge on the real knowledge folder', () => {
  it('indexes the five articles and nothing from README.md', async () => {
    const knowledge = await loadKnowledge(KNOWLEDGE_DIR);

    expect(knowledge.documents.map((doc) => doc.file)).toEqual(REAL_DOCUMENTS);
    expect(knowledge.passages.length).toBeGreaterThan(0);
    expect(knowledge.passages.filter((p) => p.id.toLowerCase().startsWith('readme'))).toEqual([]);
    expect(knowledge.passages.filter((p) => p.text.includes('the loader skips'))).toEqual([]);
    expect(knowledge.vocabulary.synonyms.length).toBeGreaterThan(0);
  });
});

describe('loadKnowledge errors name the file and the line', () => {
  it.each([
    {
      name: 'unclosed frontmatter',
      content: '---\ntitle: Never closed\n\nSome body text here.\n',
      line: 1,
      problem: /never closed/,
    },
    {
      name: 'a non-text title',
      content: '---\npublisher: Someone\ntitle: [1, 2]\n---\n\nSome body text here.\n',
      line: 3,
      problem: /"title" must be text/,
    },
    { name: 'an empty file', content: '', line: 1, problem: /empty/ },
    { name: 'a whitespace-only file', content: '  \n\n\t\n   \n', line: 1, problem: /empty/ },
    {
      name: 'frontmatter with no body',
      content: '---\ntitle: Only a title\n---\n',
      line: 4,
      problem: /no prose/,
    },
    {
      name: 'frontmatter followed by headings only',
      content: '---\ntitle: Only headings\n---\n\n## A heading\n\n### Another\n',
      line: 4,
      problem: /no prose/,
    },
  ])('$name', async ({ content, line, problem }) => {
    const error = await fileError({ 'a-good.md': GOOD, 'broken.md': content });

    expect(error.file).toBe('broken.md');
    expect(error.line).toBe(line);
    expect(error.code).toBe('knowledge_malformed');
    expect(error.message).toMatch(new RegExp(`^knowledge: broken\\.md:${line}: `));
    expect(error.message).toMatch(problem);
  });

  // The README's own example of a title that needs quoting; the mistake is on line 4.
  it('points at the frontmatter line holding invalid YAML', async () => {
    const content =
      '---\npublisher: Industry Tap\nauthor: Someone\ntitle: PO vs PM: who does what\n---\n\nSome body text here.\n';
    const error = await fileError({ 'colon.md': content });

    expect(error.file).toBe('colon.md');
    expect(error.message).toMatch(/bad frontmatter/);
    expect(error.line).toBe(4);
  });

  it.each([
    ['an unclosed quote', '---\ntitle: "open\n---\nbody\n', 2, /Missing closing "quote/],
    [
      'a value holding a colon',
      '---\ntitle: Fine\npublisher: a: b\n---\n\nbody text\n',
      3,
      /Nested mappings/,
    ],
  ])(
    'reports %s in frontmatter as that file, at the line of the mistake',
    async (_, content, line, problem) => {
      const error = await fileError({ 'oops.md': content });

      expect(error.file).toBe('oops.md');
      expect(error.line).toBe(line);
      expect(error.message).toMatch(new RegExp(`^knowledge: oops\\.md:${line}: bad frontmatter: `));
      expect(error.message).toMatch(problem);
    },
  );

  it.each([3, 5])('names line %i of a file with invalid UTF-8 bytes there', async (badLine) => {
    const lines = ['# A title', '', 'The product owner orders the backlog.', '', 'More text.'].map(
      (text) => Buffer.from(`${text}\n`, 'utf8'),
    );
    lines[badLine - 1] = Buffer.concat([
      Buffer.from('Broken ', 'utf8'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' bytes.\n', 'utf8'),
    ]);
    const error = await fileError({ 'latin1.md': Buffer.concat(lines), 'z-good.md': GOOD });

    expect(error.file).toBe('latin1.md');
    expect(error.line).toBe(badLine);
    expect(error.message).toMatch(/UTF-8/);
  });

  it('a missing folder is knowledge_unreadable', async () => {
    const parent = await knowledgeDir({});
    const error = await loadError(path.join(parent, 'does-not-exist'));

    expect(error).not.toBeInstanceOf(KnowledgeFileError);
    expect(error.code).toBe('knowledge_unreadable');
    expect(error.message).toContain('does-not-exist');
  });

  it('a folder with no Markdown article (only a README) is knowledge_empty', async () => {
    const dir = await knowledgeDir({
      'README.md': '# Guide\n\nHow to add articles.\n',
      'notes.txt': 'The product owner orders the backlog.\n',
      'synonyms.yml': 'synonyms:\n  product owner: [po]\n',
    });
    const error = await loadError(dir);

    expect(error.code).toBe('knowledge_empty');
  });

  it('a synonyms.yml that does not list words names synonyms.yml and the line', async () => {
    const error = await fileError({
      'a-good.md': GOOD,
      'synonyms.yml': '# our jargon\n\nsynonyms:\n  product owner: po\n',
    });

    expect(error.file).toBe('synonyms.yml');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^knowledge: synonyms\.yml:4: /);
  });

  it('a synonyms.yml that is not valid YAML names synonyms.yml and a line', async () => {
    const error = await fileError({
      'a-good.md': GOOD,
      'synonyms.yml':
        '# our jargon\nsynonyms:\n  product owner: [po]\n  project manager: proj mgr: pm\n',
    });

    expect(error.file).toBe('synonyms.yml');
    expect(error.message).toMatch(/^knowledge: synonyms\.yml:\d+: /);
    expect(error.line).toBeGreaterThanOrEqual(1);
  });

  it('points at the synonyms.yml line holding invalid YAML', async () => {
    const error = await fileError({
      'a-good.md': GOOD,
      'synonyms.yml':
        '# our jargon\nsynonyms:\n  product owner: [po]\n  project manager: proj mgr: pm\n',
    });

    expect(error.file).toBe('synonyms.yml');
    expect(error.line).toBe(4);
  });

  it('one bad file among good ones rejects the whole load', async () => {
    const files = {
      'a-first.md': GOOD,
      'm-broken.md': '---\ntitle: Broken\n',
      'z-last.md': GOOD.replace('Good article', 'Last article'),
    };
    const dir = await knowledgeDir(files);

    // Reading succeeds (the bytes are fine); building refuses, so nothing half-built is served.
    const read = await readKnowledgeFiles(dir);
    expect(read.documents.map((doc) => doc.file)).toEqual(Object.keys(files));
    expect(() => buildKnowledgeBase(read)).toThrow(KnowledgeFileError);

    const error = await loadError(dir);
    expect(error).toBeInstanceOf(KnowledgeFileError);
    expect((error as KnowledgeFileError).file).toBe('m-broken.md');
  });
});

describe('loadKnowledge on dropped-in files', () => {
  it('titles a file without frontmatter by its first heading', async () => {
    const dir = await knowledgeDir({
      'charter.md':
        '# Our Team Charter\n\nThe product owner orders the backlog and answers questions from the team.\n',
    });
    const knowledge = await loadKnowledge(dir);

    expect(knowledge.documents[0]?.meta.title).toBe('Our Team Charter');
    expect(knowledge.passages[0]?.sources[0]?.title).toBe('Our Team Charter');
    // The H1 is the title: it is not repeated as the passage's section.
    expect(knowledge.passages[0]?.section).toBe('');
  });

  // A shell comment in a fenced code block starts with "#" too, but is no heading.
  it('does not take a "#" line inside a code block for the title', async () => {
    const dir = await knowledgeDir({
      'setup.md':
        'Install it like this:\n\n```bash\n# install the tool\nnpm i\n```\n\n# Setup Guide\n\n' +
        'The project manager tracks the delivery dates and reports risks early.\n',
    });
    const knowledge = await loadKnowledge(dir);

    expect(knowledge.documents[0]?.meta.title).toBe('Setup Guide');
  });

  it('picks up articles in subfolders with sub/file.md ids, skipping nested READMEs', async () => {
    const dir = await knowledgeDir({
      'top.md': GOOD,
      'sub/nested.md':
        '---\ntitle: Nested\n---\n\nThe project manager tracks delivery dates and reports risks early.\n',
      'sub/README.md': '# Sub guide\n\nThis folder holds team articles.\n',
    });
    const knowledge = await loadKnowledge(dir);

    expect(knowledge.documents.map((doc) => doc.file)).toEqual(['sub/nested.md', 'top.md']);
    const nested = knowledge.passages.filter((p) => p.id.startsWith('sub/'));
    expect(nested.map((p) => p.id)).toEqual(['sub/nested.md#1']);
    expect(nested[0]?.sources[0]?.file).toBe('sub/nested.md');
    expect(knowledge.passages.some((p) => p.text.includes('team articles'))).toBe(false);
  });

  it('follows a symbolic link to a folder of articles, and stats what it reads', async () => {
    const shared = await knowledgeDir({
      'linked.md':
        '---\ntitle: Linked\n---\n\nThe product manager owns the roadmap and shares it widely.\n',
    });
    const dir = await knowledgeDir({ 'top.md': GOOD });
    await symlink(shared, path.join(dir, 'team'), 'dir');
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.documents.map((doc) => doc.file)).toEqual(['team/linked.md', 'top.md']);
    // The index cache is keyed on the same files.
    const stats = await statKnowledgeFiles(dir);
    expect(stats.map((stat) => stat.file)).toEqual(['team/linked.md', 'top.md']);
    expect(stats.every((stat) => stat.size > 0 && stat.mtimeMs > 0)).toBe(true);
  });
});
