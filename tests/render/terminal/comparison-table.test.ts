// What a person sees in the terminal for real answers from the shipped knowledge folder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompareCell, Comparison } from '../../../src/answers/compare.js';
import type { Engine } from '../../../src/answers/engine.js';
import type { RoleId } from '../../../src/answers/roles.js';
import {
  CONTESTED_MARK,
  NOT_COVERED,
  renderComparisonText,
} from '../../../src/render/terminal/comparison-table.js';
import { displayWidth } from '../../../src/render/terminal/text.js';
import { seedEngine } from '../../support/seed-engine.js';
import { ANSI_ALL, ESC, linesOf } from '../../support/terminal-text.js';

const engine: Engine = await seedEngine();

/** The table's lines: from its top border to its bottom border. */
function tableLines(text: string): string[] {
  const lines = linesOf(text.replace(ANSI_ALL, ''));
  const top = lines.findIndex((line) => line.startsWith('┌'));
  const bottom = lines.findIndex((line) => line.startsWith('└'));
  expect(top, 'a table top border').toBeGreaterThanOrEqual(0);
  expect(bottom, 'a table bottom border').toBeGreaterThan(top);
  return lines.slice(top, bottom + 1);
}

/** The text of each column on a one-line table row: `│ a │ b │ c │` → ['a', 'b', 'c']. */
function columnsOf(line: string): string[] {
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function expectAligned(text: string, width: number): void {
  const table = tableLines(text);
  for (const line of table) expect(displayWidth(line), line).toBe(width);
  const body = table.filter((line) => line.startsWith('│'));
  for (const line of body) expect(line.endsWith('│'), line).toBe(true);
}

function cell(role: RoleId, text: string, source: string): CompareCell {
  return { role, text, source, title: `Title of ${source}`, section: '', passageId: `${source}#1` };
}

describe('renderComparisonText', () => {
  it('titles the roles, quotes a cell per role with its reference, and lists the sources', () => {
    const comparison = engine.compare('product-manager', 'product-owner');
    const text = renderComparisonText(comparison);
    expect(linesOf(text)[0]).toBe('Product Manager vs Product Owner');
    expectAligned(text, 88);
    expect(tableLines(text)[1]).toMatch(/^│ Aspect +│ Product Manager +│ Product Owner +│$/);
    expect(text).toMatch(/^Sources:$/m);
    expect(text).toMatch(/^\[1\] .+/m);
    expect(text).not.toContain(ESC);
  });

  it('shows "⚖ contested" under a contested aspect, and lists the contested rows last', () => {
    const comparison = engine.compare('product-manager', 'product-owner');
    const contested = comparison.rows.filter((row) => row.contested).map((row) => row.aspect);
    expect(contested).toContain('Vision & roadmap');
    const text = renderComparisonText(comparison, { width: 200 });
    const table = tableLines(text);
    const at = table.findIndex((line) => columnsOf(line)[0] === 'Vision & roadmap');
    expect(columnsOf(table[at + 1] ?? '')[0]).toBe(CONTESTED_MARK);
    expect(linesOf(text).at(-1)).toBe(`The sources disagree on: ${contested.join(', ')}.`);
    const uncontested = comparison.rows.find((row) => !row.contested);
    if (!uncontested) throw new Error('expected an uncontested row');
    const row = table.findIndex((line) => columnsOf(line)[0] === uncontested.aspect);
    expect(columnsOf(table[row + 1] ?? '')[0]).not.toBe(CONTESTED_MARK);
  });

  it('numbers sources in order of first use, and every reference in a cell names its file', () => {
    for (const roles of [
      ['product-manager', 'product-owner'],
      ['product-manager', 'project-manager'],
      ['product-owner', 'project-manager'],
    ] as [RoleId, RoleId][]) {
      const comparison = engine.compare(...roles);
      // Wide enough that every cell sits on one line.
      const text = renderComparisonText(comparison, { width: 600 });
      const listed = new Map<number, string>();
      for (const match of text.matchAll(/^\[(\d+)\] (.*)$/gm)) {
        listed.set(Number(match[1]), match[2] ?? '');
      }
      const files = new Set(comparison.rows.flatMap((row) => row.cells.map((c) => c?.source)));
      files.delete(undefined);
      expect([...listed.keys()]).toEqual(Array.from({ length: files.size }, (_, i) => i + 1));

      const table = tableLines(text);
      const used = new Set<number>();
      for (const row of comparison.rows) {
        const line = table.find((candidate) => columnsOf(candidate)[0] === row.aspect);
        if (!line) throw new Error(`no table line for ${row.aspect}`);
        row.cells.forEach((value, i) => {
          const shown = columnsOf(line)[i + 1] ?? '';
          if (value === null) {
            expect(shown).toBe(NOT_COVERED);
            return;
          }
          const reference = /\[(\d+)\]$/.exec(shown);
          expect(reference, shown).not.toBeNull();
          const number = Number(reference?.[1]);
          used.add(number);
          expect(listed.get(number)).toContain(`(${value.source})`);
        });
      }
      expect([...used].sort((a, b) => a - b)).toEqual([...listed.keys()]);
    }
  });

  it('says "not covered by the sources" for every null cell', () => {
    const comparison = engine.compare('product-manager', 'project-manager');
    const nulls = comparison.rows.flatMap((row) => row.cells).filter((c) => c === null).length;
    expect(nulls, 'pm vs project should have uncovered cells').toBeGreaterThan(0);
    const text = renderComparisonText(comparison, { width: 600 });
    expect(text.split(NOT_COVERED)).toHaveLength(nulls + 1);
  });

  it('says when nothing compares the roles on the topic', () => {
    const comparison: Comparison = {
      roles: ['product-owner', 'project-manager'],
      topic: 'payroll',
      rows: [{ aspect: 'payroll', cells: [null, null], contested: false }],
      sources: [],
    };
    const text = renderComparisonText(comparison);
    expect(linesOf(text)[0]).toBe('Product Owner vs Project Manager: payroll');
    expectAligned(text, 88);
    expect(text).not.toContain('Sources:');
    expect(text).not.toContain('disagree');
    expect(linesOf(text).at(-1)).toBe(
      'Nothing in the knowledge base compares these roles on that topic.',
    );
  });

  it('stays aligned with a hostile topic of 300 random characters, emoji and <!channel>', () => {
    const topic = fc.tuple(
      fc.string({ unit: 'binary', minLength: 300, maxLength: 300 }),
      fc.constantFrom('🎉', '👨‍👩‍👧', '🇫🇷', '⚖️', '1️⃣', '日本語', 'e\u0301', '\u202Eevil'),
      fc.constantFrom('<!channel>', '<@U123>', '\t\n\u001b[31m', ''),
    );
    fc.assert(
      fc.property(topic, fc.constantFrom(40, 61, 88, 120), ([random, emoji, markup], width) => {
        const comparison = engine.compare(
          'product-manager',
          'project-manager',
          `${emoji} ${markup} ${random} ${emoji}`,
        );
        const text = renderComparisonText(comparison, { width });
        expectAligned(text, width);
        for (const line of linesOf(text)) {
          if (!line.startsWith('[')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
        }
        expect(text.replace(/\n/g, '')).not.toMatch(/\p{Cc}/u);
      }),
      { numRuns: 40 },
    );
  });

  it('stays aligned whatever the cells and aspects say (fast-check)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            '🎉',
            '👨‍👩‍👧',
            '日本語',
            'x'.repeat(70),
            'word',
            ' ',
            '\n',
            '<!channel>',
          ),
          { maxLength: 30 },
        )
        .map((parts) => parts.join('')),
    );
    const maybeCell = fc.option(text, { nil: null });
    const row = fc.record({
      aspect: text,
      cells: fc.tuple(maybeCell, maybeCell),
      contested: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 10, max: 140 }),
        fc.boolean(),
        (rows, width, color) => {
          const comparison: Comparison = {
            roles: ['product-manager', 'product-owner'],
            topic: '',
            rows: rows.map((r, i) => ({
              aspect: r.aspect,
              contested: r.contested,
              cells: r.cells.map((value, j) =>
                value === null
                  ? null
                  : cell(j === 0 ? 'product-manager' : 'product-owner', value, `f${i}.md`),
              ),
            })),
            sources: [],
          };
          const rendered = renderComparisonText(comparison, { width, color });
          expectAligned(rendered, Math.max(width, 40));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('uses ANSI styling only with color: true, and the same text underneath', () => {
    const comparison = engine.compare('product-manager', 'product-owner');
    const plain = renderComparisonText(comparison);
    const colored = renderComparisonText(comparison, { color: true });
    expect(colored).toMatch(ANSI_ALL);
    expect(colored.replace(ANSI_ALL, '')).toBe(plain);
  });
});
