import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkInt32Array, checkMatrix } from './validate.js';

function rowArgmax32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  out: Int32Array,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let best = Number.NEGATIVE_INFINITY;
    let arg = 0;
    for (let j = 0; j < n; j++) {
      const v = a[ai]!;
      if (v > best) {
        best = v;
        arg = j;
      }
      ai += acs;
    }
    out[i] = arg;
  }
}

function rowArgmax64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  m: number,
  n: number,
  out: Int32Array,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let best = Number.NEGATIVE_INFINITY;
    let arg = 0;
    for (let j = 0; j < n; j++) {
      const v = a[ai]!;
      if (v > best) {
        best = v;
        arg = j;
      }
      ai += acs;
    }
    out[i] = arg;
  }
}

/**
 * Index of each row's maximum, out[i] ← argmax_j A[i,j], the first one on ties, for any strides;
 * out has length A.rows. NaN entries are never chosen; a row of only −∞/NaN gives 0. A needs at
 * least one column when it has rows. Returns out.
 */
export function rowArgmax<T extends FloatArray>(A: Matrix<T>, out: Int32Array): Int32Array {
  checkMatrix('A', A);
  checkInt32Array('out', out);
  checkEqual('out.length', out.length, 'A.rows', A.rows);
  if (A.rows > 0 && A.cols === 0) {
    throw new RangeError(`A must have at least one column to take an argmax, got ${A.rows}×0`);
  }
  const { data, offset, rowStride, colStride, rows, cols } = A;
  if (data instanceof Float32Array)
    rowArgmax32(data, offset, rowStride, colStride, rows, cols, out);
  else rowArgmax64(data as Float64Array, offset, rowStride, colStride, rows, cols, out);
  return out;
}
