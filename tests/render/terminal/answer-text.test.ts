// What a person sees in the terminal for real answers from the shipped knowledge folder.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/answers/engine.js';
import type { Answer } from '../../../src/answers/types.js';
import { renderAnswerText } from '../../../src/render/terminal/answer-text.js';
import { seedEngine } from '../../support/seed-engine.js';
import { ANSI_ALL, ESC, linesOf } from '../../support/terminal-text.js';

const engine: Engine = await seedEngine();

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

describe('answers that lead with the answer', () => {
  it('opens with the sentence that answers, then its passage as context', () => {
    const answer = engine.ask('what does a product owner do?');
    const [first] = answer.passages;
    if (!first) throw new Error('no passage');
    expect(first.text).toContain(first.sentence);
    const text = renderAnswerText(answer, { width: 200 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`1. ${first.sentence}`);
    // …and again inside the passage that follows, as context.
    const lead = text.indexOf(first.sentence);
    expect(text.indexOf(first.sentence, lead + first.sentence.length)).toBeGreaterThan(lead);
  });

  it('answers a question that asks two things part by part, each with its own verdict', () => {
    const text = renderAnswerText(
      engine.ask('po vs pm: who owns the backlog and who owns the roadmap?'),
      { width: 200 },
    );
    expect(text).toMatch(/› po vs pm: who owns the backlog\nOwner: Product Owner/);
    expect(text).toMatch(/› who owns the roadmap\?\nOwner: Product Manager/);
  });

  it('prints no owner line for a question that asks none', () => {
    expect(renderAnswerText(engine.ask('what does a product owner do?'))).not.toMatch(/Owner:/);
  });

  it('says before the passages that they are about the roles asked of, not the words the sources lack', () => {
    const text = renderAnswerText(engine.ask('which role is older, pm or po'));
    expect(linesOf(text).slice(0, 2).join(' ')).toBe(
      'The sources never say “older”: here is what they say about the Product Manager and the Product Owner.',
    );
    expect(text).not.toMatch(/Owner:/);
  });
});
