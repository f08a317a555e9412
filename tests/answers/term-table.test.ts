import { describe, expect, it } from 'vitest';
import { buildTermTable, restoreTermTable } from '../../src/answers/term-table.js';

describe('the term table', () => {
  const rows = [[5, 1, 9, 1], [], [0, 65_000, 3]];

  it('tells which terms each passage uses, and nothing else', () => {
    const table = buildTermTable(rows, 65_001);
    expect(table.rows).toBe(3);
    for (const id of [1, 5, 9]) expect(table.has(0, id)).toBe(true);
    for (const id of [0, 2, 3, 10]) expect(table.has(0, id)).toBe(false);
    expect(table.has(1, 0)).toBe(false);
    expect(table.has(2, 65_000)).toBe(true);
    expect(table.has(2, 4)).toBe(false);
    // A row that does not exist holds nothing.
    expect(table.has(3, 0)).toBe(false);
    expect(table.has(-1, 1)).toBe(false);
  });

  it('answers the same after a round trip through JSON, at both id widths', () => {
    for (const vocabulary of [65_001, 70_000]) {
      const table = buildTermTable(vocabulary > 0xffff ? [...rows, [69_999]] : rows, vocabulary);
      const serialized = table.serialize();
      expect(serialized.width).toBe(vocabulary > 0xffff ? 4 : 2);
      const restored = restoreTermTable(JSON.parse(JSON.stringify(serialized)));
      expect(restored.rows).toBe(table.rows);
      for (let row = 0; row < table.rows; row++) {
        for (const id of [0, 1, 3, 5, 9, 65_000, 69_999]) {
          expect(restored.has(row, id)).toBe(table.has(row, id));
        }
      }
      if (vocabulary > 0xffff) expect(restored.has(3, 69_999)).toBe(true);
    }
  });
});
