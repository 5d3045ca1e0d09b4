import type { FloatArray } from './matrix.js';
import { checkFloatArray, checkSameOrDisjoint, checkVectorLike } from './validate.js';

/*
 * The float32 kernel evaluates e^(−x) the way expApprox (exp-approx.ts) does: k = round(t·log₂e),
 * r = t − k·ln2 (ln2 in a high and a low part), e^r by its degree-7 Taylor polynomial, 2^k from a
 * table. The constants are repeated here as literals and the table is this module's own: V8 folds
 * module-local constants into the loop, whereas imported bindings are re-read on every use
 * (measured: ~30% slower).
 */

/** −x is clamped to ±110 before e^(−x): σ(−110) ≈ 1.7e-48 and σ(110) already round to 0 and 1. */
const CLAMP = 110;
/** Offset of 2⁰ in POW2 (k ranges over round(±110·log₂e) = ±159). */
const BIAS = 160;
/** POW2[k + BIAS] = 2^k for k in [−160, 160]. */
const POW2 = new Float64Array(2 * BIAS + 1);
for (let i = 0; i < POW2.length; i++) POW2[i] = 2 ** (i - BIAS);

/** float32: σ(x) with an inlined polynomial e^(−x) (no call to Math.exp). */
function sigmoid32(x: Float32Array, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const t = Math.min(CLAMP, Math.max(-CLAMP, -x[i]!)); // NaN stays NaN
    // round(t·log₂e) by adding and subtracting 1.5·2⁵²
    const k = t * Math.LOG2E + 6755399441055744 - 6755399441055744;
    const r = t - k * 0.6931471803691238 - k * 1.9082149292705877e-10;
    const p =
      1 +
      r *
        (1 +
          r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))))));
    out[i] = 1 / (1 + p * POW2[(k + BIAS) | 0]!);
  }
}

/** float64: σ(x) = 1/(1 + Math.exp(−x)), correctly saturating (e^1000 = ∞ gives 0). */
function sigmoid64(x: Float64Array, out: Float64Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
}

/**
 * Logistic sigmoid, out[i] ← σ(x[i]) = 1/(1 + e^(−x[i])); same element type and length; out may
 * be x (in place). Returns out. float32 uses a polynomial e^x (relative error of σ < 1e-8 before
 * rounding to float32; faster than Math.exp, see bench/sigmoid.bench.ts); float64 uses Math.exp.
 * σ saturates to exactly 0 or 1 for large |x| and is never NaN for non-NaN input (±∞ included).
 */
export function sigmoid<T extends FloatArray>(x: T, out: T): T {
  checkFloatArray('x', x);
  checkVectorLike('out', out, 'x', x);
  checkSameOrDisjoint('out', out, 'x', x);
  if (out instanceof Float32Array) sigmoid32(x as Float32Array, out);
  else sigmoid64(x as Float64Array, out as Float64Array);
  return out;
}
