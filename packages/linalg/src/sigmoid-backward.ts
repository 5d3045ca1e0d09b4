import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkSameOrDisjoint, checkVectorLike } from './validate.js';
import { arenaOfAll } from './wasm/backend.js';

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
 * (σ′ = σ·(1 − σ)); same element type and length; out may be delta or s. Returns out. Float32
 * arrays resident in one arena (createArena) run in a WebAssembly SIMD kernel on the 'wasm'
 * backend, with the same bits (products in float64, rounded once to float32).
 */
export function sigmoidBackward<T extends FloatArray>(delta: T, s: T, out: T): T {
  checkFloatArray('delta', delta);
  checkVectorLike('s', s, 'delta', delta);
  checkVectorLike('out', out, 'delta', delta);
  checkSameOrDisjoint('out', out, 'delta', delta);
  checkSameOrDisjoint('out', out, 's', s);
  if (out instanceof Float32Array) {
    const d = delta as Float32Array;
    const s32 = s as Float32Array;
    // resident in one arena: the wasm kernel, in place (the same bits: see asm/sigmoid-backward.ts)
    const ctx = arenaOfAll(out, d, s32);
    if (ctx !== undefined) {
      ctx.kernels.sigmoidBackward(d.byteOffset, s32.byteOffset, out.byteOffset, out.length);
      return out;
    }
    sigmoidBackward32(d, s32, out);
  } else {
    sigmoidBackward64(delta as Float64Array, s as Float64Array, out as Float64Array);
  }
  return out;
}
