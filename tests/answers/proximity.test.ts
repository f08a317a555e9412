import { describe, expect, it } from 'vitest';
import { neighbouringPairs } from '../../src/answers/proximity.js';

describe('the pairs of neighbouring words a question is read for', () => {
  it('takes each pair once, so a pasted wall of one question costs what the question does', () => {
    const wall = Array.from({ length: 500 }, () => ['own', 'backlog']).flat();
    expect(neighbouringPairs(wall)).toEqual([
      ['own', 'backlog'],
      ['backlog', 'own'],
    ]);
  });

  it('reads at most sixteen pairs of a long text, in the order typed', () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`);
    const pairs = neighbouringPairs(words);
    expect(pairs).toHaveLength(16);
    expect(pairs[0]).toEqual(['word0', 'word1']);
  });
});
