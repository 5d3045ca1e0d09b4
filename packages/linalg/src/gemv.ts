import type { FloatArray, Matrix } from './matrix.js';
import {
  checkEqual,
  checkFloatArray,
  checkMatrix,
  checkSameType,
  checkScalar,
  overlaps,
  spanHi,
  spanLo,
} from './validate.js';

/**
 * Two kernels per element type: when A's rows are the contiguous direction (|colStride| ≤
 * |rowStride|) each y[i] is a dot product along a row; otherwise (A is a transposed view) A is
 * swept column by column, accumulating α·x[j]·A[:, j] into a float64 scratch vector.
 */
let acc = new Float64Array(64);

function scratch(n: number): Float64Array {
  if (acc.length < n) acc = new Float64Array(Math.max(n, 2 * acc.length));
  return acc;
}

function rowsDot32(
  alpha: number,
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  x: Float32Array,
  beta: number,
  y: Float32Array,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += a[ai]! * x[j]!;
      s1 += a[ai + acs]! * x[j + 1]!;
      ai += 2 * acs;
    }
    if (j < n) s0 += a[ai]! * x[j]!;
    y[i] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[i]!;
  }
}

function colsAxpy32(
  alpha: number,
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  x: Float32Array,
  beta: number,
  y: Float32Array,
): void {
  const s = scratch(m);
  for (let i = 0; i < m; i++) s[i] = 0;
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    let ai = ao + j * acs;
    for (let i = 0; i < m; i++) {
      s[i] += a[ai]! * xj;
      ai += ars;
    }
  }
  for (let i = 0; i < m; i++) y[i] = beta === 0 ? alpha * s[i]! : alpha * s[i]! + beta * y[i]!;
}

function rowsDot64(
  alpha: number,
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += a[ai]! * x[j]!;
      s1 += a[ai + acs]! * x[j + 1]!;
      ai += 2 * acs;
    }
    if (j < n) s0 += a[ai]! * x[j]!;
    y[i] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[i]!;
  }
}

function colsAxpy64(
  alpha: number,
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): void {
  const s = scratch(m);
  for (let i = 0; i < m; i++) s[i] = 0;
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    let ai = ao + j * acs;
    for (let i = 0; i < m; i++) {
      s[i] += a[ai]! * xj;
      ai += ars;
    }
  }
  for (let i = 0; i < m; i++) y[i] = beta === 0 ? alpha * s[i]! : alpha * s[i]! + beta * y[i]!;
}

/**
 * Matrix–vector product, y ← α·A·x + β·y, for A (m×n, any strides), x of length n and y of
 * length m, all of one element type; returns y. When β = 0 the old y is ignored (even NaN); when
 * α = 0, A and x are not read.
 * Sums are accumulated in float64. y must not share memory with A or x (checked).
 */
export function gemv<T extends FloatArray>(
  alpha: number,
  A: Matrix<T>,
  x: T,
  beta: number,
  y: T,
): T {
  checkScalar('alpha', alpha);
  checkMatrix('A', A);
  checkFloatArray('x', x);
  checkScalar('beta', beta);
  checkFloatArray('y', y);
  checkSameType('x', x, 'A.data', A.data);
  checkSameType('y', y, 'A.data', A.data);
  checkEqual('x.length', x.length, 'A.cols', A.cols);
  checkEqual('y.length', y.length, 'A.rows', A.rows);
  const m = A.rows;
  const n = A.cols;
  if (m === 0) return y;
  if (n > 0) {
    const lo = spanLo(A);
    const hi = spanHi(A);
    if (overlaps(y, 0, m - 1, A.data, lo, hi))
      throw new RangeError('y must not share memory with A');
    if (overlaps(y, 0, m - 1, x, 0, n - 1)) throw new RangeError('y must not share memory with x');
  }
  if (alpha === 0) {
    for (let i = 0; i < m; i++) y[i] = beta === 0 ? 0 : beta * y[i]!;
    return y;
  }
  const { data, offset, rowStride, colStride } = A;
  const byRows = Math.abs(colStride) <= Math.abs(rowStride);
  if (data instanceof Float32Array) {
    const f = byRows ? rowsDot32 : colsAxpy32;
    f(alpha, data, offset, rowStride, colStride, m, n, x as Float32Array, beta, y as Float32Array);
  } else {
    const f = byRows ? rowsDot64 : colsAxpy64;
    f(alpha, data, offset, rowStride, colStride, m, n, x as Float64Array, beta, y as Float64Array);
  }
  return y;
}
