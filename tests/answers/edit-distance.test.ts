// Typo tolerance decides which words count as the same: the banded distance check must agree with
// the textbook edit distance on every pair, long words included.
import { describe, expect, it } from 'vitest';
import { withinDistance } from '../../src/answers/edit-distance.js';

function editDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

describe('withinDistance', () => {
  it('agrees with the full edit distance on random pairs, short and long', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const word = () =>
      Array.from({ length: next(next(10) === 0 ? 90 : 9) }, () => 'abcd'[next(4)]).join('');
    let near = 0;
    for (let i = 0; i < 3_000; i++) {
      const a = word();
      // Half the pairs are one or two edits apart, so "within" is often true.
      let b = i % 2 === 0 ? word() : a;
      if (i % 2 === 1) {
        for (let edits = 1 + next(2); edits > 0; edits--) {
          const at = next(b.length + 1);
          b = b.slice(0, at) + 'abcd'[next(4)] + b.slice(at + next(2));
        }
      }
      for (const max of [0, 1, 2]) {
        const expected = editDistance(a, b) <= max;
        if (expected) near++;
        expect(withinDistance(a, b, max), `${a} / ${b} ≤ ${max}`).toBe(expected);
      }
    }
    expect(near).toBeGreaterThan(1_000);
  });
});
