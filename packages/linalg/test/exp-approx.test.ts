import { expApprox } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function relErr(x: number): number {
  const want = Math.exp(x);
  return Math.abs(expApprox(x) - want) / want;
}

describe('expApprox', () => {
  it('has relative error < 1e-8 on a dense grid over the normal range [−708, 709.7]', () => {
    let worst = 0;
    const steps = 400_000;
    for (let q = 0; q <= steps; q++) {
      const x = -708 + (1417.7 * q) / steps;
      worst = Math.max(worst, relErr(x));
    }
    expect(worst).toBeLessThan(1e-8);
  });

  it('has relative error < 1e-8 for random doubles in [−708, 709.7]', () => {
    fc.assert(
      fc.property(fc.double({ min: -708, max: 709.7, noNaN: true }), (x) => {
        expect(relErr(x)).toBeLessThan(1e-8);
      }),
      { numRuns: 2000 },
    );
  });

  it('is exact at 0 and saturates to 0 and +∞, passing NaN through', () => {
    expect(expApprox(0)).toBe(1);
    expect(expApprox(-746)).toBe(0);
    expect(expApprox(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(expApprox(710)).toBe(Number.POSITIVE_INFINITY);
    expect(expApprox(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(expApprox(Number.NaN)).toBeNaN();
    // subnormal results stay close in absolute terms
    expect(Math.abs(expApprox(-740) - Math.exp(-740))).toBeLessThan(1e-320);
  });
});
