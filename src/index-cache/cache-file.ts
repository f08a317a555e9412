/**
 * The index cache's file format: a JSON header, then the typed arrays the header refers to as raw
 * bytes. Most of a stored engine is big arrays of numbers and passage text; as JSON they cost seconds
 * to parse at 10,000 documents, and their parsed form lives on the JS heap. Here they are read
 * with the file and used where they lie: each typed array is a view on the file's bytes.
 *
 * Bytes that are big and read a few at a time (passage text: a question quotes a few passages
 * out of 80,000) can be deferred: `readCacheFile` leaves them on disk and reads the ranges asked
 * for, so they cost neither start-up time nor memory.
 *
 * Layout: "RBUNDLE2", the header's byte length (u32), the arrays' byte length (u32), the header
 * (UTF-8 JSON), zero padding to a multiple of 8, the arrays (each 8-byte aligned), then the
 * deferred bytes. The header holds the value with every typed array replaced by
 * `{ "$array": kind, "offset": n, "length": n }` (offsets from the start of the arrays) and every
 * DeferredBytes by `{ "$deferred": "u8", "offset": n, "length": n }` (from the end of the arrays).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { RolebotError } from '../errors.js';
import { DeferredBytes } from './deferred-bytes.js';

const MAGIC = 'RBUNDLE2';
const PREFIX = MAGIC.length + 8;
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

interface DeferredRef {
  $deferred: 'u8';
  offset: number;
  length: number;
}

/** A damaged file, or a value this format cannot hold. */
function invalid(problem: string): RolebotError {
  return new RolebotError('cache_invalid', `index cache: ${problem}`);
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

/** Encodes a value of JSON data, typed arrays (Uint8/16/32, Int32, Float64) and DeferredBytes. */
export function encodeCacheFile(value: unknown): Buffer {
  const arrays: { array: AnyArray; offset: number }[] = [];
  const deferred: { bytes: DeferredBytes; offset: number }[] = [];
  let arraysEnd = 0;
  let deferredEnd = 0;
  const header = JSON.stringify(value, function (this: Record<string, unknown>, key, replaced) {
    const original = this[key];
    if (original instanceof DeferredBytes) {
      const ref: DeferredRef = { $deferred: 'u8', offset: deferredEnd, length: original.length };
      deferred.push({ bytes: original, offset: deferredEnd });
      deferredEnd = align(deferredEnd + original.length);
      return ref;
    }
    if (ArrayBuffer.isView(original)) {
      const kind = kindOf(original);
      if (!kind) throw invalid(`cannot hold a ${original.constructor.name} (at "${key}")`);
      const array = original as AnyArray;
      const ref: ArrayRef = { $array: kind, offset: arraysEnd, length: array.length };
      arrays.push({ array, offset: arraysEnd });
      arraysEnd = align(arraysEnd + array.byteLength);
      return ref;
    }
    return replaced;
  });
  if (header === undefined) throw invalid('nothing to write');
  const headerBytes = Buffer.from(header, 'utf8');
  const arraysStart = align(PREFIX + headerBytes.length);
  const deferredStart = arraysStart + arraysEnd;
  const out = Buffer.alloc(deferredStart + deferredEnd);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  out.writeUInt32LE(arraysEnd, MAGIC.length + 4);
  headerBytes.copy(out, PREFIX);
  for (const { array, offset } of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), arraysStart + offset);
  }
  for (const { bytes, offset } of deferred) {
    out.set(bytes.read(0, bytes.length), deferredStart + offset);
  }
  return out;
}

/**
 * Decodes a whole cache file held in memory. Typed arrays are views on `bytes` (no copy), so the
 * caller must not reuse the buffer. Throws on anything that isn't a whole cache file from this
 * machine's byte order, so a damaged cache is rebuilt rather than read.
 */
export function decodeCacheFile(bytes: Uint8Array): unknown {
  // Views need their offsets aligned to the element size; a pooled Buffer may not be.
  const data = bytes.byteOffset % ALIGN === 0 ? bytes : new Uint8Array(bytes);
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const { headerLength, arraysLength } = readPrefix(view.subarray(0, PREFIX));
  const arraysStart = align(PREFIX + headerLength);
  if (arraysStart + arraysLength > view.length) throw invalid('the file is cut short');
  const header = view.toString('utf8', PREFIX, PREFIX + headerLength);
  const arrays = view.subarray(arraysStart, arraysStart + arraysLength);
  const rest = view.subarray(arraysStart + arraysLength);
  return parseHeader(header, arrays, rest.length, (ref) =>
    DeferredBytes.of(rest.subarray(ref.offset, ref.offset + ref.length)),
  );
}

/** Closes a cache file once nothing can read its deferred bytes any more. */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/**
 * Reads a cache file: the header and arrays into memory, the deferred bytes left on disk and
 * read by range on use (the file stays open while they are reachable; replacing the file by
 * renaming a new one over it, as the cache does, leaves them reading the old one).
 */
export function readCacheFile(file: string): unknown {
  const fd = openSync(file, 'r');
  let deferredUsed = false;
  try {
    const size = fstatSync(fd).size;
    const prefix = readAt(fd, 0, PREFIX, size);
    const { headerLength, arraysLength } = readPrefix(prefix);
    const arraysStart = align(PREFIX + headerLength);
    if (arraysStart + arraysLength > size) throw invalid('the file is cut short');
    const header = readAt(fd, PREFIX, headerLength, size).toString('utf8');
    // A fresh buffer of its own, so every view in it is aligned.
    const arrays = readAt(fd, arraysStart, arraysLength, size);
    const deferredStart = arraysStart + arraysLength;
    const value = parseHeader(header, arrays, size - deferredStart, (ref) => {
      deferredUsed = true;
      const bytes = new DeferredBytes(ref.length, (start, end) =>
        readAt(fd, deferredStart + ref.offset + start, end - start, size),
      );
      openFiles.register(bytes, fd);
      return bytes;
    });
    return value;
  } finally {
    if (!deferredUsed) closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number, size: number): Buffer {
  if (position + length > size) throw invalid('the file is cut short');
  const buffer = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) throw invalid('the file is cut short');
    done += read;
  }
  return buffer;
}

function readPrefix(prefix: Uint8Array): { headerLength: number; arraysLength: number } {
  if (new Uint16Array(new Uint8Array([1, 0]).buffer)[0] !== 1) {
    throw invalid('the format is little-endian; this machine is not');
  }
  const view = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (view.length < PREFIX || view.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new RolebotError('cache_foreign', 'index cache: not a rolebot index cache file');
  }
  return {
    headerLength: view.readUInt32LE(MAGIC.length),
    arraysLength: view.readUInt32LE(MAGIC.length + 4),
  };
}

function parseHeader(
  header: string,
  arrays: Buffer,
  deferredLength: number,
  deferred: (ref: DeferredRef) => DeferredBytes,
): unknown {
  return JSON.parse(header, (_key, value: unknown) => {
    if (isRef(value, '$deferred')) {
      if (value.offset + value.length > deferredLength) {
        throw invalid('deferred bytes lie outside the file');
      }
      return deferred(value as DeferredRef);
    }
    if (!isRef(value, '$array') || !(value.$array in KINDS)) return value;
    const type = KINDS[value.$array as Kind];
    const start = value.offset;
    const byteLength = value.length * type.BYTES_PER_ELEMENT;
    if ((arrays.byteOffset + start) % type.BYTES_PER_ELEMENT !== 0) {
      throw invalid('an array is misaligned');
    }
    if (start + byteLength > arrays.length) throw invalid('an array lies outside the file');
    return new type(arrays.buffer as ArrayBuffer, arrays.byteOffset + start, value.length);
  });
}

function isRef<K extends string>(
  value: unknown,
  marker: K,
): value is Record<K, string> & { offset: number; length: number } {
  if (typeof value !== 'object' || value === null || !(marker in value)) return false;
  const ref = value as { offset?: unknown; length?: unknown } & Record<string, unknown>;
  return (
    typeof ref[marker] === 'string' &&
    Number.isInteger(ref.offset) &&
    Number.isInteger(ref.length) &&
    (ref.offset as number) >= 0 &&
    (ref.length as number) >= 0
  );
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
