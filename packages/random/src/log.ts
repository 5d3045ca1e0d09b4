import { HI_WORD } from './float.js';

/*
 * Natural logarithm ported from fdlibm 5.3 `e_log.c` (Sun Microsystems, 1993; "Permission to use,
 * copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved."). ECMAScript leaves Math.log's rounding to the engine, so normal variates built on
 * it could differ between browsers; this port uses only + − × ÷ and bit access, which IEEE 754
 * fixes, so it gives the same bits everywhere (error < 1 ulp). Constants are written as the
 * shortest decimals of fdlibm's doubles (hex words in the comments).
 */

const ln2_hi = 0.6931471803691238; // 3fe62e42 fee00000
const ln2_lo = 1.9082149292705877e-10; // 3dea39ef 35793c76
const two54 = 2 ** 54; // 43500000 00000000
const Lg1 = 0.6666666666666735; // 3FE55555 55555593
const Lg2 = 0.3999999999940942; // 3FD99999 9997FA04
const Lg3 = 0.2857142874366239; // 3FD24924 94229359
const Lg4 = 0.22222198432149784; // 3FCC71C5 1D8E78AF
const Lg5 = 0.1818357216161805; // 3FC74664 96CB03DE
const Lg6 = 0.15313837699209373; // 3FC39A09 D078C69F
const Lg7 = 0.14798198605116586; // 3FC2F112 DF3E5244

const buf = new Float64Array(1);
const words = new Int32Array(buf.buffer);
const HI = HI_WORD;
const LO = 1 - HI_WORD;

/**
 * ln(x), bit-for-bit the same in every JavaScript engine (fdlibm algorithm: x = 2^k·(1 + f),
 * ln(1 + f) from a degree-14 minimax polynomial in s = f/(2 + f)). ln(±0) = −∞, ln(x < 0) = NaN,
 * ln(+∞) = +∞, ln(NaN) = NaN. Internal kernel.
 */
export function log(x: number): number {
  buf[0] = x;
  let hx = words[HI]!;
  const lx = words[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal.
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= two54;
    buf[0] = x;
    hx = words[HI]!;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  // Normalize x or x/2 into [sqrt(2)/2, sqrt(2)).
  words[HI] = hx | (i ^ 0x3ff00000);
  x = buf[0]!;
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return k * ln2_hi + k * ln2_lo;
    }
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    if (k === 0) return f - R;
    return k * ln2_hi - (R - k * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - (hfsq - (s * (hfsq + R) + dk * ln2_lo) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * ln2_hi - (s * (f - R) - dk * ln2_lo - f);
}

/** POW2[1023 + e] = 2^e for e ∈ [−1022, 1023], built by exact doubling and halving. */
const POW2 = new Float64Array(2047);
for (let e = 0, v = 1; e <= 1023; e++, v *= 2) POW2[1023 + e] = v;
for (let e = 0, v = 1; e >= -1022; e--, v /= 2) POW2[1023 + e] = v;

/**
 * ln(x) for a positive normal double x < 2 (the polar method's s ∈ (0, 1)): {@link log} without
 * its special-value and subnormal branches, with the k = 0 cases folded into the general formula
 * (0·c and 0 − y are exact), and with the reduced argument formed as x·2^-k instead of by
 * rewriting the exponent bits (same value: scaling by a power of two is exact; avoids a
 * store-forwarding stall). Bit-identical to `log` on its domain and small enough for V8 to
 * inline, which keeps doubles unboxed in the normal kernel. Internal kernel: unchecked.
 */
export function logUnit(x: number): number {
  buf[0] = x;
  const hx0 = words[HI]!;
  const hx = hx0 & 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  // x = 2^k·(1 + f) with 1 + f ∈ [sqrt(2)/2, sqrt(2)).
  const k = (hx0 >> 20) - 1023 + (i >> 20);
  const f = x * POW2[1023 - k]! - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k * ln2_hi - (r - k * ln2_lo - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const R = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7))) + w * (Lg2 + w * (Lg4 + w * Lg6));
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k * ln2_hi - (hfsq - (s * (hfsq + R) + k * ln2_lo) - f);
  }
  return k * ln2_hi - (s * (f - R) - k * ln2_lo - f);
}
