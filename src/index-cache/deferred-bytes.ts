/**
 * Bytes read by range when needed: from memory, or (through the reader a cache file gives it) from
 * disk. Passage text is held this way, so a knowledge base restored from the cache keeps its
 * 30 MB of text out of memory and a question reads only the passages it quotes.
 */
export class DeferredBytes {
  constructor(
    readonly length: number,
    private readonly readRange: (start: number, end: number) => Uint8Array,
  ) {}

  static of(bytes: Uint8Array): DeferredBytes {
    return new DeferredBytes(bytes.length, (start, end) => bytes.subarray(start, end));
  }

  /** Bytes `start` to `end`, clamped to the length. */
  read(start: number, end: number): Uint8Array {
    const from = Math.max(0, Math.min(start, this.length));
    return this.readRange(from, Math.max(from, Math.min(end, this.length)));
  }
}
