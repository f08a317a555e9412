import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/answers/analyzer.js';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import type { RoleId } from '../../src/answers/roles.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { renderCompareCard, renderCompareFallback } from '../../src/render/slack/compare-card.js';
import { renderOwnerCard } from '../../src/render/slack/owner-card.js';
import { expectNoLiveMentions, expectValidMessage } from '../support/block-kit-validator.js';

interface LabelledCell {
  roles: [RoleId, RoleId];
  aspect: string;
  role: RoleId;
  /** Phrases a correct cell contains (any one), or null when the sources do not cover it. */
  expect: string[] | null;
}

const ROLES: RoleId[] = ['product-manager', 'product-owner', 'project-manager'];
let engine: Engine;
let cells: LabelledCell[];

beforeAll(async () => {
  engine = createEngine(await loadKnowledge('knowledge'));
  cells = (await readFile('tests/eval/compare-cells.jsonl', 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledCell);
});

const comparable = (text: string) => normalize(text).replace(/\s+/g, ' ');

describe('compare cells against the labelled set', () => {
  it('agrees with at least 90% of at least 20 labelled cells', () => {
    expect(cells.length).toBeGreaterThanOrEqual(20);
    const misses: string[] = [];
    for (const label of cells) {
      const comparison = engine.compare(label.roles[0], label.roles[1]);
      const row = comparison.rows.find((candidate) => candidate.aspect === label.aspect);
      const cell = row?.cells[comparison.roles.indexOf(label.role)] ?? null;
      const agrees =
        label.expect === null
          ? cell === null
          : cell !== null &&
            label.expect.some((phrase) => comparable(cell.text).includes(comparable(phrase)));
      if (!agrees)
        misses.push(
          `${label.aspect} × ${label.role}: got ${cell ? `"${cell.text}"` : 'not covered'}`,
        );
    }
    const agreement = (cells.length - misses.length) / cells.length;
    expect(agreement, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('who the sources give each duty to', () => {
  it('marks roadmap and vision as contested between the product manager and owner', () => {
    for (const thing of ['roadmap', 'product vision']) {
      const { answer } = engine.owner(thing);
      expect(answer.owner.contested, thing).toBe(true);
      expect([answer.owner.role, ...answer.owner.contenders].sort()).toEqual([
        'product-manager',
        'product-owner',
      ]);
    }
    const row = engine
      .compare('product-manager', 'product-owner')
      .rows.find((r) => r.aspect === 'Vision & roadmap');
    expect(row?.contested).toBe(true);
    expect(row?.cells.every((cell) => cell !== null)).toBe(true);
  });

  it('gives the backlog to the product owner, uncontested', () => {
    const { answer } = engine.owner('backlog');
    expect(answer.owner).toMatchObject({ role: 'product-owner', contested: false });
    const row = engine.compare('product-manager', 'product-owner', 'backlog').rows[0];
    expect(row?.cells[1]?.text).toMatch(/backlog/i);
  });

  it('gives talking to customers and market research to the product manager', () => {
    for (const thing of ['talking to customers', 'market research']) {
      expect(engine.owner(thing).answer.owner.role, thing).toBe('product-manager');
    }
  });

  it('gives on-time delivery to the project manager', () => {
    expect(engine.owner('on-time delivery').answer.owner.role).toBe('project-manager');
  });

  it('quotes each role about itself: never the same sentence in both columns, never the other role as subject', () => {
    const pairs: [RoleId, RoleId][] = [
      ['product-manager', 'product-owner'],
      ['product-manager', 'project-manager'],
      ['product-owner', 'project-manager'],
    ];
    let cellsSeen = 0;
    for (const [a, b] of pairs) {
      for (const row of engine.compare(a, b).rows) {
        const [left, right] = row.cells;
        if (left && right) expect(left.text, `${a}/${b} ${row.aspect}`).not.toBe(right.text);
        for (const cell of row.cells) {
          if (!cell) continue;
          cellsSeen++;
          const own = engine.passages.find((p) => p.id === cell.passageId);
          expect(own, cell.passageId).toBeDefined();
          // The cell's words name its own role, not only the other one.
          const other = cell.role === a ? b : a;
          const names = (role: RoleId) =>
            new RegExp(role.replace('-', '[\\s_-]+').replace('product', 'product|pd'), 'i');
          if (names(other).test(cell.text) && !/\b(?:they|their|you|it)\b/i.test(cell.text)) {
            expect(names(cell.role).test(cell.text), `${row.aspect}: ${cell.text}`).toBe(true);
          }
        }
      }
    }
    expect(cellsSeen).toBeGreaterThan(20);
  });

  it('narrows to the aspects a topic names, and makes a row of a topic no aspect has', () => {
    expect(
      engine.compare('product-manager', 'product-owner', 'backlog').rows.map((r) => r.aspect),
    ).toEqual(['Backlog & priorities']);
    const adHoc = engine.compare('product-manager', 'product-owner', 'budget');
    expect(adHoc.rows).toHaveLength(1);
    expect(adHoc.rows[0]?.aspect).toBe('budget');
  });

  it('quotes cells from the knowledge, never generates them', () => {
    const passages = engine.passages.map((passage) => comparable(passage.text));
    for (const [a, b] of [
      ['product-manager', 'product-owner'],
      ['product-manager', 'project-manager'],
      ['product-owner', 'project-manager'],
    ] as [RoleId, RoleId][]) {
      for (const row of engine.compare(a, b).rows) {
        for (const cell of row.cells) {
          if (!cell) continue;
          const quoted = comparable(cell.text.replace(/^…|…$/g, ''));
          expect(
            passages.some((text) => text.includes(quoted)),
            cell.text,
          ).toBe(true);
        }
      }
    }
  });
});

describe('compare and owner cards are valid Block Kit for any topic', () => {
  const hostile = fc.oneof(
    fc.constant(''),
    fc.constant('<!channel> <!here|here> <@U123> <#C1|x> <https://x|y> & < >'),
    fc.string({ maxLength: 3_000 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom('🚀🔥 roadmap', 'خارطة الطريق', 'backlog\u0000\u0007', 'x'.repeat(3_000)),
  );

  it('renders table and fallback cards within limits with no live mention from the topic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), hostile, (a, b, topic) => {
        fc.pre(a !== b);
        const comparison = engine.compare(a, b, topic);
        for (const card of [
          renderCompareCard(comparison, 'U0ALICE'),
          renderCompareFallback(comparison),
        ]) {
          expectValidMessage(card);
          expectNoLiveMentions(card, { allow: ['<@U0ALICE>'] });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('renders owner cards within limits for any thing asked about', () => {
    fc.assert(
      fc.property(hostile, (thing) => {
        const card = renderOwnerCard(engine.owner(thing), { audience: 'ephemeral' });
        expectValidMessage(card);
        expectNoLiveMentions(card);
      }),
      { numRuns: 150 },
    );
  });
});
