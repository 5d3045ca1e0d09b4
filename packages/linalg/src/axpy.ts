import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkSameOrDisjoint, checkScalar, checkVectorLike } from './validate.js';

function axpy32(alpha: number, x: Float32Array, y: Float32Array): void {
  const n = y.length;
  for (let i = 0; i < n; i++) y[i] = alpha * x[i]! + y[i]!;
}

function axpy64(alpha: number, x: Float64Array, y: Float64Array): void {
  const n = y.length;
  for (let i = 0; i < n; i++) y[i] = alpha * x[i]! + y[i]!;
}

/**
 * y ← α·x + y over the whole length of x and y (same element type and length); returns y.
 * y may be x itself (then y ← (1 + α)·y); other overlaps are rejected.
 */
export function axpy<T extends FloatArray>(alpha: number, x: T, y: T): T {
  checkScalar('alpha', alpha);
  checkFloatArray('x', x);
  checkVectorLike('y', y, 'x', x);
  checkSameOrDisjoint('y', y, 'x', x);
  if (y instanceof Float32Array) axpy32(alpha, x as Float32Array, y);
  else axpy64(alpha, x as Float64Array, y as Float64Array);
  return y;
}
