// The index cache's file format: whatever goes in comes out, typed arrays as views on the bytes
// read, and a damaged or foreign file is refused rather than half-read.
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeCacheFile,
  encodeCacheFile,
  readCacheFile,
} from '../../src/index-cache/cache-file.js';
import { DeferredBytes } from '../../src/index-cache/deferred-bytes.js';

const value = {
  name: 'Ünïcödé — “quotes” and emoji 🚀',
  nested: [{ a: new Uint8Array([1, 2, 3]) }, { b: new Uint16Array([65_535, 0, 7]) }],
  ids: new Uint32Array([4_000_000_000, 1]),
  signed: new Int32Array([-5, 5]),
  floats: new Float64Array([Math.PI, -0.5]),
  empty: new Uint32Array(0),
  plain: { n: 1, s: 'x', list: [1, 'two', null] },
};

describe('the cache file format', () => {
  it('round-trip JSON data and every kind of typed array, odd lengths included', () => {
    const decoded = decodeCacheFile(encodeCacheFile(value)) as typeof value;
    expect(decoded.name).toBe(value.name);
    expect(decoded.plain).toEqual(value.plain);
    expect(decoded.nested[0]?.a).toEqual(new Uint8Array([1, 2, 3]));
    expect(decoded.nested[1]?.b).toEqual(new Uint16Array([65_535, 0, 7]));
    expect(decoded.ids).toBeInstanceOf(Uint32Array);
    expect([...decoded.ids]).toEqual([4_000_000_000, 1]);
    expect([...decoded.signed]).toEqual([-5, 5]);
    expect([...decoded.floats]).toEqual([Math.PI, -0.5]);
    expect(decoded.empty).toHaveLength(0);
  });

  it('reads the arrays in place, and from a buffer at any offset', () => {
    const bytes = encodeCacheFile(value);
    const decoded = decodeCacheFile(bytes) as typeof value;
    expect(decoded.ids.buffer).toBe(bytes.buffer);
    // A copy one byte into a bigger buffer: the views would be misaligned, so it is copied.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const fromShifted = decodeCacheFile(shifted.subarray(1)) as typeof value;
    expect([...fromShifted.floats]).toEqual([Math.PI, -0.5]);
  });

  it('refuses a file that is not an index cache, or is cut short', () => {
    const bytes = encodeCacheFile(value);
    expect(() => decodeCacheFile(Buffer.from('{"format":2}'))).toThrow(
      /index cache: not a rolebot index cache file/,
    );
    expect(() => decodeCacheFile(bytes.subarray(0, 20))).toThrow(/cut short/);
    expect(() => decodeCacheFile(bytes.subarray(0, bytes.length - 8))).toThrow(/cut short/);
    // A header pointing past its arrays.
    const lying = Buffer.from(encodeCacheFile({ a: new Uint32Array(2) }));
    const header = lying.indexOf('"length":2');
    lying.write('"length":9', header, 'latin1');
    expect(() => decodeCacheFile(lying)).toThrow(/outside the file/);
  });

  it('refuses to write a Buffer, which would serialise itself as JSON', () => {
    expect(() => encodeCacheFile({ bytes: Buffer.from('abc') })).toThrow(
      /index cache: cannot hold a Buffer/,
    );
  });
});

describe('cache files on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rolebot-cache-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const text = 'passage one ✓\npassage two — ünïcödé\n';
  const bundled = () => ({
    ids: new Uint32Array([7, 8, 9]),
    text: DeferredBytes.of(new TextEncoder().encode(text)),
    tail: new Uint16Array([1, 2, 3]),
  });

  it('read arrays into memory and leave deferred bytes on disk, read by range', async () => {
    const file = path.join(dir, 'index.bin');
    await writeFile(file, encodeCacheFile(bundled()));
    const read = readCacheFile(file) as ReturnType<typeof bundled>;
    expect([...read.ids]).toEqual([7, 8, 9]);
    expect([...read.tail]).toEqual([1, 2, 3]);
    expect(read.text).toBeInstanceOf(DeferredBytes);
    expect(read.text.length).toBe(Buffer.byteLength(text));
    const all = Buffer.from(read.text.read(0, read.text.length)).toString('utf8');
    expect(all).toBe(text);
    const second = Buffer.byteLength('passage one ✓\n');
    expect(Buffer.from(read.text.read(second, read.text.length)).toString('utf8')).toBe(
      'passage two — ünïcödé\n',
    );
    // Ranges past the end are clamped, not read from beyond the bytes.
    expect(read.text.read(read.text.length - 1, read.text.length + 100)).toHaveLength(1);
  });

  it('keep reading the file they opened when a new cache is renamed over it', async () => {
    const file = path.join(dir, 'index.bin');
    await writeFile(file, encodeCacheFile(bundled()));
    const read = readCacheFile(file) as ReturnType<typeof bundled>;
    const replacement = path.join(dir, 'next.bin');
    await writeFile(replacement, encodeCacheFile({ text: DeferredBytes.of(new Uint8Array(64)) }));
    await rename(replacement, file);
    expect(Buffer.from(read.text.read(0, 7)).toString('utf8')).toBe('passage');
  });

  it('round-trip deferred bytes through memory too, and re-encode them', () => {
    const decoded = decodeCacheFile(encodeCacheFile(bundled())) as ReturnType<typeof bundled>;
    const again = decodeCacheFile(encodeCacheFile(decoded)) as ReturnType<typeof bundled>;
    expect(Buffer.from(again.text.read(0, again.text.length)).toString('utf8')).toBe(text);
  });

  it('refuse a missing, foreign or truncated file with an error', async () => {
    const file = path.join(dir, 'index.bin');
    expect(() => readCacheFile(file)).toThrow(/ENOENT/);
    await writeFile(file, '{"format":2,"key":"abc"}');
    expect(() => readCacheFile(file)).toThrow(/index cache: not a rolebot index cache file/);
    const whole = encodeCacheFile(bundled());
    await writeFile(file, whole.subarray(0, whole.length - 30));
    expect(() => readCacheFile(file)).toThrow(/cut short|outside the file/);
  });
});
