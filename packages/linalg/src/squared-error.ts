import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkMatrix, checkSameType } from './validate.js';

function squaredError32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float32Array,
  bo: number,
  brs: number,
  bcs: number,
  m: number,
  n: number,
): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let bi = bo + i * brs;
    for (let j = 0; j < n; j++) {
      const d = a[ai]! - b[bi]!;
      s += d * d;
      ai += acs;
      bi += bcs;
    }
  }
  return s;
}

function squaredError64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bo: number,
  brs: number,
  bcs: number,
  m: number,
  n: number,
): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let bi = bo + i * brs;
    for (let j = 0; j < n; j++) {
      const d = a[ai]! - b[bi]!;
      s += d * d;
      ai += acs;
      bi += bcs;
    }
  }
  return s;
}

/**
 * Sum of squared differences, Σ_{i,j} (A[i,j] − B[i,j])², for two matrices of one shape and
 * element type (any strides); differences, squares and the sum are computed in float64.
 */
export function squaredError<T extends FloatArray>(A: Matrix<T>, B: Matrix<T>): number {
  checkMatrix('A', A);
  checkMatrix('B', B);
  checkSameType('B.data', B.data, 'A.data', A.data);
  checkEqual('B.rows', B.rows, 'A.rows', A.rows);
  checkEqual('B.cols', B.cols, 'A.cols', A.cols);
  const { rows, cols } = A;
  if (A.data instanceof Float32Array) {
    return squaredError32(
      A.data,
      A.offset,
      A.rowStride,
      A.colStride,
      B.data as Float32Array,
      B.offset,
      B.rowStride,
      B.colStride,
      rows,
      cols,
    );
  }
  return squaredError64(
    A.data as Float64Array,
    A.offset,
    A.rowStride,
    A.colStride,
    B.data as Float64Array,
    B.offset,
    B.rowStride,
    B.colStride,
    rows,
    cols,
  );
}
