// What a person sees in the terminal for real answers from the shipped knowledge folder.
import { describe, expect, it } from 'vitest';
import type { Engine, OwnerAnswer } from '../../../src/answers/engine.js';
import { renderOwnerText } from '../../../src/render/terminal/owner-text.js';
import { DONT_KNOW } from '../../../src/render/terminal/verdict-lines.js';
import { seedEngine } from '../../support/seed-engine.js';
import { ANSI_ALL, ESC, linesOf } from '../../support/terminal-text.js';

const engine: Engine = await seedEngine();

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
