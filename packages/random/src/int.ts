import type { Sfc32 } from './sfc32.js';

const TWO_32 = 2 ** 32;
const TWO_M32 = 2 ** -32;

/** Largest bound for which the multiply-shift path is used: x·n < 2^53 stays exact in a double. */
export const LEMIRE_MAX = 2 ** 21;

/**
 * Unbiased integer in [0, n), 1 ≤ n ≤ 2^32, from 32-bit outputs x. For n ≤ 2^21, Lemire's
 * nearly-divisionless method: redraw x while x·n mod 2^32 < 2^32 mod n (the modulus is computed
 * only when x·n mod 2^32 < n), then return ⌊x·n / 2^32⌋ (x·n < 2^53 is exact). For larger n,
 * threshold rejection: redraw while x ≥ 2^32 − (2^32 mod n), return x mod n. Both give every value
 * in [0, n) exactly ⌊2^32 / n⌋ accepted x's. Internal kernel: unchecked.
 */
export function boundedInt(g: Sfc32, n: number): number {
  if (n <= LEMIRE_MAX) {
    let x = g.next();
    // Low word of x·n: Math.imul is exact mod 2^32.
    let lo = Math.imul(x, n) >>> 0;
    if (lo < n) {
      const threshold = TWO_32 % n;
      while (lo < threshold) {
        x = g.next();
        lo = Math.imul(x, n) >>> 0;
      }
    }
    return Math.floor(x * n * TWO_M32);
  }
  const limit = TWO_32 - (TWO_32 % n);
  let x = g.next();
  while (x >= limit) x = g.next();
  return x % n;
}
