import { expApprox } from './exp-approx.js';
import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkMatrix, checkSameType, checkSameViewOrDisjoint } from './validate.js';

function softmaxRows32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  c: Float32Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = ao + i * ars;
    const c0 = co + i * crs;
    let max = Number.NEGATIVE_INFINITY;
    let ai = a0;
    for (let j = 0; j < n; j++) {
      const v = a[ai]!;
      if (v > max) max = v;
      ai += acs;
    }
    const shift = Number.isFinite(max) ? max : 0;
    let sum = 0;
    ai = a0;
    let ci = c0;
    for (let j = 0; j < n; j++) {
      const e = expApprox(a[ai]! - shift);
      c[ci] = e;
      sum += e;
      ai += acs;
      ci += ccs;
    }
    const inv = 1 / sum;
    ci = c0;
    for (let j = 0; j < n; j++) {
      c[ci] = c[ci]! * inv;
      ci += ccs;
    }
  }
}

function softmaxRows64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  c: Float64Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = ao + i * ars;
    const c0 = co + i * crs;
    let max = Number.NEGATIVE_INFINITY;
    let ai = a0;
    for (let j = 0; j < n; j++) {
      const v = a[ai]!;
      if (v > max) max = v;
      ai += acs;
    }
    const shift = Number.isFinite(max) ? max : 0;
    let sum = 0;
    ai = a0;
    let ci = c0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(a[ai]! - shift);
      c[ci] = e;
      sum += e;
      ai += acs;
      ci += ccs;
    }
    const inv = 1 / sum;
    ci = c0;
    for (let j = 0; j < n; j++) {
      c[ci] = c[ci]! * inv;
      ci += ccs;
    }
  }
}

/**
 * Row-wise softmax, C[i,j] ← e^{A[i,j] − mᵢ} / Σ_k e^{A[i,k] − mᵢ} with mᵢ = max_k A[i,k]
 * (subtracting the row max keeps it from overflowing), for any strides; C may be A itself
 * (in place). Sums in float64; float32 uses the polynomial e^x of expApprox. Returns C.
 */
export function softmaxRows<T extends FloatArray>(A: Matrix<T>, C: Matrix<T>): Matrix<T> {
  checkMatrix('A', A);
  checkMatrix('C', C);
  checkSameType('C.data', C.data, 'A.data', A.data);
  checkEqual('C.rows', C.rows, 'A.rows', A.rows);
  checkEqual('C.cols', C.cols, 'A.cols', A.cols);
  checkSameViewOrDisjoint('C', C, 'A', A);
  const { rows, cols } = A;
  if (C.data instanceof Float32Array) {
    softmaxRows32(
      A.data as Float32Array,
      A.offset,
      A.rowStride,
      A.colStride,
      C.data,
      C.offset,
      C.rowStride,
      C.colStride,
      rows,
      cols,
    );
  } else {
    softmaxRows64(
      A.data as Float64Array,
      A.offset,
      A.rowStride,
      A.colStride,
      C.data as Float64Array,
      C.offset,
      C.rowStride,
      C.colStride,
      rows,
      cols,
    );
  }
  return C;
}
