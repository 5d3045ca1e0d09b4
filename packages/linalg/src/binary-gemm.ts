import { binaryGather } from './binary-gather.js';
import { BinaryIndex } from './binary-index.js';
import type { FloatArray, Matrix } from './matrix.js';
import {
  checkEqual,
  checkMatrix,
  checkSameType,
  checkScalar,
  matricesOverlap,
  show,
} from './validate.js';

/** Throws TypeError unless `value` is a {@link BinaryIndex}; `name` names the argument. */
export function checkBinaryIndex(name: string, value: unknown): asserts value is BinaryIndex {
  if (!(value instanceof BinaryIndex)) {
    throw new TypeError(`${name} must be a BinaryIndex, got ${show(value)}`);
  }
}

/**
 * C ← α·A·B + β·C where A (m×k) is the 0/1 matrix indexed by `index` (see BinaryIndex.fill): each
 * row i of C is α times the sum of the rows of B selected by the ones of A's row i, plus β·C[i, :]
 * (a gather: nnz(A)·n additions instead of m·k·n multiply-adds). B is k×n, C m×n, any strides,
 * one element type; C must not share memory with B. When β = 0 the old C is ignored (even NaN);
 * when α = 0, B is not read. Equal to gemm with the dense A up to float32 summation order: sums
 * are in float64 on TypeScript (float64, or the 'js' backend), in float32 on 'wasm'.
 */
export function binaryGemm<T extends FloatArray>(
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
  checkEqual('B.rows', B.rows, 'index.cols', index.cols);
  checkEqual('C.rows', C.rows, 'index.rows', index.rows);
  checkEqual('C.cols', C.cols, 'B.cols', B.cols);
  if (matricesOverlap(C, B)) throw new RangeError('C must not share memory with B');
  binaryGather(
    alpha,
    index.rows,
    { ptr: index.rowPtr, idx: index.rowIdx, B },
    undefined,
    beta,
    C,
    false,
  );
  return C;
}
