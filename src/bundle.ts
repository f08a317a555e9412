/**
 * The index cache's file format: a JSON header, then the typed arrays the header refers to as raw
 * bytes. Most of a snapshot is big arrays of numbers and passage text; as JSON they cost seconds
 * to parse at 10,000 documents, and their parsed form lives on the JS heap. Here they are read
 * with the file and used where they lie: each typed array is a view on the file's bytes.
 *
 * Layout: "RBUNDLE1", the header's byte length (u32), the header (UTF-8 JSON), zero padding to a
 * multiple of 8, then each array at an 8-byte-aligned offset. The header holds the value with every
 * typed array replaced by `{ "$array": kind, "offset": n, "length": n }`, offsets counted from the
 * end of the padding.
 */
const MAGIC = 'RBUNDLE1';
const ALIGN = 8;

const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;
type Kind = keyof typeof KINDS;
type AnyArray = InstanceType<(typeof KINDS)[Kind]>;

interface ArrayRef {
  $array: Kind;
  offset: number;
  length: number;
}

function kindOf(value: unknown): Kind | undefined {
  for (const [kind, type] of Object.entries(KINDS)) {
    // Exact class only: a Buffer is a Uint8Array too but would serialize itself as JSON.
    if (value instanceof type && Object.getPrototypeOf(value) === type.prototype) {
      return kind as Kind;
    }
  }
  return undefined;
}

/** Encodes a value of JSON data and typed arrays (Uint8/16/32, Int32, Float64). */
export function encodeBundle(value: unknown): Buffer {
  const arrays: { array: AnyArray; offset: number }[] = [];
  let end = 0;
  const header = JSON.stringify(value, function (this: Record<string, unknown>, key, replaced) {
    const original = this[key];
    if (ArrayBuffer.isView(original)) {
      const kind = kindOf(original);
      if (!kind) throw new Error(`cannot bundle a ${original.constructor.name} (at "${key}")`);
      const array = original as AnyArray;
      const ref: ArrayRef = { $array: kind, offset: end, length: array.length };
      arrays.push({ array, offset: end });
      end = align(end + array.byteLength);
      return ref;
    }
    return replaced;
  });
  if (header === undefined) throw new Error('nothing to bundle');
  const headerBytes = Buffer.from(header, 'utf8');
  const dataStart = align(MAGIC.length + 4 + headerBytes.length);
  const out = Buffer.alloc(dataStart + end);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  for (const { array, offset } of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + offset);
  }
  return out;
}

/**
 * Decodes what `encodeBundle` wrote. Typed arrays are views on `bytes` (no copy), so the caller
 * must not reuse the buffer. Throws on anything that isn't a whole bundle from this machine's
 * byte order, so a damaged cache is rebuilt rather than read.
 */
export function decodeBundle(bytes: Uint8Array): unknown {
  if (new Uint16Array(new Uint8Array([1, 0]).buffer)[0] !== 1) {
    throw new Error('bundles are little-endian; this machine is not');
  }
  // Views need their offsets aligned to the element size; a pooled Buffer may not be.
  const data = bytes.byteOffset % ALIGN === 0 ? bytes : new Uint8Array(bytes);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (view.length < MAGIC.length + 4 || view.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new Error('not a rolebot bundle');
  }
  const headerLength = view.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > view.length) throw new Error('bundle header is cut short');
  const dataStart = align(headerEnd);
  const header = view.toString('utf8', MAGIC.length + 4, headerEnd);
  return JSON.parse(header, (_key, value: unknown) => {
    if (!isArrayRef(value)) return value;
    const type = KINDS[value.$array];
    const start = dataStart + value.offset;
    if (
      start % type.BYTES_PER_ELEMENT !== 0 ||
      start + value.length * type.BYTES_PER_ELEMENT > view.length
    ) {
      throw new Error('bundle array lies outside the file');
    }
    return new type(view.buffer as ArrayBuffer, view.byteOffset + start, value.length);
  });
}

function isArrayRef(value: unknown): value is ArrayRef {
  if (typeof value !== 'object' || value === null || !('$array' in value)) return false;
  const ref = value as Partial<ArrayRef>;
  return (
    typeof ref.$array === 'string' &&
    ref.$array in KINDS &&
    Number.isInteger(ref.offset) &&
    Number.isInteger(ref.length) &&
    (ref.offset ?? -1) >= 0 &&
    (ref.length ?? -1) >= 0
  );
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
