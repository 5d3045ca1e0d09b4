/*
 * e^x by range reduction: x = k·ln2 + r with k = round(x·log₂e) and |r| ≤ ln2/2 (ln2 split in a
 * high and a low part, Cody & Waite, so r is exact to ~1e-17), e^r by its degree-7 Taylor
 * polynomial (truncation error ≤ r⁸/8!·e^r < 7.5e-9 relative), and 2^k from a table.
 */

/** log₂e. */
const LOG2E = Math.LOG2E;
/** High part of ln 2 (its low bits are zero, so k·LN2_HI is exact for |k| < 2¹¹). */
const LN2_HI = 0.6931471803691238;
/** ln 2 − LN2_HI. */
const LN2_LO = 1.9082149292705877e-10;
/** 1.5·2⁵²: adding and subtracting it rounds a double to the nearest integer (ties to even). */
const ROUND_MAGIC = 6755399441055744;
/** POW2[k + POW2_BIAS] = 2^k for k in [−1075, 1024] (subnormal at the low end, ∞ at the top). */
const POW2_BIAS = 1075;
/** The table of powers of two (2100 entries). */
const POW2 = new Float64Array(2100);
for (let i = 0; i < POW2.length; i++) POW2[i] = 2 ** (i - POW2_BIAS);

/** Below this e^x is 0 in float64 (and the approximation returns 0). */
const EXP_MIN = -745.2;
/** Above this e^x overflows float64 (and the approximation returns +∞). */
const EXP_MAX = 709.79;

/**
 * e^x with relative error below 1e-8 wherever e^x is a normal float64 (x ≥ −708; below that the
 * result is subnormal and correct to an absolute 1e-316); 0 below −745.2, +∞ above 709.79, NaN
 * for NaN. Used by the float32 row-wise kernels (softmaxRows, logSumExpRows); V8 inlines it.
 */
export function expApprox(x: number): number {
  if (!(x > EXP_MIN)) return Number.isNaN(x) ? x : 0;
  if (x > EXP_MAX) return Number.POSITIVE_INFINITY;
  const k = x * LOG2E + ROUND_MAGIC - ROUND_MAGIC;
  const r = x - k * LN2_HI - k * LN2_LO;
  const p =
    1 +
    r *
      (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))))));
  // 2^1024 itself overflows; e^x near the top needs 2·2^1023
  return k > 1023 ? p * 2 * POW2[(k - 1 + POW2_BIAS) | 0]! : p * POW2[(k + POW2_BIAS) | 0]!;
}
