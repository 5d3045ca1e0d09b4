import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkScalar } from './validate.js';

function scal32(alpha: number, x: Float32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] = alpha * x[i]!;
}

function scal64(alpha: number, x: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] = alpha * x[i]!;
}

/** x ← α·x in place over the whole length of x; returns x. */
export function scal<T extends FloatArray>(alpha: number, x: T): T {
  checkScalar('alpha', alpha);
  checkFloatArray('x', x);
  if (x instanceof Float32Array) scal32(alpha, x);
  else scal64(alpha, x as Float64Array);
  return x;
}
