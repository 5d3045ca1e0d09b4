import { type FloatArray, type Matrix, rowSlice, squaredError } from '@dbn/linalg';
import type { Rbm } from '../types.js';
import { BinaryOperand, copyRbmParams, runBuffers } from './binary.js';
import { downInto, upInto } from './conditionals.js';

const CHUNK = 1024;

/**
 * The study's "EQM": mean over all n·p elements of (x − x̂)², where x̂ = σ(σ(xW + b)Wᵀ + a) is the
 * mean-field reconstruction of each row x of X (computed in chunks of rows).
 */
export function reconstructionError<T extends FloatArray>(rbm: Rbm<T>, X: Matrix<T>): number {
  if (X.cols !== rbm.visible)
    throw new RangeError(`X must have ${rbm.visible} columns, got ${X.cols}`);
  const n = X.rows;
  if (n === 0) return 0;
  const { visible: p, hidden: q } = rbm;
  const c = Math.min(CHUNK, n);
  // The buffers training uses for its per-epoch error (an arena on the wasm backend), so that the
  // error of a saved model equals the one its last training epoch reported, bit for bit.
  const buffers = runBuffers(
    rbm.a,
    [
      [p, q],
      [1, p],
      [1, q],
      [c, q],
      [c, p],
    ],
    [[c, p]],
    [c, p, q],
  );
  const { W, a, b } = copyRbmParams(buffers, rbm);
  const H = buffers.zeros(c, q);
  const R = buffers.zeros(c, p);
  // each chunk is checked as it is indexed (a chunk that is not 0/1 takes the dense product)
  const binary = new BinaryOperand(rbm.a, c, p, buffers.arena);
  return reconstructionErrorWith(W, a, b, X, H, R, binary);
}

/**
 * Internal form with caller-owned chunk buffers H (c × q) and R (c × p) and a BinaryOperand
 * `binary` of c × p: each chunk of X is indexed (which checks that it is 0/1) and X·W is a binary
 * gather when the chunk is 0/1 and sparse, else dense gemm.
 */
export function reconstructionErrorWith<T extends FloatArray>(
  W: Matrix<T>,
  a: T,
  b: T,
  X: Matrix<T>,
  H: Matrix<T>,
  R: Matrix<T>,
  binary: BinaryOperand<T>,
): number {
  const n = X.rows;
  const c = H.rows;
  let sum = 0;
  for (let s = 0; s < n; s += c) {
    const e = Math.min(n, s + c);
    const Xc = rowSlice(X, s, e);
    const Hc = rowSlice(H, 0, e - s);
    const Rc = rowSlice(R, 0, e - s);
    binary.fill(Xc);
    upInto(W, b, Xc, Hc, binary);
    downInto(W, a, Hc, Rc);
    sum += squaredError(Xc, Rc);
  }
  return sum / (n * X.cols);
}
