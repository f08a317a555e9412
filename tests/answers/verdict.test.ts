// The ownership verdict's rule that a disagreement takes two sources: one article that gives a
// duty to two roles is ambiguous writing, not sources that disagree.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/answers/engine.js';
import { buildKnowledgeBase, loadKnowledge } from '../../src/knowledge/loader.js';

const article = (title: string, sections: Record<string, string>) => ({
  content: `---\ntitle: ${title}\n---\n\n${Object.entries(sections)
    .map(([heading, body]) => `## ${heading}\n\n${body}\n`)
    .join('\n')}`,
});

const PO_OWNS =
  'The product owner owns the product backlog and orders every item in it by the value it brings.';
const PM_OWNS =
  'The product manager owns the product backlog and orders every item in it by the value it brings.';
const BOTH_OWN =
  'The product owner and the product manager both own the product backlog and order every item in it.';
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

  it('is not contested when one source gives the duty to both roles and another to one', () => {
    const owner = verdictFor([
      { file: 'a.md', ...article('A', { Backlog: PO_OWNS, Meetings: FILLER }) },
      { file: 'b.md', ...article('B', { Backlog: BOTH_OWN, Meetings: FILLER }) },
    ]);
    expect(owner.evidence.map((item) => item.role).sort()).toEqual(['product-owner', 'shared']);
    expect(owner.contested).toBe(false);
    expect(owner.contenders).toEqual([]);
  });

  it('is contested when one source of four gives the duty to another role', () => {
    const owner = verdictFor([
      { file: 'a.md', ...article('A', { Backlog: PO_OWNS, Meetings: FILLER }) },
      { file: 'b.md', ...article('B', { Backlog: PO_OWNS, Meetings: FILLER }) },
      { file: 'c.md', ...article('C', { Backlog: PO_OWNS, Meetings: FILLER }) },
      { file: 'd.md', ...article('D', { Backlog: PM_OWNS, Meetings: FILLER }) },
    ]);
    expect(owner.role).toBe('product-owner');
    expect(owner.contested).toBe(true);
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

describe('how sure the verdict is', () => {
  it('is less sure when the statement it rests on says only part of what was asked', () => {
    const engine = createEngine(
      buildKnowledgeBase({
        documents: [
          {
            file: 'a.md',
            ...article('A', { Backlog: PO_OWNS, Meetings: FILLER }),
          },
          {
            file: 'b.md',
            ...article('B', {
              Planning:
                'Release plans are reviewed at the end of each quarter with the whole company.',
              Meetings: FILLER,
            }),
          },
        ],
      }),
    );
    const whole = engine.ask('who orders the product backlog?').owner;
    const part = engine.ask('who orders the product backlog and the release plans?').owner;
    expect(whole.role).toBe('product-owner');
    expect(whole.confidence).toBe(1);
    expect(part.role).toBe('product-owner');
    expect(part.confidence).toBeLessThan(0.9);
  });
});

describe('one duty in different words', () => {
  /** Two sources, each an article of the given sections. */
  const twoSources = (a: Record<string, string>, b: Record<string, string>) =>
    createEngine(
      buildKnowledgeBase({
        documents: [
          { file: 'a.md', ...article('A', a) },
          { file: 'b.md', ...article('B', b) },
        ],
      }),
    );

  it('is contested when two sources give it to different roles, one as a noun, one as a verb', () => {
    const engine = twoSources(
      {
        Delivery: 'The project manager is responsible for the on-time delivery of every release.',
        Meetings: FILLER,
      },
      {
        Releases: 'The product owner makes sure that every release is delivered on time.',
        Meetings: FILLER,
      },
    );
    const owner = engine.ask('who owns on-time delivery?').owner;
    expect(owner.contested).toBe(true);
    expect([owner.role, ...owner.contenders].sort()).toEqual(['product-owner', 'project-manager']);
    expect(owner.confidence).toBeLessThanOrEqual(0.5);
  });

  it('counts "the leader of" as saying who leads, and is sure of it', () => {
    const engine = twoSources(
      {
        Retrospectives:
          'The product manager is the leader of the retrospectives and keeps them short.',
        Meetings: 'Engineers lead the daily stand-up in turn, one person each week.',
      },
      {
        Notes: 'The product owner takes notes in the retrospectives for the whole team.',
        Meetings: FILLER,
      },
    );
    const owner = engine.ask('who leads the retrospectives?').owner;
    expect(owner.role).toBe('product-manager');
    expect(owner.contested).toBe(false);
    // The statement says all of "leads the retrospectives"; the product owner's only mentions them.
    expect(owner.evidence[0]?.sentence).toContain('leader of the retrospectives');
    expect(owner.evidence[0]?.covers).toBeGreaterThan(0.9);
    expect(owner.confidence).toBeGreaterThan(0.9);
  });
});

describe('a question that asks two things', () => {
  const engine = () =>
    createEngine(
      buildKnowledgeBase({
        documents: [
          {
            file: 'a.md',
            ...article('A', {
              Vision:
                'The product manager owns the product vision and explains it to every team in the company.',
              Reviews:
                'The product owner runs the sprint reviews with the development team every two weeks.',
            }),
          },
          { file: 'b.md', ...article('B', { Meetings: FILLER }) },
        ],
      }),
    );

  it('names no single owner when its parts have different owners', () => {
    const answer = engine().ask('who owns the product vision vs who runs the sprint reviews?');
    expect(answer.parts.map((part) => part.owner.role)).toEqual([
      'product-manager',
      'product-owner',
    ]);
    expect(answer.owner).toMatchObject({
      role: null,
      split: true,
      contenders: ['product-manager', 'product-owner'],
    });
    // Each part has one owner the sources agree on: nothing is contested.
    expect(answer.owner.contested).toBe(false);
  });

  it('reads a later "which" with no noun as asking which role, like the first part', () => {
    const answer = engine().ask(
      'which role owns the product vision and which runs the sprint reviews?',
    );
    expect(answer.parts.map((part) => part.owner.role)).toEqual([
      'product-manager',
      'product-owner',
    ]);
    expect(answer.owner).toMatchObject({ role: null, split: true });
  });

  it('keeps its one owner when both parts have the same one', () => {
    const answer = engine().ask(
      'who owns the product vision and who explains the vision to every team?',
    );
    expect(answer.parts).toHaveLength(2);
    expect(answer.owner.role).toBe('product-manager');
    expect(answer.owner.split).toBeUndefined();
    expect(answer.owner.contested).toBe(false);
  });
});

describe('a statement that says the duty as the question says it', () => {
  it('outweighs one in the same passage that only scatters its words', () => {
    const knowledge = buildKnowledgeBase({
      documents: [
        {
          file: 'releases.md',
          ...article('Releases', {
            Releases:
              'The product manager plans the budget, the hiring and, once a quarter, the release. ' +
              'The product owner owns the release plan.',
            Meetings: FILLER,
          }),
        },
      ],
    });
    const owner = createEngine(knowledge).ask('who owns the release plan?').owner;
    expect(owner.role).toBe('product-owner');
    expect(owner.contested).toBe(false);
  });
});

describe('a duty word the knowledge does not use', () => {
  it('is no evidence when only word vectors found a stand-in for it', async () => {
    // "co" (company) is near "executive" by vectors alone; a sentence about executives must not
    // decide who deals with the people outside the company.
    const engine = createEngine(await loadKnowledge('knowledge'));
    const owner = engine.ask('who deals w/ ppl outside the co, like external stakeholders').owner;
    expect(owner.role).toBe('product-manager');
  });
});
