import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/answers/engine.js';
import { dispatch } from '../../../src/commands/dispatch.js';
import { parseRolesCommand } from '../../../src/commands/roles-command.js';
import { parseConsoleLine } from '../../../src/console/console.js';
import { loadKnowledge } from '../../../src/knowledge/loader.js';
import {
  renderCompareCard,
  renderCompareFallback,
} from '../../../src/render/slack/compare-card.js';
import { renderOwnerCard } from '../../../src/render/slack/owner-card.js';
import { renderComparisonText } from '../../../src/render/terminal/comparison-table.js';
import { expectValidMessage } from '../../support/block-kit-validator.js';
import {
  ACME_DECISION_RIGHTS,
  organisationKnowledge,
} from '../../support/organisation-knowledge.js';

let acme: Engine;
beforeAll(async () => {
  const folder = await organisationKnowledge({
    'decision-rights.yml': `${ACME_DECISION_RIGHTS}  - thing: product backlog\n    aliases: [backlog]\n    owner: product-owner\n`,
  });
  try {
    acme = createEngine(await loadKnowledge(folder.dir));
  } finally {
    await folder.remove();
  }
});

const textOf = (value: unknown): string => JSON.stringify(value);

describe('Slack cards with decision rights', () => {
  it('the owner card says "At Acme", links the decision, and says what the articles say', () => {
    const card = renderOwnerCard(acme.owner('roadmap'), { audience: 'ephemeral' });
    expectValidMessage(card);
    const text = textOf(card.blocks);
    expect(text).toContain('*Owner: Product Owner* (decided at Acme)');
    expect(text).toContain('At Acme the product owner owns the roadmap');
    expect(text).toContain('<https://wiki.example.com/decision-rights|Decision rights>');
    expect(text).toMatch(/the articles [^"]*Product Manager/);
    // Their statements are still quoted, grouped under the role they give the roadmap to.
    expect(text).toMatch(/\*Product Manager\* — \d+ statements against/);
    expect(card.text).toContain('At Acme the product owner owns the roadmap');
  });

  it("the owner card names the organisation's own role, with no articles to contradict it", () => {
    const reply = dispatch(parseRolesCommand('who owns the on-call rota?', acme.roles), acme);
    expect(reply.kind).toBe('owner');
    if (reply.kind !== 'owner') return;
    const card = renderOwnerCard(reply.owner, { audience: 'ephemeral' });
    expectValidMessage(card);
    expect(textOf(card.blocks)).toContain('*Owner: Engineering Manager* (decided at Acme)');
    expect(textOf(card.blocks)).not.toContain('the articles');
  });

  it('/roles compare em po: the EM column, and the decided row marked "Acme: Product Owner"', () => {
    const command = parseRolesCommand('compare em po', acme.roles);
    expect(command).toEqual({
      kind: 'compare',
      roles: ['engineering-manager', 'product-owner'],
      topic: '',
    });
    const reply = dispatch(command, acme);
    if (reply.kind !== 'compare') throw new Error(`expected a compare reply, got ${reply.kind}`);
    const card = renderCompareCard(reply.comparison);
    expectValidMessage(card);
    const table = textOf(card.attachments);
    expect(table).toContain('"Engineering Manager"');
    expect(table).toMatch(/Backlog & priorities · Acme: Product Owner/);
    const fallback = renderCompareFallback(reply.comparison);
    expectValidMessage(fallback);
    expect(textOf(fallback.blocks)).toContain('*Engineering Manager*');
    expect(textOf(fallback.blocks)).toContain('Acme: Product Owner');
    // The terminal table marks the same row, under its aspect.
    const table2 = renderComparisonText(reply.comparison, { width: 88 });
    expect(table2).toMatch(/│ Aspect +│ Engineering Manager +│ Product Owner +│/);
    expect(table2).toMatch(/│ Backlog & +│[^\n]*\n│ priorities +│[^\n]*\n│ Acme: Product +│/);
  });

  it('reads declared role words only with the knowledge that declares them', () => {
    expect(parseRolesCommand('compare eng-manager po', acme.roles)).toMatchObject({
      roles: ['engineering-manager', 'product-owner'],
    });
    expect(parseConsoleLine('/roles compare em', acme.roles)).toMatchObject({
      roles: ['engineering-manager', 'product-manager'],
    });
    // Built-in words keep their meaning, and without the knowledge "em" is a topic.
    expect(parseRolesCommand('compare em po')).toEqual({
      kind: 'compare',
      roles: ['product-manager', 'product-owner'],
      topic: 'em po',
    });
  });
});
