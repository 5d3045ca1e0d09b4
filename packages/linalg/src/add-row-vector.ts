import type { FloatArray, Matrix } from './matrix.js';
import {
  checkEqual,
  checkFloatArray,
  checkMatrix,
  checkSameType,
  checkSameViewOrDisjoint,
  overlaps,
  spanHi,
  spanLo,
} from './validate.js';

function addRowVector32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  v: Float32Array,
  c: Float32Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let ci = co + i * crs;
    for (let j = 0; j < n; j++) {
      c[ci] = a[ai]! + v[j]!;
      ai += acs;
      ci += ccs;
    }
  }
}

function addRowVector64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  v: Float64Array,
  c: Float64Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let ci = co + i * crs;
    for (let j = 0; j < n; j++) {
      c[ci] = a[ai]! + v[j]!;
      ai += acs;
      ci += ccs;
    }
  }
}

/**
 * Broadcast add of a row vector, C[i,j] ← A[i,j] + v[j] (a bias added to every row), for any
 * strides; v has length A.cols; all of one element type. C may be A itself (in place); returns C.
 */
export function addRowVector<T extends FloatArray>(A: Matrix<T>, v: T, C: Matrix<T>): Matrix<T> {
  checkMatrix('A', A);
  checkMatrix('C', C);
  checkSameType('C.data', C.data, 'A.data', A.data);
  checkFloatArray('v', v);
  checkSameType('v', v, 'A.data', A.data);
  checkEqual('v.length', v.length, 'A.cols', A.cols);
  checkEqual('C.rows', C.rows, 'A.rows', A.rows);
  checkEqual('C.cols', C.cols, 'A.cols', A.cols);
  checkSameViewOrDisjoint('C', C, 'A', A);
  if (C.rows > 0 && C.cols > 0) {
    const lo = spanLo(C);
    const hi = spanHi(C);
    if (overlaps(C.data, lo, hi, v, 0, v.length - 1)) {
      throw new RangeError('C must not share memory with v');
    }
  }
  const m = A.rows;
  const n = A.cols;
  if (C.data instanceof Float32Array) {
    addRowVector32(
      A.data as Float32Array,
      A.offset,
      A.rowStride,
      A.colStride,
      v as Float32Array,
      C.data,
      C.offset,
      C.rowStride,
      C.colStride,
      m,
      n,
    );
  } else {
    addRowVector64(
      A.data as Float64Array,
      A.offset,
      A.rowStride,
      A.colStride,
      v as Float64Array,
      C.data as Float64Array,
      C.offset,
      C.rowStride,
      C.colStride,
      m,
      n,
    );
  }
  return C;
}
