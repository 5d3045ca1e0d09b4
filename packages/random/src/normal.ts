import { CHUNK } from './chunk.js';
import { logUnit } from './log.js';
import type { Sfc32 } from './sfc32.js';
import type { FloatArray } from './validate.js';

const TWO_M31 = 2 ** -31;

/**
 * Fills `out` with N(mean, std²) variates by Marsaglia's polar method: from two 32-bit outputs
 * x, y take u = ((x | 0) + ½)·2^-31 and v = ((y | 0) + ½)·2^-31, uniform in (−1, 1) and never 0;
 * reject unless s = u² + v² < 1 (probability π/4); then u·√(−2 ln s / s) and v·√(−2 ln s / s) are
 * independent standard normals, stored as mean + std·z. ln is the fdlibm port and √ is exact, so
 * results are identical in every engine; a float32 `out` holds the float32 rounding of the float64
 * result. Pairs are not carried between calls: an odd length drops the last pair's second value.
 * Internal kernel: unchecked.
 */
export function fillNormalKernel<T extends FloatArray>(
  g: Sfc32,
  out: T,
  mean: number,
  std: number,
): T {
  const n = out.length;
  const s = g.s;
  // CHUNK is even, so pairs never straddle chunks: the result does not depend on CHUNK.
  for (let i = 0; i < n; i += CHUNK) normalChunk(s, out, i, Math.min(n, i + CHUNK), mean, std);
  return out;
}

function normalChunk(
  st: Int32Array,
  out: FloatArray,
  start: number,
  end: number,
  mean: number,
  std: number,
): void {
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  let d = st[3]!;
  let i = start;
  while (i < end) {
    const x = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + x) | 0;
    const y = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + y) | 0;
    const u = (x + 0.5) * TWO_M31;
    const v = (y + 0.5) * TWO_M31;
    const s = u * u + v * v;
    if (s < 1) {
      const f = Math.sqrt((-2 * logUnit(s)) / s);
      out[i++] = mean + std * (u * f);
      if (i < end) out[i++] = mean + std * (v * f);
    }
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
}
