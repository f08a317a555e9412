import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/knowledge/loader.js';

function article(title: string, body: string): string {
  return `---\ntitle: ${title}\n---\n\n${body}\n`;
}

const ORIGINAL =
  'The product owner’s main job is to “own” the backlog and keep it ordered by value. ' +
  'They meet the development team every day to answer questions about the work. ' +
  'They also accept or reject finished stories against the agreed criteria.';

// The same paragraph as another site quotes it: straight quotes, other case and punctuation.
const REQUOTED =
  'the Product Owner\'s main job is to "own" the backlog, and keep it ordered by value! ' +
  'They meet the Development Team every day to answer questions about the work. ' +
  'They also accept, or reject, finished stories against the agreed criteria.';

const OTHER_TOPIC =
  'A project manager tracks the schedule and the budget of the whole delivery. ' +
  'They meet the development team every day to answer questions about the work. ' +
  'They report risks to the steering group before each release is approved.';

describe('mergeNearDuplicates via buildKnowledgeBase', () => {
  it.each([
    { first: 'alpha.md', second: 'beta.md' },
    { first: 'beta.md', second: 'alpha.md' },
  ])('keeps a paragraph quoted in $first and $second once, citing both', ({ first, second }) => {
    const knowledge = buildKnowledgeBase({
      documents: [
        { file: first, content: article('First', ORIGINAL) },
        { file: second, content: article('Second', REQUOTED) },
      ],
    });
    const copies = knowledge.passages.filter((p) => /accept,? or reject/i.test(p.text));

    expect(copies).toHaveLength(1);
    expect(copies[0]?.text).toBe(ORIGINAL);
    expect(copies[0]?.sources.map((source) => source.file)).toEqual([first, second]);
    expect(copies[0]?.sources.map((source) => source.title)).toEqual(['First', 'Second']);
  });

  it('keeps a paragraph that shares only one sentence with another as its own passage', () => {
    const knowledge = buildKnowledgeBase({
      documents: [
        { file: 'alpha.md', content: article('First', ORIGINAL) },
        { file: 'beta.md', content: article('Second', OTHER_TOPIC) },
      ],
    });

    expect(knowledge.passages.map((p) => p.text)).toEqual([ORIGINAL, OTHER_TOPIC]);
    for (const passage of knowledge.passages) expect(passage.sources).toHaveLength(1);
  });

  it('does not merge two paragraphs of one file that differ after a shared opening', () => {
    const knowledge = buildKnowledgeBase({
      documents: [
        {
          file: 'alpha.md',
          content: article(
            'First',
            `## Product owner\n\n${ORIGINAL}\n\n## Project manager\n\n${OTHER_TOPIC}`,
          ),
        },
      ],
    });

    expect(knowledge.passages.map((p) => p.id)).toEqual(['alpha.md#1', 'alpha.md#2']);
  });
});
