// IDX reader and writer (the format of the MNIST files): runs in Node and in browsers.
//
// Layout: two zero bytes, a type byte, a dimension count d, then d big-endian uint32 sizes,
// then the values in row-major order, big-endian for multi-byte types. Files may be gzipped.
import { Gunzip } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { type DatasetError, parseError, type UnsupportedError } from './errors.js';

/** The element types of the IDX format. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds the values of each IDX element type. */
export interface IdxArrays {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/**
 * An IDX array: element type, sizes (outermost first) and the values in row-major order,
 * in native byte order. `data.length` is the product of `dims`.
 */
export type Idx = {
  [K in IdxType]: {
    readonly type: K;
    readonly dims: readonly number[];
    readonly data: IdxArrays[K];
  };
}[IdxType];

/** Options of {@link readIdx}. */
export interface ReadIdxOptions {
  /** Largest decompressed size accepted for gzipped input, in bytes (default {@link MAX_GUNZIP_BYTES}). */
  readonly maxGunzipBytes?: number;
}

/**
 * Default cap on the decompressed size of gzipped IDX input: 1 GiB (MNIST's largest file is
 * 47 MB). Larger output is refused with an `Unsupported` error before it is produced.
 */
export const MAX_GUNZIP_BYTES = 1 << 30;

const TYPE_CODES: Readonly<Record<IdxType, number>> = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};

const ELEMENT_SIZE: Readonly<Record<IdxType, number>> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

function typeOfCode(code: number): IdxType | undefined {
  switch (code) {
    case 0x08:
      return 'uint8';
    case 0x09:
      return 'int8';
    case 0x0b:
      return 'int16';
    case 0x0c:
      return 'int32';
    case 0x0d:
      return 'float32';
    case 0x0e:
      return 'float64';
    default:
      return undefined;
  }
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/** Deflate cannot expand more than 1032:1; a gzip trailer claiming more is corrupt. */
const MAX_DEFLATE_RATIO = 1032;
/** Input is fed to the inflater in chunks of this size, bounding each step's output. */
const GUNZIP_CHUNK = 1 << 14;

function unsupported(feature: string, offset: number): UnsupportedError {
  return {
    _tag: 'Unsupported',
    format: 'idx',
    feature,
    offset,
    message: `idx: unsupported at byte ${offset}: ${feature}`,
  };
}

/** True when `bytes` starts with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips `bytes` without ever holding more than `maxBytes` of output (plus one bounded step).
 * The output buffer is sized from the gzip trailer (checked to be possible for the input
 * length, and to match the output at the end); concatenated members grow it by doubling.
 * The gzip CRC is not checked (the trailer size and the IDX size checks catch truncation).
 */
function gunzipBounded(bytes: Uint8Array, maxBytes: number): E.Either<DatasetError, Uint8Array> {
  const n = bytes.length;
  if (n < 18) return E.left(parseError('gzip', 'at least 18 bytes of gzip data', `${n} bytes`, n));
  const isize =
    (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
  // The last member cannot inflate beyond deflate's maximum ratio: a larger trailer is corrupt
  // (and must not make us allocate).
  if (isize > MAX_DEFLATE_RATIO * n + 1024) {
    return E.left(
      parseError('gzip', `an uncompressed size possible for ${n} bytes`, `${isize} bytes`, n - 4),
    );
  }
  if (isize > maxBytes) {
    return E.left(
      unsupported(`gzip output of ${isize} bytes (more than the limit of ${maxBytes})`, n - 4),
    );
  }
  let out = new Uint8Array(isize);
  let pos = 0;
  let memberStart = 0;
  let tooBig = false;
  const stop = new Error('gunzip output limit');
  const inflater = new Gunzip((chunk) => {
    const len = chunk.length;
    if (pos + len > out.length) {
      let cap = out.length > 0 ? out.length : 1 << 16;
      while (cap < pos + len) cap *= 2;
      if (cap > maxBytes) cap = maxBytes;
      if (pos + len > cap) {
        tooBig = true;
        throw stop;
      }
      const grown = new Uint8Array(cap);
      grown.set(out.subarray(0, pos));
      out = grown;
    }
    out.set(chunk, pos);
    pos += len;
  });
  inflater.onmember = () => {
    memberStart = pos;
  };
  try {
    for (let off = 0; off < n; off += GUNZIP_CHUNK) {
      const end = Math.min(off + GUNZIP_CHUNK, n);
      inflater.push(bytes.subarray(off, end), end === n);
    }
  } catch (e) {
    if (tooBig) {
      return E.left(unsupported(`gzip output of more than ${maxBytes} bytes (the limit)`, 0));
    }
    const what = e instanceof Error ? e.message : String(e);
    return E.left(parseError('gzip', 'valid gzip data', `an error from gunzip: ${what}`, 0));
  }
  const last = (pos - memberStart) % 2 ** 32;
  if (last !== isize) {
    return E.left(
      parseError(
        'gzip',
        `${isize} uncompressed bytes (the trailer's size)`,
        `${last} bytes`,
        n - 4,
      ),
    );
  }
  return E.right(out.subarray(0, pos));
}

function decodeRaw(bytes: Uint8Array): E.Either<DatasetError, Idx> {
  const n = bytes.length;
  if (n < 4) return E.left(parseError('idx', 'a 4-byte magic number', `${n} bytes`, 0));
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return E.left(
      parseError(
        'idx',
        'magic starting with two zero bytes',
        `${hex(bytes[0]!)} ${hex(bytes[1]!)}`,
        0,
      ),
    );
  }
  const type = typeOfCode(bytes[2]!);
  if (type === undefined) {
    return E.left(
      parseError('idx', 'type byte 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e', hex(bytes[2]!), 2),
    );
  }
  const ndims = bytes[3]!;
  if (ndims === 0) return E.left(parseError('idx', 'at least one dimension', '0 dimensions', 3));
  const header = 4 + 4 * ndims;
  if (n < header) {
    return E.left(
      parseError('idx', `${ndims} dimension sizes (${header} header bytes)`, `${n} bytes`, n),
    );
  }
  const size = ELEMENT_SIZE[type];
  const available = Math.floor((n - header) / size);
  const dims = new Array<number>(ndims);
  let count = 1;
  let empty = false;
  let overflow = false;
  for (let i = 0; i < ndims; i++) {
    const o = 4 + 4 * i;
    const d =
      ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
    dims[i] = d;
    if (d === 0) empty = true;
    // Stop multiplying once the header asks for more than the bytes hold (so count stays exact).
    if (count <= available) count *= d;
    else overflow = true;
  }
  if (empty) count = 0;
  if (count * size !== n - header) {
    const want = overflow ? `more than ${n - header}` : `${count * size}`;
    return E.left(
      parseError(
        'idx',
        `${want} data bytes for ${dims.join(' × ')} ${type} values`,
        `${n - header} data bytes`,
        header,
      ),
    );
  }
  const offset = bytes.byteOffset + header;
  switch (type) {
    case 'uint8':
      return E.right({ type, dims, data: new Uint8Array(bytes.buffer, offset, count) });
    case 'int8':
      return E.right({ type, dims, data: new Int8Array(bytes.buffer, offset, count) });
    case 'int16': {
      const view = new DataView(bytes.buffer, offset, count * 2);
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(2 * i, false);
      return E.right({ type, dims, data });
    }
    case 'int32': {
      const view = new DataView(bytes.buffer, offset, count * 4);
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(4 * i, false);
      return E.right({ type, dims, data });
    }
    case 'float32': {
      const view = new DataView(bytes.buffer, offset, count * 4);
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, false);
      return E.right({ type, dims, data });
    }
    case 'float64': {
      const view = new DataView(bytes.buffer, offset, count * 8);
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(8 * i, false);
      return E.right({ type, dims, data });
    }
  }
}

/**
 * Parses an IDX file (gunzipping it first when it starts with 1f 8b). The header's sizes are
 * checked against the byte length before anything is allocated; trailing bytes are an error.
 * uint8 and int8 data of uncompressed input are plain typed-array views of `bytes` (no copy:
 * writing to them writes to `bytes`); multi-byte types are converted from big-endian into new
 * native arrays. Never throws on bad bytes: Left.
 */
export function readIdx(
  bytes: Uint8Array,
  options: ReadIdxOptions = {},
): E.Either<DatasetError, Idx> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `readIdx: bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  const maxBytes = options.maxGunzipBytes ?? MAX_GUNZIP_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`readIdx: maxGunzipBytes must be a non-negative integer, got ${maxBytes}`);
  }
  if (!isGzip(bytes)) return decodeRaw(bytes);
  const raw = gunzipBounded(bytes, maxBytes);
  return E.isLeft(raw) ? raw : decodeRaw(raw.right);
}

/**
 * One line describing an IDX array for `dbn data info`: type, dims, value count, byte size
 * and the range of the values, e.g. `uint8 60000 × 28 × 28 (47040000 values, 47040000 bytes), values 0..255`.
 */
export function describeIdx(idx: Idx): string {
  checkIdx(idx, 'describeIdx');
  const data = idx.data;
  const n = data.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let nans = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (Number.isNaN(v)) nans++;
  }
  const range = n - nans === 0 ? 'no values' : `values ${lo}..${hi}`;
  const nanText = nans > 0 ? `, ${nans} NaN` : '';
  return `${idx.type} ${idx.dims.join(' × ')} (${n} values, ${n * ELEMENT_SIZE[idx.type]} bytes), ${range}${nanText}`;
}

const ARRAY_OF: Readonly<Record<IdxType, unknown>> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

function checkIdx(idx: Idx, fn: string): void {
  if (typeof idx !== 'object' || idx === null)
    throw new TypeError(`${fn}: idx must be an object, got ${idx}`);
  const { type, dims, data } = idx;
  if (!Object.hasOwn(TYPE_CODES, type))
    throw new TypeError(`${fn}: idx.type is not an IDX type: ${type}`);
  const ctor = ARRAY_OF[type] as abstract new (...args: never[]) => unknown;
  if (!(data instanceof ctor)) {
    throw new TypeError(
      `${fn}: idx.data must be a ${(ctor as { name: string }).name} for type ${type}, got ${Object.prototype.toString.call(data)}`,
    );
  }
  if (!Array.isArray(dims) || dims.length < 1 || dims.length > 255) {
    throw new RangeError(`${fn}: idx.dims must list 1 to 255 sizes, got ${JSON.stringify(dims)}`);
  }
  let count = 1;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new RangeError(`${fn}: idx.dims[${i}] must be an integer in 0..2^32-1, got ${d}`);
    }
    count *= d;
  }
  if (count !== data.length) {
    throw new RangeError(
      `${fn}: idx.data.length must be the product of idx.dims (${dims.join(' × ')} = ${count}), got ${data.length}`,
    );
  }
}

/** Serialises an IDX array (uncompressed, big-endian); `readIdx(writeIdx(x))` equals `x`. */
export function writeIdx(idx: Idx): Uint8Array {
  checkIdx(idx, 'writeIdx');
  const { type, dims, data } = idx;
  const ndims = dims.length;
  const header = 4 + 4 * ndims;
  const n = data.length;
  const out = new Uint8Array(header + n * ELEMENT_SIZE[type]);
  const view = new DataView(out.buffer);
  out[2] = TYPE_CODES[type];
  out[3] = ndims;
  for (let i = 0; i < ndims; i++) view.setUint32(4 + 4 * i, dims[i]!, false);
  switch (idx.type) {
    case 'uint8':
      out.set(idx.data, header);
      break;
    case 'int8':
      out.set(new Uint8Array(idx.data.buffer, idx.data.byteOffset, n), header);
      break;
    case 'int16': {
      const d = idx.data;
      for (let i = 0; i < n; i++) view.setInt16(header + 2 * i, d[i]!, false);
      break;
    }
    case 'int32': {
      const d = idx.data;
      for (let i = 0; i < n; i++) view.setInt32(header + 4 * i, d[i]!, false);
      break;
    }
    case 'float32': {
      const d = idx.data;
      for (let i = 0; i < n; i++) view.setFloat32(header + 4 * i, d[i]!, false);
      break;
    }
    case 'float64': {
      const d = idx.data;
      for (let i = 0; i < n; i++) view.setFloat64(header + 8 * i, d[i]!, false);
      break;
    }
  }
  return out;
}
