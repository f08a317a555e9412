// The ownership verdict's rule that a disagreement takes two sources: one article that gives a
// duty to two roles is ambiguous writing, not sources that disagree.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/answers/engine.js';
import { buildKnowledgeBase } from '../../src/knowledge/loader.js';

const article = (title: string, sections: Record<string, string>) => ({
  content: `---\ntitle: ${title}\n---\n\n${Object.entries(sections)
    .map(([heading, body]) => `## ${heading}\n\n${body}\n`)
    .join('\n')}`,
});

const PO_OWNS =
  'The product owner owns the product backlog and orders every item in it by the value it brings.';
const PM_OWNS =
  'The product manager owns the product backlog and orders every item in it by the value it brings.';
const FILLER =
  'Teams meet every morning to talk about progress, blockers and what they plan to do next.';

function verdictFor(documents: { file: string; content: string }[]) {
  return createEngine(buildKnowledgeBase({ documents })).ask('who owns the product backlog?').owner;
}

describe('the ownership verdict', () => {
  it('is contested when two sources give the duty to different roles', () => {
    const owner = verdictFor([
      { file: 'a.md', ...article('A', { Backlog: PO_OWNS, Meetings: FILLER }) },
      { file: 'b.md', ...article('B', { Backlog: PM_OWNS, Meetings: FILLER }) },
    ]);
    expect(owner.role).not.toBeNull();
    expect(owner.contested).toBe(true);
    expect(owner.contenders).toHaveLength(1);
  });

  it('is not contested when a single source gives the duty to two roles', () => {
    const owner = verdictFor([
      { file: 'a.md', ...article('A', { Backlog: PO_OWNS, 'Other view': PM_OWNS }) },
      { file: 'b.md', ...article('B', { Meetings: FILLER }) },
    ]);
    expect(owner.role).not.toBeNull();
    expect(owner.evidence.map((item) => item.role).sort()).toEqual([
      'product-manager',
      'product-owner',
    ]);
    expect(owner.contested).toBe(false);
    expect(owner.contenders).toEqual([]);
  });
});
