/** Edit distance: typo tolerance for role names and asking words, and spelling stand-ins. */
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

/** Whether two words are at most one edit apart, two swapped neighbours counting as one. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length > 1) return false;
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  if (shorter.length === longer.length) {
    // One letter changed, or this one and the next swapped.
    if (shorter.slice(i + 1) === longer.slice(i + 1)) return true;
    return (
      shorter[i] === longer[i + 1] &&
      shorter[i + 1] === longer[i] &&
      shorter.slice(i + 2) === longer.slice(i + 2)
    );
  }
  // One letter added to the shorter.
  return shorter.slice(i) === longer.slice(i + 1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit from a lower-case word: a letter dropped, two neighbours swapped, a
 * letter changed or one added (about 54 per letter, so a few hundred for a long word).
 */
export function singleEdits(word: string): Set<string> {
  const edits = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) edits.add(head + tail.slice(1));
    if (tail.length > 1)
      edits.add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) edits.add(head + letter + tail.slice(1));
      edits.add(head + letter + tail);
    }
  }
  edits.delete(word);
  return edits;
}
