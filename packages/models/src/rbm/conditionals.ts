import {
  biasSigmoid,
  type FloatArray,
  gemm,
  isContiguous,
  type Matrix,
  transpose,
} from '@dbn/linalg';
import type { Rbm } from '../types.js';
import { zerosLike } from '../util.js';
import type { BinaryOperand } from './binary.js';

/**
 * out ← σ(V·W + 1bᵀ) for contiguous `out` (internal: no checks). With `binary` (a
 * {@link BinaryOperand} filled from V), V·W is a binary gather when V is sparse enough.
 */
export function upInto<T extends FloatArray>(
  W: Matrix<T>,
  b: T,
  V: Matrix<T>,
  out: Matrix<T>,
  binary?: BinaryOperand<T>,
): Matrix<T> {
  if (binary) binary.times(1, W, 0, out);
  else gemm(1, V, W, 0, out);
  return biasSigmoid(out, b, out);
}

/** out ← σ(H·Wᵀ + 1aᵀ) for contiguous `out` (internal: no checks). */
export function downInto<T extends FloatArray>(
  W: Matrix<T>,
  a: T,
  H: Matrix<T>,
  out: Matrix<T>,
): Matrix<T> {
  gemm(1, H, transpose(W), 0, out);
  return biasSigmoid(out, a, out);
}

function checkOut(name: string, out: Matrix, rows: number, cols: number, like: FloatArray): void {
  if (out.rows !== rows || out.cols !== cols) {
    throw new RangeError(`${name} must be ${rows}×${cols}, got ${out.rows}×${out.cols}`);
  }
  if (!isContiguous(out)) throw new RangeError(`${name} must be contiguous row-major`);
  if (out.data.constructor !== like.constructor) {
    throw new TypeError(
      `${name} must hold ${like.constructor.name}, got ${out.data.constructor.name}`,
    );
  }
}

/** p(h = 1 | v) = σ(V·W + b) for every row of V (n × visible → n × hidden). */
export function hiddenProbabilities<T extends FloatArray>(
  rbm: Rbm<T>,
  V: Matrix<T>,
  out?: Matrix<T>,
): Matrix<T> {
  if (V.cols !== rbm.visible)
    throw new RangeError(`V must have ${rbm.visible} columns, got ${V.cols}`);
  const o = out ?? zerosLike(rbm.a, V.rows, rbm.hidden);
  checkOut('out', o, V.rows, rbm.hidden, rbm.a);
  return upInto(rbm.W, rbm.b, V, o);
}

/** p(v = 1 | h) = σ(H·Wᵀ + a) for every row of H (n × hidden → n × visible). */
export function visibleProbabilities<T extends FloatArray>(
  rbm: Rbm<T>,
  H: Matrix<T>,
  out?: Matrix<T>,
): Matrix<T> {
  if (H.cols !== rbm.hidden)
    throw new RangeError(`H must have ${rbm.hidden} columns, got ${H.cols}`);
  const o = out ?? zerosLike(rbm.a, H.rows, rbm.visible);
  checkOut('out', o, H.rows, rbm.visible, rbm.a);
  return downInto(rbm.W, rbm.a, H, o);
}
