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
 * C ← α·(A₁ᵀ·B₁ − A₂ᵀ·B₂) + β·C for two 0/1 matrices A₁ (m₁×k), A₂ (m₂×k) given by their indexes:
 * each row i of C gets the rows of B₁ selected by column i of A₁, minus those of B₂ selected by
 * column i of A₂, in one pass over C (rows with no ones in either column only scaled by β). This
 * is the whole CD weight update W += r·(v₀ᵀ·p₀ − vᵀ·p) with one read and write of W instead of
 * two. B₁ is m₁×n, B₂ m₂×n, C k×n (any strides, one element type; C must not share memory with
 * B₁ or B₂). β = 0 ignores the old C; α = 0 reads no B. Equal to two gemm calls up to float32
 * summation order.
 */
export function binaryGemmTDiff<T extends FloatArray>(
  alpha: number,
  index1: BinaryIndex,
  B1: Matrix<T>,
  index2: BinaryIndex,
  B2: Matrix<T>,
  beta: number,
  C: Matrix<T>,
): Matrix<T> {
  checkScalar('alpha', alpha);
  checkBinaryIndex('index1', index1);
  checkMatrix('B1', B1);
  checkBinaryIndex('index2', index2);
  checkMatrix('B2', B2);
  checkScalar('beta', beta);
  checkMatrix('C', C);
  checkSameType('B2.data', B2.data, 'B1.data', B1.data);
  checkSameType('C.data', C.data, 'B1.data', B1.data);
  checkEqual('B1.rows', B1.rows, 'index1.rows', index1.rows);
  checkEqual('B2.rows', B2.rows, 'index2.rows', index2.rows);
  checkEqual('index2.cols', index2.cols, 'index1.cols', index1.cols);
  checkEqual('B2.cols', B2.cols, 'B1.cols', B1.cols);
  checkEqual('C.rows', C.rows, 'index1.cols', index1.cols);
  checkEqual('C.cols', C.cols, 'B1.cols', B1.cols);
  if (matricesOverlap(C, B1)) throw new RangeError('C must not share memory with B1');
  if (matricesOverlap(C, B2)) throw new RangeError('C must not share memory with B2');
  binaryGather(
    alpha,
    index1.cols,
    { ptr: index1.colPtr, idx: index1.colIdx, B: B1 },
    { ptr: index2.colPtr, idx: index2.colIdx, B: B2 },
    beta,
    C,
    true,
  );
  return C;
}
