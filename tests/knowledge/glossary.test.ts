import { describe, expect, it } from 'vitest';
import { KnowledgeFileError } from '../../src/errors.js';
import { parseGlossary } from '../../src/knowledge/glossary.js';

describe('glossary.yml', () => {
  it('reads plain and one-way groups, in lower case', () => {
    const groups = parseGlossary(
      'glossary.yml',
      'groups:\n  - [Release, launch, go live]\n  - terms: [epic, backlog item]\n    one-way: true\n',
    );
    expect(groups).toEqual([
      { terms: ['release', 'launch', 'go live'], oneWay: false },
      { terms: ['epic', 'backlog item'], oneWay: true },
    ]);
  });

  it('names the file and the line of a malformed group', () => {
    const content = 'groups:\n  - [release, launch]\n  - [lonely]\n';
    expect(() => parseGlossary('glossary.yml', content)).toThrow(KnowledgeFileError);
    expect(() => parseGlossary('glossary.yml', content)).toThrow(
      /glossary\.yml:3: a group lists two or more terms/,
    );
    expect(() =>
      parseGlossary('glossary.yml', 'groups:\n  - terms: [a, b]\n    one-way: maybe\n'),
    ).toThrow(/glossary\.yml:2: "one-way" is true or false/);
  });

  it('the shipped glossary parses and has at least 150 groups', async () => {
    const { readFile } = await import('node:fs/promises');
    const groups = parseGlossary('glossary.yml', await readFile('knowledge/glossary.yml', 'utf8'));
    expect(groups.length).toBeGreaterThanOrEqual(150);
  });
});
