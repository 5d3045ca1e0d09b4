import { type FloatArray, type Matrix, rowSlice, squaredError } from '@dbn/linalg';
import type { Rbm } from '../types.js';
import { zerosLike } from '../util.js';
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
  const c = Math.min(CHUNK, n);
  const H = zerosLike(rbm.a, c, rbm.hidden);
  const R = zerosLike(rbm.a, c, rbm.visible);
  return reconstructionErrorWith(rbm.W, rbm.a, rbm.b, X, H, R);
}

/** Internal form with caller-owned chunk buffers H (c × q) and R (c × p). */
export function reconstructionErrorWith<T extends FloatArray>(
  W: Matrix<T>,
  a: T,
  b: T,
  X: Matrix<T>,
  H: Matrix<T>,
  R: Matrix<T>,
): number {
  const n = X.rows;
  const c = H.rows;
  let sum = 0;
  for (let s = 0; s < n; s += c) {
    const e = Math.min(n, s + c);
    const Xc = rowSlice(X, s, e);
    const Hc = rowSlice(H, 0, e - s);
    const Rc = rowSlice(R, 0, e - s);
    upInto(W, b, Xc, Hc);
    downInto(W, a, Hc, Rc);
    sum += squaredError(Xc, Rc);
  }
  return sum / (n * X.cols);
}
