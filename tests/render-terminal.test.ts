// What a person sees in the terminal for real answers from the shipped knowledge folder.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareCell, Comparison } from '../src/answers/compare.js';
import { createEngine, type Engine, type OwnerAnswer } from '../src/answers/engine.js';
import type { RoleId } from '../src/answers/roles.js';
import type { Answer } from '../src/answers/types.js';
import { loadKnowledge } from '../src/knowledge/loader.js';
import { renderAnswerText } from '../src/render/terminal/answer-text.js';
import {
  CONTESTED_MARK,
  NOT_COVERED,
  renderComparisonText,
} from '../src/render/terminal/comparison-table.js';
import { renderOwnerText } from '../src/render/terminal/owner-text.js';
import { clean, displayWidth, wrap } from '../src/render/terminal/text.js';
import { DONT_KNOW } from '../src/render/terminal/verdict-lines.js';

const ESC = '\u001b';
const ANSI_ALL = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadKnowledge('knowledge'));
});

function linesOf(text: string): string[] {
  return text.split('\n');
}

describe('renderAnswerText', () => {
  it('puts the owner verdict first, then numbered passages with their source files', () => {
    const answer = engine.ask('who owns the product backlog?');
    expect(answer.owner.role).toBe('product-owner');
    const text = renderAnswerText(answer);
    const lines = linesOf(text);

    expect(lines[0]).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/);
    expect(text).not.toContain('the sources disagree');
    expect(text).toContain('\n1. ');
    expect(text).toContain('\n2. ');
    for (const passage of answer.passages) {
      expect(text).toContain(`(${passage.source.file})`);
    }
    expect(text).toContain(
      '— Product Management, The Product Owner role (tech-for-better-product-management.md)',
    );
  });

  it('says when the sources disagree, and who else they name', () => {
    const candidates = [
      'who decides which features we build?',
      'whose job is the product vision, PM or PO?',
      'who sets the priorities of the product?',
      'who keeps the project timeline on track?',
    ];
    const answer = candidates.map((q) => engine.ask(q)).find((a) => a.owner.contested);
    expect(answer, 'one of the candidates should be contested').toBeDefined();
    if (!answer || answer.owner.role === null) throw new Error('unreachable');

    const first = linesOf(renderAnswerText(answer, { width: 200 }))[0];
    expect(first).toMatch(
      /^Owner: (Product Manager|Product Owner|Project Manager|Shared) \(confidence 0\.\d\d\) — the sources disagree/,
    );
    expect(first).toMatch(
      /\(some say (Product Manager|Product Owner|Project Manager|it is shared)\)$/,
    );
  });

  it('reads a shared verdict as "Shared"', () => {
    const real = engine.ask('who owns the product backlog?');
    const shared: Answer = { ...real, owner: { ...real.owner, role: 'shared', confidence: 0.8 } };
    expect(linesOf(renderAnswerText(shared))[0]).toBe('Owner: Shared (confidence 0.80)');
  });

  it('leaves the verdict out when the question is not about an owner', () => {
    const candidates = [
      'what skills does a product owner need?',
      'where does the product owner role come from?',
      'what even is a product roadmap',
      'what are the key competencies of a product manager?',
    ];
    const answer = candidates.map((q) => engine.ask(q)).find((a) => a.owner.role === null);
    expect(answer, 'one of the candidates should have no owner').toBeDefined();
    if (!answer) throw new Error('unreachable');
    const text = renderAnswerText(answer);
    expect(text.startsWith('1. ')).toBe(true);
    expect(text).not.toContain('Owner:');
  });

  it("says I don't know, and what it does cover, for an off-topic question", () => {
    const answer = engine.ask('what is the office wifi password?');
    expect(answer.answered).toBe(false);
    const text = renderAnswerText(answer);
    expect(linesOf(text)[0]).toBe("I don't know — nothing in the knowledge base covers that.");
    expect(text).toMatch(
      /product\s+managers \(PM\), product\s+owners \(PO\) and\s+project\s+managers/,
    );
    expect(text).toMatch(/compare\s+roles\s+with\s+'pm\s+vs\s+po'/);
    expect(text).not.toMatch(/^\d+\. /m);
    expect(text).not.toContain('.md)');
  });

  it('notes how an ambiguous abbreviation was read, and how to ask for the other reading', () => {
    const answer = engine.ask('does the PO report to the PM?');
    expect(answer.ambiguous.length).toBeGreaterThan(0);
    const text = renderAnswerText(answer, { width: 120 });
    expect(linesOf(text).at(-1)).toBe(
      "PM read as product manager; ask again with 'project manager' if you meant that.",
    );
  });

  it('wraps every line to the width, keeping list items on lines of their own', () => {
    const questions = [
      'what skills does a product owner need?',
      'what are a product manager’s responsibilities?',
      'pm vs po',
      'what is the office wifi password?',
    ];
    for (const width of [60, 88]) {
      for (const q of questions) {
        const text = renderAnswerText(engine.ask(q), { width });
        for (const line of linesOf(text)) {
          const longest = Math.max(...line.split(' ').map((word) => word.length));
          if (longest < width) expect([...line].length, line).toBeLessThanOrEqual(width);
        }
      }
    }
    const skills = renderAnswerText(engine.ask('what skills does a product owner need?'));
    expect(skills).toMatch(/^ {3}• /m);
  });

  it('numbers passages from the offset, for "more passages"', () => {
    const answer = engine.ask('pm vs po', { offset: 1, limit: 2 });
    expect(answer.offset).toBe(1);
    const text = renderAnswerText(answer);
    expect(text).toMatch(/^2\. /m);
    expect(text).not.toMatch(/^1\. /m);
  });

  it('lists the other sources of a near-duplicate passage', () => {
    const real = engine.ask('who owns the product backlog?');
    const [first, ...others] = real.passages;
    if (!first) throw new Error('expected a passage');
    const elsewhere = {
      file: 'industry-tap-po-vs-pm.md',
      title: 'What is the Difference Between Product Owner and Product Manager?',
      section: 'What is the Product Owner?',
    };
    const answer: Answer = {
      ...real,
      passages: [{ ...first, sources: [first.source, elsewhere] }, ...others],
    };
    const text = renderAnswerText(answer, { width: 200 });
    expect(text).toContain(
      '   — also: What is the Difference Between Product Owner and Product Manager?, What is the Product Owner? (industry-tap-po-vs-pm.md)',
    );
    expect(text.match(/— also:/g)).toHaveLength(1);
  });

  it('uses ANSI styling only with color: true, and the same text underneath', () => {
    for (const q of ['who decides which features we build?', 'what is the office wifi password?']) {
      const answer = engine.ask(q);
      const plain = renderAnswerText(answer);
      expect(plain).not.toContain(ESC);
      expect(renderAnswerText(answer, { color: false })).toBe(plain);
      const colored = renderAnswerText(answer, { color: true });
      expect(colored).toMatch(ANSI_ALL);
      expect(colored.replace(ANSI_ALL, '')).toBe(plain);
    }
  });
});

describe('wrap', () => {
  it('hangs continuation lines under the first line’s text', () => {
    expect(wrap('one two three four five six', 13, '1. ', '   ')).toEqual([
      '1. one two',
      '   three four',
      '   five six',
    ]);
  });

  it('gives an overlong word a line of its own instead of breaking it', () => {
    expect(wrap('a supercalifragilistic b', 10)).toEqual(['a', 'supercalifragilistic', 'b']);
  });
});

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

describe('renderOwnerText', () => {
  it('gives the verdict, the statements grouped by role with sources, and the disagreement', () => {
    const result = engine.owner('roadmap');
    expect(result.answer.owner.contested).toBe(true);
    const text = renderOwnerText(result);
    const lines = linesOf(text);
    expect(lines[0]).toMatch(
      /^Owner: (Product Manager|Product Owner|Project Manager|Shared) \(confidence 0\.\d\d\) — the sources disagree/,
    );
    const groups = lines.filter((line) =>
      /^(Product Manager|Product Owner|Project Manager|Shared) — \d+ statements? (for the verdict|against it)$/.test(
        line,
      ),
    );
    expect(groups.length).toBe(result.byRole.length);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups[0]).toMatch(/for the verdict$/);
    expect(groups.slice(1).every((line) => line.endsWith('against it'))).toBe(true);

    const blocks = text.split('\n\n').slice(1, -1);
    expect(blocks).toHaveLength(result.byRole.length);
    blocks.forEach((block, i) => {
      const quotes = block.split('\n').filter((line) => line.startsWith('  • “'));
      expect(quotes.length).toBeGreaterThan(0);
      expect(quotes.length).toBeLessThanOrEqual(3);
      expect(new Set(quotes).size).toBe(quotes.length);
      const files = new Set(result.byRole[i]?.evidence.map((item) => item.source.file));
      const cited = [...block.matchAll(/\(([\w.-]+\.md)\)/g)].map((match) => match[1]);
      expect(cited).toHaveLength(quotes.length);
      for (const file of cited) expect(files.has(file ?? '')).toBe(true);
    });
    expect(lines.at(-1)).toMatch(/^The sources disagree/);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(88);
  });

  it("says I don't know when nothing answers, or the sources name no owner", () => {
    const offTopic = engine.owner('office wifi password');
    expect(offTopic.answer.answered).toBe(false);
    expect(linesOf(renderOwnerText(offTopic))[0]).toBe(DONT_KNOW);

    const real = engine.owner('roadmap');
    const noVerdict: OwnerAnswer = {
      ...real,
      answer: { ...real.answer, owner: { ...real.answer.owner, role: null, contested: false } },
    };
    const text = renderOwnerText(noVerdict);
    expect(linesOf(text)[0]).toBe(DONT_KNOW);
    expect(text).not.toContain('Owner:');
  });

  it('leaves out the disagreement when the sources agree, and styles only with color', () => {
    const result = engine.owner('product backlog');
    expect(result.answer.owner.role).toBe('product-owner');
    const uncontested: OwnerAnswer = {
      ...result,
      answer: { ...result.answer, owner: { ...result.answer.owner, contested: false } },
    };
    const plain = renderOwnerText(uncontested);
    expect(linesOf(plain)[0]).toMatch(/^Owner: Product Owner \(confidence \d\.\d\d\)$/);
    expect(plain).not.toContain('disagree');
    expect(plain).not.toContain(ESC);
    const colored = renderOwnerText(uncontested, { color: true });
    expect(colored).toMatch(ANSI_ALL);
    expect(colored.replace(ANSI_ALL, '')).toBe(plain);
  });
});

describe('displayWidth and clean', () => {
  it('counts terminal columns: wide characters and emoji two, combining marks none', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('🇫🇷')).toBe(2);
    expect(displayWidth('⚖️')).toBe(2);
    expect(displayWidth('⚖')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('—…“”')).toBe(4);
  });

  it('turns control characters into spaces and drops invisible formatting', () => {
    expect(clean('a\tb\nc\u001b[31md')).toBe('a b c [31md');
    expect(clean('\u202Eevil\u00ADx')).toBe('evilx');
    expect(clean('👨‍👩‍👧')).toBe('👨‍👩‍👧');
    expect(clean('x\ud800y')).toBe('x\ufffdy');
  });
});
