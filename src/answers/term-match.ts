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

/** Levenshtein distance ≤ max, computed in a band so long terms cost little. */
export function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return false;
    previous = current;
  }
  return (previous[b.length] ?? max + 1) <= max;
}
