// A knowledge base of thousands of passages where a question's commonest words are in nearly
// every passage: the answers must still be the passages that cover the question, and a cached
// engine must answer as the built one does.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/answers/engine.js';
import { decodeCacheFile, encodeCacheFile } from '../../src/index-cache/cache-file.js';
import {
  fromStoredForm,
  type StoredEngine,
  storedForm,
} from '../../src/index-cache/stored-engine.js';
import { buildKnowledgeBase } from '../../src/knowledge/loader.js';

const DOCUMENTS = 700;
const SECTIONS = 9;

/** A made-up word per passage ("bcd"), so no two passages are near-duplicates of each other. */
function nameOf(n: number): string {
  let name = '';
  for (let rest = n + 26 * 27; rest > 0; rest = Math.floor(rest / 26)) {
    name += String.fromCharCode(97 + (rest % 26));
  }
  return name;
}

/**
 * Filler a handbook would have. Every passage names the team; the stakeholders are in nearly
 * every passage (far more than one search visits) but in only a few of the retrospective ones.
 */
function section(doc: number, n: number): string {
  const name = nameOf(doc * SECTIONS + n);
  const retrospective = n === 2;
  const stakeholders = !retrospective || doc % 50 === 0;
  return [
    `## Working agreement ${name}`,
    '',
    `The team keeps its working agreement ${name} in the handbook. ` +
      (retrospective ? `The retrospective of ${name} happens every second Friday. ` : '') +
      (stakeholders ? `The stakeholders of ${name} are welcome to join. ` : '') +
      `Everyone in ${name} writes down decisions, shares the notes in the channel and reviews ` +
      `them together at the end of each week so nothing about ${name} is lost between meetings.`,
  ].join('\n');
}

const NEEDLE =
  'The product owner prepares the quarterly budget review with the team and the stakeholders, ' +
  'and shares the figures with everyone who asked for them before the review meeting starts.';

function document(doc: number): { file: string; content: string } {
  const sections = Array.from({ length: SECTIONS }, (_, n) => section(doc, n));
  if (doc === 321) sections.splice(4, 0, `## Budget\n\n${NEEDLE}`);
  return {
    file: `handbook-${doc}.md`,
    content: `---\ntitle: Team handbook ${doc}\n---\n\n${sections.join('\n\n')}\n`,
  };
}

let engine: Engine;

beforeAll(() => {
  const documents = Array.from({ length: DOCUMENTS }, (_, doc) => document(doc));
  engine = createEngine(buildKnowledgeBase({ documents }));
}, 120_000);

describe('a knowledge base of thousands of passages', () => {
  it('is big enough that the commonest words are in thousands of passages', () => {
    // "team" is in every passage.
    expect(engine.passages.length).toBeGreaterThan(6_000);
  });

  it('ranks first the one passage that covers the question, widespread words included', () => {
    const answer = engine.ask('who prepares the quarterly budget review for the team?');
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]?.text).toBe(NEEDLE);
  });

  it('prefers, among passages holding the rare word, those with the widespread word too', () => {
    // 700 passages talk about the retrospective; 14 of them also welcome the stakeholders, a word
    // nearly every other passage uses.
    const answer = engine.ask('are the stakeholders welcome to join the retrospective?');
    expect(answer.answered).toBe(true);
    expect(answer.passages.length).toBeGreaterThan(0);
    for (const passage of answer.passages) {
      expect(passage.text).toContain('retrospective');
      expect(passage.text).toContain('stakeholders');
    }
  });

  it('answers a question made only of widespread words from their best passages', () => {
    const answer = engine.ask('team handbook?');
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(answer.passages[0]?.text.toLowerCase()).toContain('handbook');
  });

  it('answers the same from its cached snapshot as when freshly built', () => {
    const restored = fromStoredForm(
      decodeCacheFile(encodeCacheFile(storedForm(engine))) as StoredEngine,
    );
    for (const question of [
      'who prepares the quarterly budget review for the team?',
      'are the stakeholders welcome to join the retrospective?',
      'team handbook?',
    ]) {
      const built = engine.ask(question);
      const cached = restored.ask(question);
      expect(cached.passages.map((p) => p.id)).toEqual(built.passages.map((p) => p.id));
      expect(cached.answered).toBe(built.answered);
    }
  });
});
