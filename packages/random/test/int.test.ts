import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive, stream } from '../src/index.js';
import { chiSquare9999, chiSquareUniform } from './stats.js';

/** Unbiased bounded integers written independently with BigInt (same acceptance rules). */
function referenceInt(next: () => number, n: number): number {
  const N = BigInt(n);
  const R = 1n << 32n;
  if (n <= 2 ** 21) {
    const threshold = R % N;
    for (;;) {
      const m = BigInt(next()) * N;
      if (m % R >= threshold) return Number(m / R);
    }
  }
  const limit = R - (R % N);
  for (;;) {
    const x = BigInt(next());
    if (x < limit) return Number(x % N);
  }
}

describe('int', () => {
  it('returns integers in [0, n) for any n in [1, 2^32]', () => {
    const s = stream('int-range');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), (n) => {
        for (let i = 0; i < 20; i++) {
          const k = s.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
    expect(s.int(1)).toBe(0);
  });

  it('matches an exact BigInt rejection sampler draw for draw', () => {
    const bounds = [
      1,
      2,
      3,
      7,
      10,
      1000,
      65_537,
      2 ** 21 - 1,
      2 ** 21,
      2 ** 21 + 1,
      3 * 2 ** 30,
      2 ** 32 - 1,
      2 ** 32,
    ];
    for (const n of bounds) {
      const s = derive(1, 'int-ref', n);
      const t = derive(1, 'int-ref', n);
      for (let i = 0; i < 500; i++) expect(s.int(n)).toBe(referenceInt(() => t.uint32(), n));
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.nat(), (n, seed) => {
        const s = derive(seed, 'int-ref');
        const t = derive(seed, 'int-ref');
        for (let i = 0; i < 10; i++) expect(s.int(n)).toBe(referenceInt(() => t.uint32(), n));
      }),
      { numRuns: 200 },
    );
  });

  it('is uniform for small n (chi-square at 99.99 %)', () => {
    const s = stream('int-chi');
    for (const n of [2, 3, 7, 10, 52]) {
      const counts = new Float64Array(n);
      for (let i = 0; i < 2000 * n; i++) counts[s.int(n)]!++;
      expect(chiSquareUniform(counts)).toBeLessThan(chiSquare9999(n - 1));
    }
  });

  it('has no modulo bias for large n', () => {
    // With x mod n for n = 3·2^30, values below 2^30 would come up half the time, not a third.
    const s = stream('int-bias');
    const n = 3 * 2 ** 30;
    const draws = 60_000;
    let low = 0;
    for (let i = 0; i < draws; i++) if (s.int(n) < 2 ** 30) low++;
    expect(Math.abs(low / draws - 1 / 3)).toBeLessThan(4 * Math.sqrt(2 / 9 / draws));
  });

  it('validates n', () => {
    const s = stream(0);
    for (const n of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => s.int(n)).toThrow(RangeError);
      expect(() => s.int(n)).toThrow(/^n must be an integer in \[1, 4294967296\]/);
    }
    expect(() => s.int('3' as unknown as number)).toThrow(TypeError);
  });
});
