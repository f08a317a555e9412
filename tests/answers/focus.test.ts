import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { organisationKnowledge } from '../support/organisation-knowledge.js';

/**
 * Two passages hold the same words; one states them together in a sentence, the other only
 * brushes past each of them, more often. The one that says it is the answer.
 */
const LEDGERS = `# Finance notes

## Keeping records
Every ledger is kept in the finance folder and has a named keeper. An audit happens whenever
finance asks for one, and it can cover many things at once. The cadence of our team meetings is
weekly, and supplier reviews follow their own calendar.

## Quarterly reviews
The ledger audit cadence is quarterly, set by the finance director. Reviews are booked a month
ahead in the shared calendar. Whoever books the review also writes up the actions afterwards and
shares them with the wider team, so that nothing is forgotten before the next quarter begins.
`;

/** The same duty stated twice, once of each role, in passages that name both roles once. */
const AUDITS = `# Audit notes

## Quarterly audits
The product manager runs the ledger audit. The product owner sends the invitations.

## Monthly audits
Each month, and again whenever the finance team asks for one, the ledger audit is run by the
product owner, with help from a colleague in finance. The product manager reads the minutes.
`;

/** A list whose heading says what its items are, beside a passage that only names the words. */
const HANDBOOK = `# Team handbook

## Hiring
The product owner keeps the team's list of key competencies up to date, and the product owner
of each squad checks a new hire's competencies against it in the first month.

## Key competencies of a product manager
- Vision: setting business objectives and measuring outcomes.
- Data: attention to detail when collecting and interpreting data.
- Users: empathy and experience with the people who use the product.
`;

/** The same words in one sentence each: side by side in one, far apart in the other. */
const RESEARCH = `# Research notes

## Studies
Each quarter the design team runs a study of the market, and the results inform the long
research agenda that the wider company keeps for its planning and hiring.

## Interviews
Each quarter the design team runs market research interviews, and the results inform the long
agenda of questions that the wider company keeps for its planning and hiring.
`;

let engine: Engine;
let remove: () => Promise<void>;

beforeAll(async () => {
  const folder = await organisationKnowledge({
    'finance-notes.md': LEDGERS,
    'audit-notes.md': AUDITS,
    'team-handbook.md': HANDBOOK,
    'research-notes.md': RESEARCH,
  });
  remove = folder.remove;
  engine = createEngine(await loadKnowledge(folder.dir));
});
afterAll(() => remove());

describe('a passage that states the topic in one sentence', () => {
  it('ranks above one that scatters the same words over many sentences', () => {
    const answer = engine.ask('what is the ledger audit cadence?');
    expect(answer.passages[0]?.source.file).toBe('finance-notes.md');
    expect(answer.passages[0]?.section).toBe('Quarterly reviews');
    expect(answer.passages[0]?.sentence).toContain('The ledger audit cadence is quarterly');
  });
});

describe('a sentence about another role than the one asked about', () => {
  it('answers less than one about the role asked about', () => {
    const answer = engine.ask('how does the product owner handle the ledger audit?');
    expect(answer.passages[0]?.section).toBe('Monthly audits');
  });
});

describe('a section heading', () => {
  it('is read with every item under it: the list of the asked role leads', () => {
    for (const question of [
      'what are the key competencies of a product manager?',
      'pm competencies',
    ]) {
      const answer = engine.ask(question);
      expect(answer.passages[0]?.section).toBe('Key competencies of a product manager');
    }
  });
});

describe('words the question puts side by side', () => {
  it('rank the passage that says them side by side above one that scatters them', () => {
    const answer = engine.ask('how does the design team do market research?');
    expect(answer.passages[0]?.section).toBe('Interviews');
  });
});
