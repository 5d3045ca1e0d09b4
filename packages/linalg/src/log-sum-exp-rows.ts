import { expApprox } from './exp-approx.js';
import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkFloatArray, checkMatrix, checkSameType } from './validate.js';

function logSumExpRows32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  out: Float32Array,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = ao + i * ars;
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
    for (let j = 0; j < n; j++) {
      sum += expApprox(a[ai]! - shift);
      ai += acs;
    }
    out[i] = shift + Math.log(sum);
  }
}

function logSumExpRows64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = ao + i * ars;
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
    for (let j = 0; j < n; j++) {
      sum += Math.exp(a[ai]! - shift);
      ai += acs;
    }
    out[i] = shift + Math.log(sum);
  }
}

/**
 * Row-wise log-sum-exp, out[i] ← log Σ_j e^{A[i,j]} = mᵢ + log Σ_j e^{A[i,j] − mᵢ} with mᵢ the
 * row max, so large entries do not overflow; any strides; out has length A.rows and A's element
 * type. An empty row gives −∞. Sums in float64; float32 uses expApprox. Returns out.
 */
export function logSumExpRows<T extends FloatArray>(A: Matrix<T>, out: T): T {
  checkMatrix('A', A);
  checkFloatArray('out', out);
  checkSameType('out', out, 'A.data', A.data);
  checkEqual('out.length', out.length, 'A.rows', A.rows);
  const { data, offset, rowStride, colStride, rows, cols } = A;
  if (out instanceof Float32Array) {
    logSumExpRows32(data as Float32Array, offset, rowStride, colStride, rows, cols, out);
  } else {
    logSumExpRows64(
      data as Float64Array,
      offset,
      rowStride,
      colStride,
      rows,
      cols,
      out as Float64Array,
    );
  }
  return out;
}
