import type { SearchHit } from './search-index.js';

/**
 * Pairs each query term of a search hit with the passage terms it matched (itself, a longer term
 * it is a prefix of, or a term within the fuzzy distance), so coverage and verdicts can tell
 * "backlogg" found "backlog" without searching again.
 */
export function matchedForms(hit: SearchHit, maxDistance = 2): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const queryTerm of hit.queryTerms) {
    const set = new Set<string>();
    for (const docTerm of hit.terms) {
      if (
        docTerm === queryTerm ||
        docTerm.startsWith(queryTerm) ||
        withinDistance(queryTerm, docTerm, maxDistance)
      ) {
        set.add(docTerm);
      }
    }
    if (set.size > 0) forms.set(queryTerm, set);
  }
  return forms;
}

/** Two rows of the distance table, reused: a question compares dozens of term pairs. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Levenshtein distance ≤ max, computed in a band so long terms cost little. */
export function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (b.length + 1 > previousRow.length) {
    previousRow = new Int32Array(2 * (b.length + 1));
    currentRow = new Int32Array(2 * (b.length + 1));
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return false;
    const done = previous;
    previous = current;
    current = done;
  }
  return (previous[b.length] as number) <= max;
}
