// The index cache's file format: whatever goes in comes out, typed arrays as views on the bytes
// read, and a damaged or foreign file is refused rather than half-read.
import { describe, expect, it } from 'vitest';
import { decodeBundle, encodeBundle } from '../src/bundle.js';

const value = {
  name: 'Ünïcödé — “quotes” and emoji 🚀',
  nested: [{ a: new Uint8Array([1, 2, 3]) }, { b: new Uint16Array([65_535, 0, 7]) }],
  ids: new Uint32Array([4_000_000_000, 1]),
  signed: new Int32Array([-5, 5]),
  floats: new Float64Array([Math.PI, -0.5]),
  empty: new Uint32Array(0),
  plain: { n: 1, s: 'x', list: [1, 'two', null] },
};

describe('bundles', () => {
  it('round-trip JSON data and every kind of typed array, odd lengths included', () => {
    const decoded = decodeBundle(encodeBundle(value)) as typeof value;
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
    const bytes = encodeBundle(value);
    const decoded = decodeBundle(bytes) as typeof value;
    expect(decoded.ids.buffer).toBe(bytes.buffer);
    // A copy one byte into a bigger buffer: the views would be misaligned, so it is copied.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const fromShifted = decodeBundle(shifted.subarray(1)) as typeof value;
    expect([...fromShifted.floats]).toEqual([Math.PI, -0.5]);
  });

  it('refuses a file that is not a bundle, or is cut short', () => {
    const bytes = encodeBundle(value);
    expect(() => decodeBundle(Buffer.from('{"format":2}'))).toThrow(/not a rolebot bundle/);
    expect(() => decodeBundle(bytes.subarray(0, 20))).toThrow(/cut short/);
    expect(() => decodeBundle(bytes.subarray(0, bytes.length - 8))).toThrow(/outside the file/);
  });

  it('refuses to write a Buffer, which would serialise itself as JSON', () => {
    expect(() => encodeBundle({ bytes: Buffer.from('abc') })).toThrow(/cannot bundle a Buffer/);
  });
});
