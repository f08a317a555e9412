import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import {
  ACME_DECISION_RIGHTS,
  glossaryWith,
  organisationKnowledge,
} from '../support/organisation-knowledge.js';
import { seedEngine } from '../support/seed-engine.js';

async function engineWith(files: Record<string, string>): Promise<Engine> {
  const folder = await organisationKnowledge(files);
  try {
    return createEngine(await loadKnowledge(folder.dir));
  } finally {
    await folder.remove();
  }
}

let acme: Engine;
beforeAll(async () => {
  acme = await engineWith({ 'decision-rights.yml': ACME_DECISION_RIGHTS });
});

describe('decision rights in the owner verdict', () => {
  it('a decision wins over the articles, which stay in the evidence and are said to differ', () => {
    const { answer } = acme.owner('roadmap');
    expect(answer.owner.role).toBe('product-owner');
    expect(answer.owner.decidedBy).toBe('organisation');
    expect(answer.owner.decision).toMatchObject({
      organisation: 'Acme',
      thing: 'product roadmap',
      consulted: ['product-manager'],
      note: expect.stringMatching(/^At Acme the product owner owns the roadmap/),
      link: 'https://wiki.example.com/decision-rights',
    });
    // The articles give the roadmap to the product manager: said, not dropped.
    expect(answer.owner.articles?.role).toBe('product-manager');
    expect(answer.owner.evidence.some((item) => item.role === 'product-manager')).toBe(true);
  });

  it("answers a duty the articles never discuss from the organisation's own role", () => {
    const answer = acme.ask('who owns the on-call rota?');
    expect(answer.answered).toBe(true);
    expect(answer.owner).toMatchObject({ role: 'engineering-manager', decidedBy: 'organisation' });
    expect(answer.labels?.['engineering-manager']).toBe('Engineering Manager');
  });

  it('a two-part question whose parts the organisation and the articles give one role keeps the decision', () => {
    const answer = acme.ask('who owns the roadmap and who owns the product backlog?');
    expect(answer.parts.map((part) => part.owner.role)).toEqual(['product-owner', 'product-owner']);
    expect(answer.owner).toMatchObject({
      role: 'product-owner',
      decidedBy: 'organisation',
      contested: false,
    });
    expect(answer.owner.decision?.thing).toBe('product roadmap');
  });

  it('a two-part question whose parts the organisation gives two roles has no single owner', () => {
    const answer = acme.ask('who owns the on-call rota and who owns the roadmap?');
    expect(answer.owner).toMatchObject({
      role: null,
      contenders: ['engineering-manager', 'product-owner'],
      split: true,
    });
  });

  it('a duty not in the file is answered from the articles, as without the file', async () => {
    const seed = await seedEngine();
    const answer = acme.ask('who owns the product backlog?');
    expect(answer.owner).toMatchObject({ role: 'product-owner', decidedBy: 'articles' });
    expect(answer.owner).not.toHaveProperty('decision');
    expect(answer.owner).toEqual(seed.ask('who owns the product backlog?').owner);
  });

  it.each([
    'who owns the product vision?',
    'who owns the roadmap slides template and the release notes format?',
    'what is a product roadmap?',
  ])('does not take a decision for a question that is about something else: %s', (question) => {
    expect(acme.ask(question).owner.decidedBy).toBe('articles');
  });

  it('finds "product roadmap" for "the quarterly plan" when an alias connects them', async () => {
    const engine = await engineWith({
      'decision-rights.yml': ACME_DECISION_RIGHTS.replace(
        'aliases: [roadmap, quarterly roadmap]',
        'aliases: [roadmap, quarterly roadmap, quarterly plan]',
      ),
    });
    expect(engine.ask('who decides the quarterly plan?').owner).toMatchObject({
      role: 'product-owner',
      decidedBy: 'organisation',
    });
    // Without the alias nothing connects them.
    expect(acme.ask('who decides the quarterly plan?').owner.decidedBy).toBe('articles');
  });

  it('finds it when the glossary connects them, as ask searches glossary neighbours', async () => {
    const engine = await engineWith({
      'decision-rights.yml': ACME_DECISION_RIGHTS,
      'glossary.yml': await glossaryWith('[roadmap, quarterly plan]'),
    });
    expect(engine.ask('who decides the quarterly plan?').owner).toMatchObject({
      role: 'product-owner',
      decidedBy: 'organisation',
    });
  });

  it('matches through the analysis: stemming and synonyms ("Who owns roadmaps?")', () => {
    expect(acme.ask('Who owns roadmaps?').owner.decidedBy).toBe('organisation');
    expect(acme.ask('roadmap owner?').owner.role).toBe('product-owner');
  });
});

describe("the organisation's own roles", () => {
  it('reads the name and its aliases as the role, like a built-in role', () => {
    for (const question of [
      'what does an engineering manager do?',
      'what does an EM do?',
      'what does the eng manager do?',
    ]) {
      expect(acme.ask(question).roles).toEqual(['engineering-manager']);
    }
    expect(acme.roles.map((role) => role.id)).toEqual([
      'product-manager',
      'product-owner',
      'project-manager',
      'engineering-manager',
    ]);
  });

  it('compares a declared role with a built-in one, and marks the rows the organisation decided', async () => {
    const engine = await engineWith({
      'decision-rights.yml': `${ACME_DECISION_RIGHTS}  - thing: product backlog\n    aliases: [backlog]\n    owner: product-owner\n`,
    });
    const comparison = engine.compare('engineering-manager', 'product-owner');
    expect(comparison.roles).toEqual(['engineering-manager', 'product-owner']);
    expect(comparison.labels?.['engineering-manager']).toBe('Engineering Manager');
    const backlog = comparison.rows.find((row) => row.aspect.startsWith('Backlog'));
    expect(backlog?.decided).toEqual({ organisation: 'Acme', role: 'product-owner' });
    expect(comparison.rows.filter((row) => row.decided)).toHaveLength(1);
  });

  it('reads articles about a declared role like articles about a built-in one', async () => {
    const engine = await engineWith({
      'decision-rights.yml': ACME_DECISION_RIGHTS,
      'acme-engineering-managers.md': `---
title: Engineering managers at Acme
---

## What an engineering manager does

An engineering manager is responsible for hiring engineers and for their career growth. The EM also runs the incident reviews after an outage.
`,
    });
    const answer = engine.ask('who runs incident reviews?');
    expect(answer.owner).toMatchObject({ role: 'engineering-manager', decidedBy: 'articles' });
    expect(engine.ask('who is responsible for hiring?').owner.role).toBe('engineering-manager');
    expect(
      engine.summaries().find((summary) => summary.role === 'engineering-manager'),
    ).toMatchObject({
      label: 'Engineering Manager',
      source: { file: 'acme-engineering-managers.md' },
    });
  });

  it('leaves the built-in roles alone without a decision-rights.yml', async () => {
    const seed = await seedEngine();
    expect(seed.roles.map((role) => role.id)).toEqual([
      'product-manager',
      'product-owner',
      'project-manager',
    ]);
    expect(seed.ask('who owns the roadmap?').owner.decidedBy).toBe('articles');
    expect(seed.ask('who owns the roadmap?')).not.toHaveProperty('labels');
  });
});
