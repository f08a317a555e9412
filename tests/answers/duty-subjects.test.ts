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

function duties(text: string): Record<string, string[]> {
  const passage = { id: 'p#1', text, section: '', sources: [], spans: [0, text.length], words: 12 };
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
});
