import { CHUNK } from './chunk.js';
import { float32AtLeast, float32Below, prevFloat64 } from './float.js';
import type { Sfc32 } from './sfc32.js';

const TWO_M24 = 2 ** -24;
const TWO_26 = 2 ** 26;
const TWO_M53 = 2 ** -53;
/** Largest U of each kind: 1 − 2^-24 (float32 fills) and 1 − 2^-53 (float64 fills). */
const MAX_U24 = 1 - TWO_M24;
const MAX_U53 = 1 - TWO_M53;

/**
 * Fills float32 `out` with lo + (hi − lo)·U, U = (x >>> 8)·2^-24 from one 32-bit output x per
 * element (so for [0, 1) every value is an exact multiple of 2^-24 and at most 1 − 2^-24). The
 * float32 rounding of the result is kept in [lo, hi): one that would round up to hi becomes the
 * largest float32 below hi, one below lo becomes the smallest float32 ≥ lo. U ↦ result is monotone,
 * so the clamping loop runs only when the extreme values U = 0 and U = 1 − 2^-24 need it.
 * Internal kernel: unchecked (needs lo < hi, finite hi − lo, a float32 in [lo, hi)).
 */
export function uniformFillFloat32(
  g: Sfc32,
  out: Float32Array,
  lo: number,
  hi: number,
): Float32Array {
  const w = hi - lo;
  const n = out.length;
  const s = g.s;
  if (Math.fround(lo + w * MAX_U24) < hi && Math.fround(lo) >= lo) {
    for (let i = 0; i < n; i += CHUNK) uniform32Chunk(s, out, i, Math.min(n, i + CHUNK), lo, w);
  } else {
    const top = float32Below(hi);
    const bottom = float32AtLeast(lo);
    for (let i = 0; i < n; i += CHUNK) {
      uniform32ClampChunk(s, out, i, Math.min(n, i + CHUNK), lo, w, hi, bottom, top);
    }
  }
  return out;
}

function uniform32Chunk(
  s: Int32Array,
  out: Float32Array,
  start: number,
  end: number,
  lo: number,
  w: number,
): void {
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  for (let i = start; i < end; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    out[i] = lo + w * ((t >>> 8) * TWO_M24);
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

function uniform32ClampChunk(
  s: Int32Array,
  out: Float32Array,
  start: number,
  end: number,
  lo: number,
  w: number,
  hi: number,
  bottom: number,
  top: number,
): void {
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  for (let i = start; i < end; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    let r = Math.fround(lo + w * ((t >>> 8) * TWO_M24));
    if (r >= hi) r = top;
    if (r < lo) r = bottom;
    out[i] = r;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

/**
 * Fills float64 `out` with lo + (hi − lo)·U, U the 53-bit double of two consecutive outputs
 * (the same U as `Sfc32.nextDouble`); a result that rounds up to hi becomes the largest double
 * below hi (checked only when U = 1 − 2^-53 would round up). Internal kernel: unchecked
 * (needs finite lo < hi with finite hi − lo).
 */
export function uniformFillFloat64(
  g: Sfc32,
  out: Float64Array,
  lo: number,
  hi: number,
): Float64Array {
  const w = hi - lo;
  const n = out.length;
  const s = g.s;
  // With no rounding up to hi, clamping at +∞ changes nothing and keeps one loop.
  const top = lo + w * MAX_U53 < hi ? Number.POSITIVE_INFINITY : prevFloat64(hi);
  for (let i = 0; i < n; i += CHUNK) uniform64Chunk(s, out, i, Math.min(n, i + CHUNK), lo, w, top);
  return out;
}

function uniform64Chunk(
  s: Int32Array,
  out: Float64Array,
  start: number,
  end: number,
  lo: number,
  w: number,
  top: number,
): void {
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  for (let i = start; i < end; i++) {
    const t1 = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t1) | 0;
    const t2 = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t2) | 0;
    const r = lo + w * (((t1 >>> 5) * TWO_26 + (t2 >>> 6)) * TWO_M53);
    out[i] = Math.min(r, top);
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}
