// MAT-file level 5 reader (MATLAB 5 to 7.x files, not v7.3/HDF5). Runs in Node and in browsers.
//
// Layout: a 128-byte header (116 bytes of text, an 8-byte subsystem offset, a 2-byte version and
// the endian indicator 'IM'/'MI'), then data elements: an 8-byte tag (type, byte count) — or a
// 4-byte "small" tag whose upper half is the byte count, with up to 4 data bytes beside it —
// then the data, padded to a multiple of 8 bytes. Top-level elements are miMATRIX or
// miCOMPRESSED (a zlib stream holding one miMATRIX element, not padded).
//
// Internally the parser throws `Fail` and `readMat` turns it into a `Left`; any other exception
// would be a bug and is not caught.
import { Inflate } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import {
  type DatasetError,
  type ParseError,
  parseError,
  type UnsupportedError,
} from '../errors.js';
import {
  FLAG_COMPLEX,
  FLAG_GLOBAL,
  FLAG_LOGICAL,
  HOST_LITTLE_ENDIAN,
  MI,
  MX,
  miName,
  miSize,
  newNumericArray,
  numericClassOf,
} from './format.js';
import type {
  MatChar,
  MatFile,
  MatHeader,
  MatNumeric,
  MatStruct,
  MatValue,
  MatVariable,
  NumericArrays,
  NumericClass,
} from './types.js';

/**
 * Default cap on the inflated size of one miCOMPRESSED element: 1 GiB. A compressed variable
 * that declares more is refused (`Unsupported`) once its first 8 bytes are inflated; one that
 * inflates to more than it declares is a `ParseError`, stopped within one 16 KiB input step.
 */
export const MAX_INFLATED_BYTES = 1 << 30;

/** Deepest nesting of cells and structs accepted (a top-level variable is level 1). */
export const MAX_NESTING_DEPTH = 64;

/**
 * Most array entries accepted per file that no input bytes account for: elements of struct
 * arrays without fields and rows of empty char arrays (their size cannot be checked against
 * the input, so a small file could otherwise claim billions of them).
 */
export const MAX_UNBACKED_ENTRIES = 1 << 16;

/** Options of {@link readMat}. */
export interface ReadMatOptions {
  /** Largest inflated size of one compressed element, in bytes (default {@link MAX_INFLATED_BYTES}). */
  readonly maxInflatedBytes?: number;
}

class Fail {
  constructor(readonly error: ParseError | UnsupportedError) {}
}

/** The buffer being parsed: the file, or the inflated data of one compressed element. */
interface Ctx {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly le: boolean;
  /** Absolute offset of the miCOMPRESSED element whose inflated data this is, or -1. */
  readonly compressedAt: number;
  /** What is left of {@link MAX_UNBACKED_ENTRIES} for the whole file. */
  readonly budget: { unbacked: number };
}

interface Tag {
  readonly type: number;
  readonly size: number;
  readonly dataStart: number;
  /** Where the next element starts (after the padding). */
  readonly next: number;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const CHUNK = 8192;
/**
 * Compressed bytes inflated per step. Deflate expands at most 1032-fold, so output overshoots a
 * compressed element's declared size by at most ~16.5 MiB before inflating stops.
 */
const INFLATE_STEP = 16384;
/** Deflate's largest expansion: a 258-byte match coded in 2 bits. */
const MAX_DEFLATE_RATIO = 1032;

function where(ctx: Ctx, pos: number): { offset: number; note: string } {
  if (ctx.compressedAt < 0) return { offset: pos, note: '' };
  return {
    offset: ctx.compressedAt,
    note: ` (at byte ${pos} of the inflated data of the miCOMPRESSED element at byte ${ctx.compressedAt})`,
  };
}

function fail(ctx: Ctx, expected: string, found: string, pos: number): Fail {
  const { offset, note } = where(ctx, pos);
  const error = parseError('mat', expected, found, offset);
  return new Fail(note === '' ? error : { ...error, message: error.message + note });
}

function zlibFail(expected: string, found: string, offset: number): Fail {
  const error = parseError('zlib', expected, found, offset);
  return new Fail({ ...error, message: `${error.message} (in the miCOMPRESSED element)` });
}

function unsupported(ctx: Ctx, feature: string, pos: number): Fail {
  const { offset, note } = where(ctx, pos);
  return new Fail({
    _tag: 'Unsupported',
    format: 'mat',
    feature,
    offset,
    message: `mat: ${feature} not supported (byte ${offset})${note}`,
  });
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, Math.min(end, i + CHUNK))));
  }
  return s;
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end && i < bytes.length; i++) {
    s += bytes[i]!.toString(16).padStart(2, '0');
  }
  return `0x${s}`;
}

function readTag(ctx: Ctx, pos: number, end: number): Tag {
  if (end - pos < 8) {
    throw fail(ctx, 'an 8-byte data element tag', `${end - pos} bytes left`, pos);
  }
  const word = ctx.view.getUint32(pos, ctx.le);
  if (word >>> 16 !== 0) {
    const size = word >>> 16;
    const type = word & 0xffff;
    if (size > 4) {
      throw fail(ctx, 'a small data element of at most 4 bytes', `${size} bytes`, pos);
    }
    return { type, size, dataStart: pos + 4, next: pos + 8 };
  }
  const size = ctx.view.getUint32(pos + 4, ctx.le);
  const dataStart = pos + 8;
  if (size > end - dataStart) {
    throw fail(
      ctx,
      `${size} bytes of ${miName(word)} data`,
      `${end - dataStart} bytes left in the enclosing element`,
      pos,
    );
  }
  const padded = dataStart + size + ((8 - (size % 8)) % 8);
  return { type: word, size, dataStart, next: Math.min(padded, end) };
}

function expectType(ctx: Ctx, tag: Tag, pos: number, what: string, ...types: number[]): void {
  if (!types.includes(tag.type)) {
    const names = types.map(miName).join(' or ');
    throw fail(ctx, `${what} of type ${names}`, miName(tag.type), pos);
  }
}

// ---------------------------------------------------------------------------------------------
// Header

function looksLikeV4(view: DataView): boolean {
  if (view.byteLength < 20) return false;
  for (const le of [true, false]) {
    const mopt = view.getInt32(0, le);
    const m = Math.floor(mopt / 1000);
    const o = Math.floor(mopt / 100) % 10;
    const p = Math.floor(mopt / 10) % 10;
    const t = mopt % 10;
    const rows = view.getInt32(4, le);
    const cols = view.getInt32(8, le);
    const imagf = view.getInt32(12, le);
    const namlen = view.getInt32(16, le);
    if (
      mopt >= 0 &&
      m <= 4 &&
      o === 0 &&
      p <= 5 &&
      t <= 2 &&
      rows >= 0 &&
      cols >= 0 &&
      (imagf === 0 || imagf === 1) &&
      namlen >= 1 &&
      namlen <= 4096
    ) {
      return true;
    }
  }
  return false;
}

function hasHdf5Signature(bytes: Uint8Array, at: number): boolean {
  if (bytes.length < at + 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[at + i] !== HDF5_SIGNATURE[i]) return false;
  return true;
}

function readHeader(bytes: Uint8Array, view: DataView): { header: MatHeader; subsystem: number } {
  const file: Ctx = { bytes, view, le: true, compressedAt: -1, budget: { unbacked: 0 } };
  const v4 = looksLikeV4(view);
  if (bytes.length < 128) {
    if (v4) throw unsupported(file, 'MAT-file version 4 (no level 5 header)', 0);
    throw fail(file, 'a 128-byte MAT-file level 5 header', `${bytes.length} bytes`, 0);
  }
  const text = latin1(bytes, 0, 116).replace(/[\s\0]+$/, '');
  if (/^MATLAB 7\.3/.test(text) || hasHdf5Signature(bytes, 512) || hasHdf5Signature(bytes, 0)) {
    throw unsupported(file, 'MAT-file version 7.3 (HDF5-based; re-save with -v7)', 0);
  }
  const e0 = bytes[126];
  const e1 = bytes[127];
  let le: boolean;
  if (e0 === 0x49 && e1 === 0x4d) le = true;
  else if (e0 === 0x4d && e1 === 0x49) le = false;
  else if (v4) throw unsupported(file, 'MAT-file version 4 (no level 5 header)', 0);
  else throw fail(file, "the endian indicator 'IM' or 'MI'", hex(bytes, 126, 128), 126);
  const version = view.getUint16(124, le);
  if (version === 0x0200) {
    throw unsupported(file, 'MAT-file version 7.3 (HDF5-based; re-save with -v7)', 124);
  }
  if (version !== 0x0100) {
    throw fail(file, 'version 0x0100', `0x${version.toString(16).padStart(4, '0')}`, 124);
  }
  // The subsystem offset is 0 or all blanks when there is no subsystem data.
  const hi = view.getUint32(116, le);
  const lo = view.getUint32(120, le);
  let subsystem = -1;
  const blank = (hi === 0 && lo === 0) || (hi === 0x20202020 && lo === 0x20202020);
  if (!blank) {
    const offset = le ? lo * 2 ** 32 + hi : hi * 2 ** 32 + lo;
    if (offset >= 128 && offset < bytes.length) subsystem = offset;
  }
  return { header: { text, version, endian: le ? 'little' : 'big' }, subsystem };
}

// ---------------------------------------------------------------------------------------------
// Compressed elements

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  for (let i = 0; i < n; ) {
    const stop = Math.min(n, i + 5552);
    for (; i < stop; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}

function declaredInnerSize(first: Uint8Array, le: boolean): number {
  const view = new DataView(first.buffer, first.byteOffset, 8);
  const word = view.getUint32(0, le);
  return word >>> 16 !== 0 ? 8 : 8 + view.getUint32(4, le);
}

function inflateElement(file: Ctx, tag: Tag, at: number, maxBytes: number): Uint8Array {
  const { bytes } = file;
  const start = tag.dataStart;
  const size = tag.size;
  if (size < 6) {
    throw zlibFail('a zlib stream of at least 6 bytes', `${size} bytes`, at);
  }
  const cmf = bytes[start]!;
  const flg = bytes[start + 1]!;
  if ((cmf & 0x0f) !== 8 || cmf >>> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw zlibFail('a zlib header (deflate, valid check bits)', hex(bytes, start, start + 2), at);
  }
  if ((flg & 0x20) !== 0) {
    throw zlibFail('a zlib stream without a preset dictionary', 'FDICT set', at);
  }
  const deflated = bytes.subarray(start + 2, start + size - 4);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit = maxBytes; // until the inner tag (the first 8 inflated bytes) gives the size
  let declared = -1;
  const inflater = new Inflate((chunk) => {
    if (chunk.length > 0) chunks.push(chunk);
    total += chunk.length;
  });
  const check = (): void => {
    if (declared < 0 && total >= 8) {
      const first = new Uint8Array(8);
      let k = 0;
      for (let c = 0; k < 8; c++) {
        const chunk = chunks[c]!;
        for (let i = 0; i < chunk.length && k < 8; i++) first[k++] = chunk[i]!;
      }
      declared = declaredInnerSize(first, file.le);
      if (declared > MAX_DEFLATE_RATIO * (deflated.length + 1)) {
        throw fail(
          file,
          `at most ${MAX_DEFLATE_RATIO}× expansion of ${deflated.length} compressed bytes`,
          `an inner element of ${declared} bytes`,
          at,
        );
      }
      if (declared > maxBytes) {
        throw unsupported(
          file,
          `a compressed variable of ${declared} bytes (more than the limit of ${maxBytes} bytes)`,
          at,
        );
      }
      limit = declared + 7;
    }
    if (total > limit) {
      throw fail(
        file,
        `compressed data that inflates to the ${declared} bytes its element declares`,
        `more than ${limit} bytes`,
        at,
      );
    }
  };
  const n = deflated.length;
  for (let off = 0; off <= n; off += INFLATE_STEP) {
    const final = off + INFLATE_STEP >= n;
    try {
      inflater.push(deflated.subarray(off, Math.min(n, off + INFLATE_STEP)), final);
    } catch (e) {
      throw zlibFail('valid deflate data', e instanceof Error ? e.message : String(e), at);
    }
    check();
    if (final) break;
  }
  const out = new Uint8Array(total);
  let k = 0;
  for (let c = 0; c < chunks.length; c++) {
    out.set(chunks[c]!, k);
    k += chunks[c]!.length;
  }
  const want = new DataView(bytes.buffer, bytes.byteOffset).getUint32(start + size - 4, false);
  const got = adler32(out);
  if (want !== got) {
    throw zlibFail(`Adler-32 checksum 0x${hex32(want)}`, `0x${hex32(got)}`, at);
  }
  return out;
}

function hex32(v: number): string {
  return v.toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Matrices

interface Parsed {
  readonly name: string;
  readonly value: MatValue;
  readonly global: boolean;
}

const EMPTY_DOUBLE: () => MatNumeric = () => ({
  kind: 'numeric',
  class: 'double',
  dims: [0, 0],
  data: new Float64Array(0),
});

/** Parses the contents [start, end) of an miMATRIX element whose tag is at `at`. */
function parseMatrix(ctx: Ctx, start: number, end: number, at: number, depth: number): Parsed {
  if (depth > MAX_NESTING_DEPTH) {
    throw unsupported(ctx, `cells or structs nested more than ${MAX_NESTING_DEPTH} deep`, at);
  }
  // MATLAB writes the empty contents of a fresh cell array as a 0-byte miMATRIX: a 0×0 double.
  if (start === end) return { name: '', value: EMPTY_DOUBLE(), global: false };
  let pos = start;

  const flagsTag = readTag(ctx, pos, end);
  expectType(ctx, flagsTag, pos, 'array flags', MI.UINT32);
  if (flagsTag.size !== 8) {
    throw fail(ctx, 'array flags of 8 bytes', `${flagsTag.size} bytes`, pos);
  }
  const flagsWord = ctx.view.getUint32(flagsTag.dataStart, ctx.le);
  const mx = flagsWord & 0xff;
  const flags = (flagsWord >>> 8) & 0xff;
  const complex = (flags & FLAG_COMPLEX) !== 0;
  const global = (flags & FLAG_GLOBAL) !== 0;
  const logical = (flags & FLAG_LOGICAL) !== 0;
  if (mx === MX.SPARSE) throw unsupported(ctx, 'sparse matrices', at);
  if (mx === MX.OBJECT) throw unsupported(ctx, 'MATLAB objects (class instances)', at);
  if (mx === MX.FUNCTION) throw unsupported(ctx, 'function handles', at);
  if (mx === MX.OPAQUE) {
    throw unsupported(ctx, 'opaque MATLAB objects (string, table, classdef instances)', at);
  }
  const cls = numericClassOf(mx);
  if (cls === undefined && mx !== MX.CELL && mx !== MX.STRUCT && mx !== MX.CHAR) {
    throw fail(ctx, 'a known array class (1 to 17)', `array class ${mx}`, flagsTag.dataStart);
  }
  pos = flagsTag.next;

  const dimsTag = readTag(ctx, pos, end);
  expectType(ctx, dimsTag, pos, 'dimensions', MI.INT32);
  if (dimsTag.size % 4 !== 0 || dimsTag.size < 8) {
    throw fail(ctx, 'at least 2 dimensions (int32 each)', `${dimsTag.size} bytes`, pos);
  }
  const ndims = dimsTag.size / 4;
  const dims: number[] = new Array(ndims);
  let numel = 1;
  let zero = false;
  for (let i = 0; i < ndims; i++) {
    const d = ctx.view.getInt32(dimsTag.dataStart + 4 * i, ctx.le);
    if (d < 0) throw fail(ctx, 'non-negative dimensions', `dimension ${d}`, dimsTag.dataStart);
    dims[i] = d;
    if (d === 0) zero = true;
    else if (numel <= Number.MAX_SAFE_INTEGER) numel *= d;
  }
  if (zero) numel = 0;
  pos = dimsTag.next;

  const nameTag = readTag(ctx, pos, end);
  expectType(ctx, nameTag, pos, 'the array name', MI.INT8, MI.UINT8);
  const name = latin1(ctx.bytes, nameTag.dataStart, nameTag.dataStart + nameTag.size);
  pos = nameTag.next;

  // Every kind but a fieldless struct needs at least one byte of input per element.
  if (mx !== MX.STRUCT && numel > end - pos) {
    throw fail(
      ctx,
      `data for the ${dims.join('×')} = ${numel} elements the dimensions claim`,
      `${end - pos} bytes left in the miMATRIX element`,
      dimsTag.dataStart,
    );
  }

  let value: MatValue;
  let after: number;
  if (cls !== undefined) {
    [value, after] = parseNumeric(ctx, logical ? 'logical' : cls, complex, dims, numel, pos, end);
  } else if (mx === MX.CHAR) {
    [value, after] = parseChar(ctx, dims, numel, pos, end);
  } else if (mx === MX.CELL) {
    const cells: MatValue[] = new Array(numel);
    for (let i = 0; i < numel; i++) {
      const [cell, next] = parseChild(ctx, pos, end, depth);
      cells[i] = cell;
      pos = next;
    }
    value = { kind: 'cell', dims, cells };
    after = pos;
  } else {
    [value, after] = parseStruct(ctx, dims, numel, pos, end, depth);
  }
  if (after < end) {
    for (let i = after; i < end; i++) {
      if (ctx.bytes[i] !== 0) {
        throw fail(ctx, 'the end of the miMATRIX element', `${end - after} more bytes`, after);
      }
    }
  }
  return { name, value, global };
}

function parseChild(ctx: Ctx, pos: number, end: number, depth: number): [MatValue, number] {
  const tag = readTag(ctx, pos, end);
  expectType(ctx, tag, pos, 'a nested array', MI.MATRIX);
  if (tag.dataStart === pos + 4) {
    throw fail(ctx, 'an miMATRIX element with an 8-byte tag', 'a small data element', pos);
  }
  const parsed = parseMatrix(ctx, tag.dataStart, tag.dataStart + tag.size, pos, depth + 1);
  return [parsed.value, tag.next];
}

type Storage =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** The values of a numeric data element as a typed array of its own type, in host byte order. */
function storageValues(ctx: Ctx, type: number, at: number, n: number): Storage {
  const size = miSize(type);
  const copy = ctx.bytes.slice(at, at + n * size);
  if (size > 1 && ctx.le !== HOST_LITTLE_ENDIAN) {
    for (let i = 0; i < copy.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = copy[a]!;
        copy[a] = copy[b]!;
        copy[b] = t;
      }
    }
  }
  const buf = copy.buffer;
  switch (type) {
    case MI.INT8:
      return new Int8Array(buf);
    case MI.UINT8:
      return copy;
    case MI.INT16:
      return new Int16Array(buf);
    case MI.UINT16:
      return new Uint16Array(buf);
    case MI.INT32:
      return new Int32Array(buf);
    case MI.UINT32:
      return new Uint32Array(buf);
    case MI.SINGLE:
      return new Float32Array(buf);
    case MI.DOUBLE:
      return new Float64Array(buf);
    case MI.INT64:
      return new BigInt64Array(buf);
    default:
      return new BigUint64Array(buf);
  }
}

const INT_RANGE: Partial<Record<NumericClass, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** The class whose typed array matches a storage type, or undefined. */
function classOfStorage(type: number): NumericClass | undefined {
  switch (type) {
    case MI.INT8:
      return 'int8';
    case MI.UINT8:
      return 'uint8';
    case MI.INT16:
      return 'int16';
    case MI.UINT16:
      return 'uint16';
    case MI.INT32:
      return 'int32';
    case MI.UINT32:
      return 'uint32';
    case MI.SINGLE:
      return 'single';
    case MI.DOUBLE:
      return 'double';
    case MI.INT64:
      return 'int64';
    case MI.UINT64:
      return 'uint64';
    default:
      return undefined;
  }
}

/** `src` converted to the typed array of `cls`; values the class cannot hold are an error. */
function convert(
  ctx: Ctx,
  src: Storage,
  storageType: number,
  cls: NumericClass,
  at: number,
): NumericArrays[NumericClass] {
  const n = src.length;
  const srcClass = classOfStorage(storageType)!;
  if (cls === 'logical') {
    const out = srcClass === 'uint8' ? (src as Uint8Array) : new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = src[i] === 0 || src[i] === 0n ? 0 : 1;
    return out;
  }
  if (srcClass === cls) return src;
  const bad = (i: number): Fail =>
    fail(
      ctx,
      `${cls} values (stored as ${miName(storageType)})`,
      `value ${String(src[i])} at element ${i}`,
      at + i * miSize(storageType),
    );
  const out = newNumericArray(cls, n);
  if (cls === 'int64' || cls === 'uint64') {
    const big = out as BigInt64Array | BigUint64Array;
    const min = cls === 'int64' ? -(2n ** 63n) : 0n;
    const max = cls === 'int64' ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      if (typeof v === 'number' && !Number.isInteger(v)) throw bad(i);
      const b = BigInt(v);
      if (b < min || b > max) throw bad(i);
      big[i] = b;
    }
    return out;
  }
  const num = out as Exclude<NumericArrays[NumericClass], BigInt64Array | BigUint64Array>;
  const range = INT_RANGE[cls];
  if (range === undefined) {
    // double or single: every stored value is representable (64-bit integers may round).
    for (let i = 0; i < n; i++) num[i] = Number(src[i]!);
    return out;
  }
  const srcRange = INT_RANGE[srcClass];
  const contained = srcRange !== undefined && srcRange[0] >= range[0] && srcRange[1] <= range[1];
  if (contained) {
    for (let i = 0; i < n; i++) num[i] = src[i] as number;
    return out;
  }
  const lo = range[0];
  const hi = range[1];
  for (let i = 0; i < n; i++) {
    const v = Number(src[i]!);
    if (!(v >= lo && v <= hi && Number.isInteger(v))) throw bad(i);
    num[i] = v;
  }
  return out;
}

function readNumericPart(
  ctx: Ctx,
  cls: NumericClass,
  numel: number,
  pos: number,
  end: number,
  part: string,
): [NumericArrays[NumericClass], number] {
  const tag = readTag(ctx, pos, end);
  const size = miSize(tag.type);
  if (size === 0) {
    throw fail(ctx, `${part} of a numeric data type`, miName(tag.type), pos);
  }
  if (tag.size !== numel * size) {
    throw fail(
      ctx,
      `${part} of ${numel * size} bytes (${numel} values of ${miName(tag.type)})`,
      `${tag.size} bytes`,
      pos,
    );
  }
  const src = storageValues(ctx, tag.type, tag.dataStart, numel);
  return [convert(ctx, src, tag.type, cls, tag.dataStart), tag.next];
}

function parseNumeric(
  ctx: Ctx,
  cls: NumericClass,
  complex: boolean,
  dims: number[],
  numel: number,
  pos: number,
  end: number,
): [MatNumeric, number] {
  if (complex && cls === 'logical') {
    throw fail(ctx, 'a real logical array', 'the complex flag set', pos);
  }
  if (numel === 0 && pos === end) {
    const data = newNumericArray(cls, 0);
    const value = complex ? { data, imag: newNumericArray(cls, 0) } : { data };
    return [{ kind: 'numeric', class: cls, dims, ...value } as MatNumeric, pos];
  }
  const [data, afterReal] = readNumericPart(ctx, cls, numel, pos, end, 'real part');
  if (!complex) return [{ kind: 'numeric', class: cls, dims, data } as MatNumeric, afterReal];
  const [imag, afterImag] = readNumericPart(ctx, cls, numel, afterReal, end, 'imaginary part');
  return [{ kind: 'numeric', class: cls, dims, data, imag } as MatNumeric, afterImag];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseChar(
  ctx: Ctx,
  dims: number[],
  numel: number,
  pos: number,
  end: number,
): [MatChar, number] {
  const rows = dims[0]!;
  if (numel === 0) {
    // An empty char array may omit its data element.
    let next = pos;
    if (pos < end) {
      const tag = readTag(ctx, pos, end);
      if (tag.size !== 0) {
        throw fail(ctx, 'no characters for an empty char array', `${tag.size} bytes`, pos);
      }
      next = tag.next;
    }
    spend(ctx, rows, 'rows of empty char arrays', pos);
    const text = rows > 0 ? new Array<string>(rows).fill('') : [];
    return [{ kind: 'char', dims, text }, next];
  }
  const tag = readTag(ctx, pos, end);
  const { bytes, view, le } = ctx;
  const at = tag.dataStart;
  const size = tag.size;
  let units: Uint16Array;
  const wrongCount = (count: number): Fail =>
    fail(ctx, `${numel} characters`, `${count} characters`, pos);
  switch (tag.type) {
    case MI.UINT16:
    case MI.UTF16:
    case MI.INT16: {
      if (size !== numel * 2) throw wrongCount(size / 2);
      units = new Uint16Array(numel);
      for (let i = 0; i < numel; i++) units[i] = view.getUint16(at + 2 * i, le);
      break;
    }
    case MI.UINT8:
    case MI.INT8: {
      if (size !== numel) throw wrongCount(size);
      units = new Uint16Array(numel);
      for (let i = 0; i < numel; i++) units[i] = bytes[at + i]!;
      break;
    }
    case MI.UTF8: {
      let decoded: string;
      try {
        decoded = utf8.decode(bytes.subarray(at, at + size));
      } catch {
        throw fail(ctx, 'valid UTF-8 text', 'invalid UTF-8', at);
      }
      if (decoded.length !== numel) throw wrongCount(decoded.length);
      units = new Uint16Array(numel);
      for (let i = 0; i < numel; i++) units[i] = decoded.charCodeAt(i);
      break;
    }
    case MI.UTF32: {
      if (size % 4 !== 0)
        throw fail(ctx, 'UTF-32 text (4 bytes a character)', `${size} bytes`, pos);
      units = new Uint16Array(numel);
      let k = 0;
      for (let i = 0; i < size; i += 4) {
        const cp = view.getUint32(at + i, le);
        if (cp > 0x10ffff || k + (cp > 0xffff ? 2 : 1) > numel) {
          throw cp > 0x10ffff
            ? fail(ctx, 'a Unicode code point', `0x${hex32(cp)}`, at + i)
            : wrongCount(k + 1);
        }
        if (cp > 0xffff) {
          units[k++] = 0xd800 + ((cp - 0x10000) >> 10);
          units[k++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else {
          units[k++] = cp;
        }
      }
      if (k !== numel) throw wrongCount(k);
      break;
    }
    default:
      throw fail(ctx, 'character data (miUINT16, miUTF8, miUTF16, miUINT8)', miName(tag.type), pos);
  }
  const cols = numel / rows;
  const text: string[] = new Array(rows);
  const row: number[] = new Array(Math.min(cols, CHUNK));
  for (let r = 0; r < rows; r++) {
    let s = '';
    for (let c0 = 0; c0 < cols; c0 += CHUNK) {
      const c1 = Math.min(cols, c0 + CHUNK);
      row.length = c1 - c0;
      for (let c = c0; c < c1; c++) row[c - c0] = units[r + c * rows]!;
      s += String.fromCharCode.apply(null, row);
    }
    text[r] = s;
  }
  return [{ kind: 'char', dims, text }, tag.next];
}

/** Takes `n` entries from the file's budget of entries that no input bytes account for. */
function spend(ctx: Ctx, n: number, what: string, pos: number): void {
  if (n > ctx.budget.unbacked) {
    throw unsupported(ctx, `more than ${MAX_UNBACKED_ENTRIES} ${what} in one file`, pos);
  }
  ctx.budget.unbacked -= n;
}

function parseStruct(
  ctx: Ctx,
  dims: number[],
  numel: number,
  pos: number,
  end: number,
  depth: number,
): [MatStruct, number] {
  const lenTag = readTag(ctx, pos, end);
  expectType(ctx, lenTag, pos, 'the field name length', MI.INT32);
  if (lenTag.size !== 4) throw fail(ctx, 'a 4-byte field name length', `${lenTag.size} bytes`, pos);
  const len = ctx.view.getInt32(lenTag.dataStart, ctx.le);
  pos = lenTag.next;
  const namesTag = readTag(ctx, pos, end);
  expectType(ctx, namesTag, pos, 'the field names', MI.INT8, MI.UINT8);
  if (len < 0 || (len === 0 ? namesTag.size !== 0 : namesTag.size % len !== 0)) {
    throw fail(
      ctx,
      `field names of ${len} bytes each`,
      `${namesTag.size} bytes of names`,
      namesTag.dataStart,
    );
  }
  const nfields = len === 0 ? 0 : namesTag.size / len;
  const fieldNames: string[] = new Array(nfields);
  const seen = new Set<string>();
  for (let f = 0; f < nfields; f++) {
    const s = namesTag.dataStart + f * len;
    let e = s;
    while (e < s + len && ctx.bytes[e] !== 0) e++;
    const name = latin1(ctx.bytes, s, e);
    if (seen.has(name)) throw fail(ctx, 'distinct field names', `'${name}' twice`, s);
    seen.add(name);
    fieldNames[f] = name;
  }
  pos = namesTag.next;
  if (nfields === 0) spend(ctx, numel, 'elements of struct arrays without fields', pos);
  else if (numel * nfields * 8 > end - pos) {
    throw fail(
      ctx,
      `${numel * nfields} field values for ${numel} elements × ${nfields} fields`,
      `${end - pos} bytes left in the miMATRIX element`,
      pos,
    );
  }
  const elements: Record<string, MatValue>[] = new Array(numel);
  for (let i = 0; i < numel; i++) {
    const record: Record<string, MatValue> = Object.create(null);
    for (let f = 0; f < nfields; f++) {
      const [v, next] = parseChild(ctx, pos, end, depth);
      record[fieldNames[f]!] = v;
      pos = next;
    }
    elements[i] = record;
  }
  return [{ kind: 'struct', dims, fieldNames, elements }, pos];
}

// ---------------------------------------------------------------------------------------------

function readVariables(
  bytes: Uint8Array,
  view: DataView,
  le: boolean,
  subsystem: number,
  maxInflated: number,
): MatVariable[] {
  const budget = { unbacked: MAX_UNBACKED_ENTRIES };
  const file: Ctx = { bytes, view, le, compressedAt: -1, budget };
  const n = bytes.length;
  const variables: MatVariable[] = [];
  let pos = 128;
  while (pos < n) {
    if (n - pos < 8) {
      let zeros = true;
      for (let i = pos; i < n; i++) if (bytes[i] !== 0) zeros = false;
      if (zeros) break;
    }
    const tag = readTag(file, pos, n);
    if (pos === subsystem) {
      // Subsystem data (MATLAB's object store) is not a variable.
      pos = tag.type === MI.COMPRESSED ? tag.dataStart + tag.size : tag.next;
      continue;
    }
    if (tag.dataStart === pos + 4) {
      throw fail(file, 'a top-level miMATRIX or miCOMPRESSED element', 'a small data element', pos);
    }
    if (tag.type === MI.MATRIX) {
      const p = parseMatrix(file, tag.dataStart, tag.dataStart + tag.size, pos, 1);
      variables.push({
        name: p.name,
        value: p.value,
        global: p.global,
        compressed: false,
        offset: pos,
      });
      pos = tag.next;
    } else if (tag.type === MI.COMPRESSED) {
      const inner = inflateElement(file, tag, pos, maxInflated);
      const ctx: Ctx = {
        bytes: inner,
        view: new DataView(inner.buffer, inner.byteOffset, inner.byteLength),
        le,
        compressedAt: pos,
        budget,
      };
      const innerTag = readTag(ctx, 0, inner.length);
      expectType(ctx, innerTag, 0, 'a compressed array', MI.MATRIX);
      if (innerTag.dataStart === 4) {
        throw fail(ctx, 'an miMATRIX element with an 8-byte tag', 'a small data element', 0);
      }
      for (let i = innerTag.dataStart + innerTag.size; i < inner.length; i++) {
        if (inner[i] !== 0) {
          throw fail(ctx, 'the end of the compressed data', 'more bytes', i);
        }
      }
      const p = parseMatrix(ctx, innerTag.dataStart, innerTag.dataStart + innerTag.size, 0, 1);
      variables.push({
        name: p.name,
        value: p.value,
        global: p.global,
        compressed: true,
        offset: pos,
      });
      pos = tag.dataStart + tag.size;
    } else {
      throw fail(file, 'a top-level miMATRIX or miCOMPRESSED element', miName(tag.type), pos);
    }
  }
  return variables;
}

/**
 * Parses a MAT-file level 5 (MATLAB 5 to 7.x, either byte order, compressed or not) into its
 * header and variables; never throws on bad input. Bad bytes give a `ParseError` naming what was
 * expected, what was found and the file offset (for bytes inside a compressed element: that
 * element's offset, the inflated offset in the message); sparse arrays, objects, function
 * handles and v7.3/v4 files give `Unsupported`. Complex arrays are read (`MatNumeric.imag`).
 * Sizes are checked against the bytes present before anything is allocated: data take at most
 * 8 bytes per input byte (a double per stored uint8), inflated data at most `maxInflatedBytes`.
 */
export function readMat(
  bytes: Uint8Array,
  options: ReadMatOptions = {},
): E.Either<DatasetError, MatFile> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  const maxInflated = options.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  if (!Number.isSafeInteger(maxInflated) || maxInflated < 8) {
    throw new RangeError(`options.maxInflatedBytes must be an integer ≥ 8, got ${maxInflated}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const { header, subsystem } = readHeader(bytes, view);
    const le = header.endian === 'little';
    const variables = readVariables(bytes, view, le, subsystem, maxInflated);
    return E.right({ header, variables });
  } catch (e) {
    if (e instanceof Fail) return E.left(e.error);
    throw e;
  }
}
