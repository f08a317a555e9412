import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { dutyStatements } from '../../src/answers/duty-subjects.js';
import type { Passage } from '../../src/knowledge/types.js';
import { EMPTY_VOCABULARY } from '../../src/knowledge/vocabulary.js';

const analyzer = new Analyzer({
  ...EMPTY_VOCABULARY,
  synonyms: [
    { phrase: 'product manager', variants: ['pm'] },
    { phrase: 'product owner', variants: ['po'] },
  ],
});

/** The duties of a passage, one sentence per span (sentences end at ".", "?" or "!"). */
function duties(text: string): Record<string, string[]> {
  const spans: number[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.?!](?:\s+|$)/g)) {
    const end = (match.index ?? 0) + 1;
    spans.push(start, end);
    start = end + match[0].length - 1;
  }
  if (start < text.length) spans.push(start, text.length);
  const passage = { id: 'p#1', text, section: '', sources: [], spans, words: 12 };
  const bySubject: Record<string, string[]> = {};
  for (const statement of dutyStatements(passage as unknown as Passage, analyzer)) {
    bySubject[statement.subject] = [...statement.terms].sort();
  }
  return bySubject;
}

describe('who each clause gives its duty to', () => {
  it.each([
    ['The PM sets the vision, while the PO manages the backlog.'],
    ['The PM sets the vision and the PO manages the backlog.'],
    ['The PM sets the vision; the PO manages the backlog.'],
  ])('%s: the vision to the PM, the backlog to the PO', (text) => {
    const found = duties(text);
    expect(found['product-manager']).toEqual(expect.arrayContaining(['vision']));
    expect(found['product-manager']).not.toContain('backlog');
    expect(found['product-owner']).toEqual(expect.arrayContaining(['backlog']));
  });

  it("keeps a list's last item, a role named inside it, with the list's subject", () => {
    const found = duties(
      'The PO handles execution, backlog prioritisation, and PM job immediate team coordination.',
    );
    expect(found['product-owner']).toEqual(expect.arrayContaining(['backlog', 'coordin']));
    expect(found['product-manager']).toBeUndefined();
    // A role with its determiner opens a clause of its own.
    const clause = duties(
      'The PO handles execution, backlog prioritisation, and the PM owns the roadmap.',
    );
    expect(clause['product-manager']).toEqual(expect.arrayContaining(['roadmap']));
    expect(clause['product-owner']).not.toContain('roadmap');
  });

  it('keeps an "and" inside one duty as one clause', () => {
    expect(duties('The PO plans and prioritises the backlog.')['product-owner']).toEqual(
      expect.arrayContaining(['plan', 'backlog']),
    );
  });

  it('reads two roles joined by "and" as a duty they share', () => {
    expect(Object.keys(duties('Both the PM and the PO talk to customers.'))).toEqual(['shared']);
    expect(
      Object.keys(
        duties('The product owner and the product manager are crucial members of the team.'),
      ),
    ).toEqual(['shared']);
  });

  it('gives what one role works on with another to both, to the end of its sentence', () => {
    const found = duties(
      'A PO writes the stories. They work with the PM to define what the product should do, and when it should be released. They are also responsible for delivery on time.',
    );
    expect(found.shared).toEqual(expect.arrayContaining(['defin', 'releas']));
    expect(found['product-owner']).toEqual(expect.arrayContaining(['deliveri']));
    expect(found['product-owner']).not.toContain('releas');
    // Meeting another role is no duty held together: only working with it to some end.
    expect(Object.keys(duties('The PO meets with the PM every week.'))).toEqual(['product-owner']);
  });

  it('gives no one a duty in a question the text asks', () => {
    expect(
      duties(
        "Is it the PO's job to write the stories, or is it the PM's job to accept them? It depends.",
      ),
    ).toEqual({});
  });
  it('gives no role a sentence that opens on a subject of its own', () => {
    const found = duties(
      'The PO owns the backlog. The development team is led by their facilitator. No one buys a product for its own sake.',
    );
    expect(found['product-owner']).toEqual(expect.arrayContaining(['backlog']));
    expect(found['product-owner']).not.toContain('facilit');
    expect(found['product-owner']).not.toContain('buy');
    // "Their" ties the subject to the role before it (the last statement is that sentence's).
    expect(
      duties('The PO owns the backlog. The key to their role is ordering it.')['product-owner'],
    ).toContain('order');
  });
});
