import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkSameOrDisjoint, checkVectorLike } from './validate.js';

function sigmoidBackward32(delta: Float32Array, s: Float32Array, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const si = s[i]!;
    out[i] = delta[i]! * si * (1 - si);
  }
}

function sigmoidBackward64(delta: Float64Array, s: Float64Array, out: Float64Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const si = s[i]!;
    out[i] = delta[i]! * si * (1 - si);
  }
}

/**
 * Backprop through a sigmoid whose output is s: out[i] ← delta[i] · s[i] · (1 − s[i])
 * (σ′ = σ·(1 − σ)); same element type and length; out may be delta or s. Returns out.
 */
export function sigmoidBackward<T extends FloatArray>(delta: T, s: T, out: T): T {
  checkFloatArray('delta', delta);
  checkVectorLike('s', s, 'delta', delta);
  checkVectorLike('out', out, 'delta', delta);
  checkSameOrDisjoint('out', out, 'delta', delta);
  checkSameOrDisjoint('out', out, 's', s);
  if (out instanceof Float32Array) {
    sigmoidBackward32(delta as Float32Array, s as Float32Array, out);
  } else {
    sigmoidBackward64(delta as Float64Array, s as Float64Array, out as Float64Array);
  }
  return out;
}
