/**
 * Which terms each passage uses: the forward counterpart of MiniSearch's inverted index. The
 * search leaves out a question's most widespread terms at scale (see search-index.ts); this table
 * still tells, for the few passages being re-ranked, whether they use them.
 *
 * All rows live in one typed array (16-bit ids while the vocabulary allows), so 80,000 passages
 * cost a few megabytes and no per-passage objects.
 */
export interface TermTable {
  /** Whether passage `row` uses the term with id `termId`. */
  has(row: number, termId: number): boolean;
  readonly rows: number;
  serialize(): SerializedTermTable;
}

/** The table as JSON-able data for the index cache: the typed arrays in base64. */
export interface SerializedTermTable {
  width: 2 | 4;
  ids: string;
  offsets: string;
}

/** Builds the table from each passage's term ids (any order, repeats allowed). */
export function buildTermTable(
  rows: readonly (readonly number[])[],
  vocabulary: number,
): TermTable {
  const unique = rows.map((ids) => [...new Set(ids)].sort((a, b) => a - b));
  const total = unique.reduce((sum, ids) => sum + ids.length, 0);
  const ids = vocabulary <= 0xffff ? new Uint16Array(total) : new Uint32Array(total);
  const offsets = new Uint32Array(rows.length + 1);
  let at = 0;
  unique.forEach((row, i) => {
    offsets[i] = at;
    ids.set(row, at);
    at += row.length;
  });
  offsets[rows.length] = at;
  return table(ids, offsets);
}

export function restoreTermTable(serialized: SerializedTermTable): TermTable {
  const ids = Buffer.from(serialized.ids, 'base64');
  const offsets = Buffer.from(serialized.offsets, 'base64');
  // Copied into fresh, aligned buffers: a decoded Buffer may sit at any offset of Node's pool.
  const idArray =
    serialized.width === 2
      ? new Uint16Array(new Uint8Array(ids).buffer)
      : new Uint32Array(new Uint8Array(ids).buffer);
  return table(idArray, new Uint32Array(new Uint8Array(offsets).buffer));
}

function table(ids: Uint16Array | Uint32Array, offsets: Uint32Array): TermTable {
  const rows = offsets.length - 1;
  return {
    rows,
    has: (row, termId) => {
      if (row < 0 || row >= rows) return false;
      // Binary search in the row's sorted ids.
      let low = offsets[row] ?? 0;
      let high = (offsets[row + 1] ?? 0) - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const id = ids[middle] ?? 0;
        if (id === termId) return true;
        if (id < termId) low = middle + 1;
        else high = middle - 1;
      }
      return false;
    },
    serialize: () => ({
      width: ids instanceof Uint16Array ? 2 : 4,
      ids: Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength).toString('base64'),
      offsets: Buffer.from(offsets.buffer, offsets.byteOffset, offsets.byteLength).toString(
        'base64',
      ),
    }),
  };
}
