import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkSameOrDisjoint, checkVectorLike } from './validate.js';

function mul32(x: Float32Array, y: Float32Array, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
}

function mul64(x: Float64Array, y: Float64Array, out: Float64Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
}

/** out[i] ← x[i] · y[i] (Hadamard product; same element type and length); out may be x or y. */
export function mul<T extends FloatArray>(x: T, y: T, out: T): T {
  checkFloatArray('x', x);
  checkVectorLike('y', y, 'x', x);
  checkVectorLike('out', out, 'x', x);
  checkSameOrDisjoint('out', out, 'x', x);
  checkSameOrDisjoint('out', out, 'y', y);
  if (out instanceof Float32Array) mul32(x as Float32Array, y as Float32Array, out);
  else mul64(x as Float64Array, y as Float64Array, out as Float64Array);
  return out;
}
