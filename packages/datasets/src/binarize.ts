// Binarisation, one-hot labels and row subsets: runs in Node and in browsers.
import { derive } from '@dbn/random';

/** The typed arrays {@link takeRows} gathers from. */
export type NumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

const tag = (x: unknown): string => Object.prototype.toString.call(x);

/**
 * Binarises grey pixels: `out[i] = images[i] > threshold ? 1 : 0` (the study's rule is
 * pixel > 128, the default). `threshold` is an integer 0..255. Writes into `out` when given
 * (same length as `images`), else into a new array; returns the array written.
 */
export function binarize(images: Uint8Array, threshold = 128, out?: Float32Array): Float32Array {
  if (!(images instanceof Uint8Array)) {
    throw new TypeError(`binarize: images must be a Uint8Array, got ${tag(images)}`);
  }
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > 255) {
    throw new RangeError(`binarize: threshold must be an integer in 0..255, got ${threshold}`);
  }
  const n = images.length;
  if (out === undefined) out = new Float32Array(n);
  else if (!(out instanceof Float32Array)) {
    throw new TypeError(`binarize: out must be a Float32Array, got ${tag(out)}`);
  } else if (out.length !== n) {
    throw new RangeError(`binarize: out.length must equal images.length (${n}), got ${out.length}`);
  }
  const t = threshold;
  // Branch-free: t - v is negative exactly when v > t, so its sign bit is the result.
  for (let i = 0; i < n; i++) out[i] = (t - images[i]!) >>> 31;
  return out;
}

/**
 * One-hot codes: a new N×classes row-major array with `out[i*classes + labels[i]] = 1`.
 * Every label must be an integer in 0..classes-1 (RangeError naming the first bad one).
 */
export function oneHot(labels: ArrayLike<number>, classes = 10): Float32Array {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new TypeError(`oneHot: labels must be an array of integers, got ${tag(labels)}`);
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`oneHot: classes must be a positive integer, got ${classes}`);
  }
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= classes) {
      throw new RangeError(
        `oneHot: labels[${i}] must be an integer in 0..${classes - 1}, got ${l}`,
      );
    }
  }
  const out = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) out[i * classes + labels[i]!] = 1;
  return out;
}

/**
 * `n` distinct row indices out of `total`: 0..n-1 in order when `seed` is undefined, else the
 * first `n` entries of the permutation `derive(seed, 'subset').permutation(total)` (random
 * order, the same for the same seed; 0 is a valid seed).
 */
export function subsetIndices(n: number, total: number, seed?: number | string): Int32Array {
  if (!Number.isInteger(total) || total < 0 || total > 0x7fffffff) {
    throw new RangeError(`subsetIndices: total must be an integer in 0..2^31-1, got ${total}`);
  }
  if (!Number.isInteger(n) || n < 0 || n > total) {
    throw new RangeError(`subsetIndices: n must be an integer in 0..total (${total}), got ${n}`);
  }
  if (seed === undefined) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string') {
    throw new TypeError(
      `subsetIndices: seed must be a finite number or a string, got ${String(seed)}`,
    );
  }
  return derive(seed, 'subset').permutation(total).slice(0, n);
}

/**
 * Gathers rows: a new array of the same type holding rows `indices[0], indices[1], …` of
 * `data`, a row-major matrix with `cols` columns. Indices may repeat; each must be a valid row.
 */
export function takeRows<T extends NumericArray>(
  data: T,
  cols: number,
  indices: ArrayLike<number>,
): T {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new TypeError(`takeRows: data must be a typed array, got ${tag(data)}`);
  }
  if (!Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`takeRows: cols must be a positive integer, got ${cols}`);
  }
  const len = data.length;
  if (len % cols !== 0) {
    throw new RangeError(
      `takeRows: data.length (${len}) must be a multiple of cols, got cols ${cols}`,
    );
  }
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
    throw new TypeError(`takeRows: indices must be an array of integers, got ${tag(indices)}`);
  }
  const rows = len / cols;
  const m = indices.length;
  for (let k = 0; k < m; k++) {
    const r = indices[k]!;
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new RangeError(`takeRows: indices[${k}] must be a row in 0..${rows - 1}, got ${r}`);
    }
  }
  const Ctor = data.constructor as new (length: number) => T;
  const out = new Ctor(m * cols);
  for (let k = 0; k < m; k++) {
    const src = indices[k]! * cols;
    const dst = k * cols;
    for (let j = 0; j < cols; j++) out[dst + j] = data[src + j]!;
  }
  return out;
}
