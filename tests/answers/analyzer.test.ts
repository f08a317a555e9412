import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/answers/analyzer.js';
import { type RoleId, roleById } from '../../src/answers/roles.js';
import { parseVocabulary } from '../../src/knowledge/vocabulary.js';

const SYNONYMS = fileURLToPath(new URL('../../knowledge/synonyms.yml', import.meta.url));
const analyzer = new Analyzer(parseVocabulary('synonyms.yml', readFileSync(SYNONYMS, 'utf8')));

const term = (role: RoleId): string => roleById(role).term;
const terms = (text: string): string[] => analyzer.analyze(text).terms;

describe('Analyzer with the real synonyms.yml', () => {
  it.each([
    { text: 'PM', role: 'product-manager' },
    { text: 'pm', role: 'product-manager' },
    { text: 'PdM', role: 'product-manager' },
    { text: 'PMs', role: 'product-manager' },
    { text: 'product manager', role: 'product-manager' },
    { text: 'PO', role: 'product-owner' },
    { text: 'P.O.', role: 'product-owner' },
    { text: 'product owner', role: 'product-owner' },
    { text: 'proj mgr', role: 'project-manager' },
    { text: 'project lead', role: 'project-manager' },
    { text: 'Project  Lead', role: 'project-manager' },
    { text: 'project manager', role: 'project-manager' },
  ] as const)('reads $text as the $role role term', ({ text, role }) => {
    expect(terms(text)).toEqual([term(role)]);
  });

  it.each([
    { text: 'who owns the PO backlog', role: 'product-owner' },
    { text: 'ask the proj mgr today', role: 'project-manager' },
    { text: 'is the PdM in charge', role: 'product-manager' },
  ] as const)('rewrites the variant inside a sentence: $text', ({ text, role }) => {
    expect(terms(text)).toContain(term(role));
  });

  it('reads "backlog grooming" as backlog refinement', () => {
    expect(terms('backlog grooming')).toEqual(terms('backlog refinement'));
    expect(terms('who does backlog grooming?')).toEqual(terms('who does backlog refinement?'));
    expect(terms('backlog refinement')).toHaveLength(2);
  });

  it.each(['pool', 'poem', 'ipo', 'spm', 'pmo', 'repo', 'pdms2'])(
    'replaces whole words only: "%s" is left alone',
    (word) => {
      const { words, ambiguities } = analyzer.analyze(word);
      expect(words).toEqual([word]);
      expect(ambiguities).toEqual([]);
    },
  );

  it.each([
    { text: "the PM's roadmap", plain: 'the PM roadmap', role: 'product-manager' },
    { text: 'the PM’s roadmap', plain: 'the PM roadmap', role: 'product-manager' },
    { text: "the PO's backlog", plain: 'the PO backlog', role: 'product-owner' },
    { text: 'the “PO” backlog', plain: 'the PO backlog', role: 'product-owner' },
    { text: 'the ‘PO’ backlog', plain: 'the PO backlog', role: 'product-owner' },
    {
      text: 'the product owner’s backlog',
      plain: 'the product owner backlog',
      role: 'product-owner',
    },
    {
      text: "the project managers' plans",
      plain: 'the project managers plans',
      role: 'project-manager',
    },
  ] as const)('folds possessives and curly quotes: $text', ({ text, plain, role }) => {
    expect(terms(text)).toEqual(terms(plain));
    expect(terms(text)).toContain(term(role));
  });

  it('records that "PM" is ambiguous, with the reading used', () => {
    const analyzed = analyzer.analyze('what does a PM do?');

    expect(analyzed.terms).toContain(term('product-manager'));
    expect(analyzed.ambiguities).toEqual([
      { term: 'PM', chosen: 'product manager', alternatives: ['project manager'] },
    ]);
  });

  it('reports the ambiguity once when "PM" appears twice', () => {
    expect(analyzer.analyze("is it the PM or the PM's boss?").ambiguities).toHaveLength(1);
  });

  it('flips "PM" to project manager when that reading is asked for', () => {
    const analyzed = analyzer.analyze('what does a PM do?', { pm: 'project manager' });

    expect(analyzed.terms).toContain(term('project-manager'));
    expect(analyzed.terms).not.toContain(term('product-manager'));
    expect(analyzed.ambiguities).toEqual([
      { term: 'PM', chosen: 'project manager', alternatives: ['product manager'] },
    ]);
  });

  it.each(['PdM', 'product manager', 'PO'])('"%s" is not ambiguous', (text) => {
    expect(analyzer.analyze(text).ambiguities).toEqual([]);
  });

  it.each([
    { text: 'prodcut owner', role: 'product-owner' },
    { text: 'product ownr', role: 'product-owner' },
    { text: 'prodct manager', role: 'product-manager' },
    { text: 'product manger', role: 'product-manager' },
    { text: 'projet manager', role: 'project-manager' },
  ] as const)('still reads the role through a typo: $text', ({ text, role }) => {
    expect(terms(`who is the ${text}?`)).toContain(term(role));
  });

  // "projct" is two edits from "product" as well as one from "project": the closest head wins.
  it.each(['project manger', 'projct manager'])('reads "%s" as project manager', (text) => {
    expect(terms(text)).toEqual([term('project-manager')]);
  });

  // Each table names the one term both spellings must become, so an analyzer that dropped or
  // kept both words as typed fails instead of agreeing with itself.
  it.each([
    ['prioritisation', 'prioritization', 'priorit'],
    ['prioritise', 'prioritize', 'priorit'],
    ['organisation', 'organization', 'organ'],
  ])('folds British and American spellings: "%s" = "%s"', (british, american, stem) => {
    expect(terms(british)).toEqual([stem]);
    expect(terms(american)).toEqual([stem]);
  });

  it('stems inflections to one term', () => {
    expect(terms('prioritising')).toEqual(['priorit']);
    expect(terms('prioritization')).toEqual(['priorit']);
    expect(terms('backlogs')).toEqual(['backlog']);
  });

  it('reads a count spelt out as the count in figures, but not the chat digits 2 and 4', () => {
    expect(terms('the three core disciplines')).toEqual(terms('the 3 core disciplines'));
    expect(terms('six key competencies')).toEqual(terms('6 key competencies'));
    // "go 2 the po": chat's "2" is "to", so "two" keeps its own term.
    expect(terms('two days')).not.toEqual(terms('2 days'));
  });

  it('drops stop words but keeps the topic', () => {
    expect(terms('who is the owner of the backlog?')).toEqual(['owner', 'backlog']);
  });
});
