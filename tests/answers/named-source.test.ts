import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { createEngine } from '../../src/answers/engine.js';
import { namedSource } from '../../src/answers/named-source.js';
import { englishLexicon } from '../../src/knowledge/english.js';
import { buildKnowledgeBase, loadKnowledge } from '../../src/knowledge/loader.js';

/** Two sources that say the same about release planning, only one of them with a publisher. */
const twoSourcesKnowledge = () =>
  buildKnowledgeBase({
    documents: [
      {
        file: 'guide.md',
        content:
          '---\ntitle: A guide\n---\n\n## Releases\n\nThe product manager plans every release and its timing with the team.\n',
      },
      {
        file: 'weekly.md',
        content:
          '---\ntitle: Notes on releases\npublisher: Harbour Weekly (Northwind Press)\n---\n\n## Releases\n\nThe product owner plans each release with the team.\n',
      },
    ],
  });

const twoSources = () => createEngine(twoSourcesKnowledge());

describe('a question that names a source', () => {
  it("answers from the named publisher's passages, which never repeat its name", () => {
    const engine = twoSources();
    expect(engine.ask('who plans the releases?').passages[0]?.source.file).toBe('guide.md');
    for (const question of [
      'per Harbour Weekly, who plans the releases?',
      'what does northwind press say about who plans releases?',
    ]) {
      const answer = engine.ask(question);
      expect(answer.answered).toBe(true);
      expect(answer.passages[0]?.source.file).toBe('weekly.md');
      expect(answer.passages[0]?.sentence).toContain('product owner plans each release');
    }
  });

  it('reads a name only when typed whole, in any case or spacing', () => {
    const { passages, vocabulary } = twoSourcesKnowledge();
    const analyzer = new Analyzer(vocabulary, englishLexicon());
    const publisher = 'Harbour Weekly (Northwind Press)';
    expect([
      ...namedSource('per HARBOUR  weekly, who plans?', passages, analyzer).publishers,
    ]).toEqual([publisher]);
    expect([
      ...namedSource('what does Northwind Press say?', passages, analyzer).publishers,
    ]).toEqual([publisher]);
    // Its words alone are not the name.
    expect(namedSource('who plans the weekly releases?', passages, analyzer).publishers.size).toBe(
      0,
    );
    expect(namedSource('who presses for a release?', passages, analyzer).publishers.size).toBe(0);
  });

  it('finds the seed article a question names by its publisher', async () => {
    const engine = createEngine(await loadKnowledge('knowledge'));
    const answer = engine.ask(
      'per tech for better, what is the product manager supposed to keep hold of',
    );
    expect(answer.passages[0]?.source.file).toBe('tech-for-better-product-management.md');
    expect(answer.passages[0]?.sentence).toContain('holding the vision of the Product');
  });
});
