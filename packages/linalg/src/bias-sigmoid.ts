import { addRowVector } from './add-row-vector.js';
import type { FloatArray, Matrix } from './matrix.js';
import { biasSigmoidParallel } from './parallel/rows-parallel.js';
import { sigmoid } from './sigmoid.js';
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
import { arenaOfAll } from './wasm/backend.js';

/** One row of C for the TypeScript path when C's columns are not contiguous (grown, never shrunk). */
let ROW32 = new Float32Array(0);
let ROW64 = new Float64Array(0);

/**
 * C[i, j] ← σ(A[i, j] + b[j]) = 1/(1 + e^(−(A[i, j] + b[j]))): a layer's bias and logistic
 * activation in one pass. A, C m×n (any strides; C may be A itself), b of length n, one element
 * type; returns C. On the 'wasm' backend, float32 operands resident in one arena (see
 * createArena) with unit column strides run in a WebAssembly SIMD kernel (float32 arithmetic,
 * relative error < 1e-6; exactly 1 for x > 87, 1.6e-38 for x < −87); otherwise it is
 * addRowVector then sigmoid (the same values as calling them).
 */
export function biasSigmoid<T extends FloatArray>(A: Matrix<T>, b: T, C: Matrix<T>): Matrix<T> {
  checkMatrix('A', A);
  checkMatrix('C', C);
  checkSameType('C.data', C.data, 'A.data', A.data);
  checkFloatArray('b', b);
  checkSameType('b', b, 'A.data', A.data);
  checkEqual('b.length', b.length, 'A.cols', A.cols);
  checkEqual('C.rows', C.rows, 'A.rows', A.rows);
  checkEqual('C.cols', C.cols, 'A.cols', A.cols);
  checkSameViewOrDisjoint('C', C, 'A', A);
  const m = C.rows;
  const n = C.cols;
  if (m === 0 || n === 0) return C;
  if (overlaps(C.data, spanLo(C), spanHi(C), b, 0, n - 1)) {
    throw new RangeError('C must not share memory with b');
  }
  if (C.data instanceof Float32Array && A.colStride === 1 && C.colStride === 1) {
    const ctx = arenaOfAll(C.data, A.data, b);
    if (ctx !== undefined) {
      const a32 = A as Matrix<Float32Array>;
      if (biasSigmoidParallel(ctx, a32, b as Float32Array, C as Matrix<Float32Array>)) {
        return C;
      }
      ctx.kernels.biasSigmoid(
        A.data.byteOffset + 4 * A.offset,
        4 * A.rowStride,
        b.byteOffset,
        C.data.byteOffset + 4 * C.offset,
        4 * C.rowStride,
        m,
        n,
      );
      return C;
    }
  }
  addRowVector(A, b, C);
  const c = C.data;
  for (let i = 0; i < m; i++) {
    const start = C.offset + i * C.rowStride;
    if (C.colStride === 1) {
      const row = c.subarray(start, start + n) as T;
      sigmoid(row, row);
      continue;
    }
    if (c instanceof Float32Array) {
      if (ROW32.length < n) ROW32 = new Float32Array(n);
      const row = ROW32.subarray(0, n);
      for (let j = 0; j < n; j++) row[j] = c[start + j * C.colStride]!;
      sigmoid(row, row);
      for (let j = 0; j < n; j++) c[start + j * C.colStride] = row[j]!;
    } else {
      if (ROW64.length < n) ROW64 = new Float64Array(n);
      const row = ROW64.subarray(0, n);
      for (let j = 0; j < n; j++) row[j] = c[start + j * C.colStride]!;
      sigmoid(row, row);
      for (let j = 0; j < n; j++) c[start + j * C.colStride] = row[j]!;
    }
  }
  return C;
}
