import { binaryGather } from './binary-gather.js';
import { checkBinaryIndex } from './binary-gemm.js';
import type { BinaryIndex } from './binary-index.js';
import type { FloatArray, Matrix } from './matrix.js';
import {
  checkEqual,
  checkMatrix,
  checkSameType,
  checkScalar,
  matricesOverlap,
} from './validate.js';

/**
 * C ← α·Aᵀ·B + β·C where A (m×k) is the 0/1 matrix indexed by `index`: for each one A[r, i],
 * B[r, :] is added into row i of C (through A's column lists, so each row of C is summed once and
 * rounded once; rows of C whose column of A is all zero are only scaled by β). This is the CD
 * weight update vᵀ·p. B is m×n, C k×n, any strides, one element type; C must not share memory
 * with B. β = 0 ignores the old C; α = 0 does not read B. Equal to gemm(α, Aᵀ, B, β, C) up to
 * float32 summation order.
 */
export function binaryGemmT<T extends FloatArray>(
  alpha: number,
  index: BinaryIndex,
  B: Matrix<T>,
  beta: number,
  C: Matrix<T>,
): Matrix<T> {
  checkScalar('alpha', alpha);
  checkBinaryIndex('index', index);
  checkMatrix('B', B);
  checkScalar('beta', beta);
  checkMatrix('C', C);
  checkSameType('C.data', C.data, 'B.data', B.data);
  checkEqual('B.rows', B.rows, 'index.rows', index.rows);
  checkEqual('C.rows', C.rows, 'index.cols', index.cols);
  checkEqual('C.cols', C.cols, 'B.cols', B.cols);
  if (matricesOverlap(C, B)) throw new RangeError('C must not share memory with B');
  binaryGather(
    alpha,
    index.cols,
    { ptr: index.colPtr, idx: index.colIdx, B },
    undefined,
    beta,
    C,
    true,
  );
  return C;
}
