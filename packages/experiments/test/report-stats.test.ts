import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValues, leastSquaresSlope } from '../src/report/stats.js';

describe('describeValues', () => {
  it('gives n, mean, sample sd, min and max', () => {
    expect(describeValues([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({
      n: 8,
      mean: 5,
      sd: Math.sqrt(32 / 7),
      min: 2,
      max: 9,
    });
    expect(describeValues([3])).toEqual({ n: 1, mean: 3, sd: 0, min: 3, max: 3 });
  });

  it('keeps min ≤ mean ≤ max and sd ≥ 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (xs) => {
          const s = describeValues(xs);
          expect(s.min).toBeLessThanOrEqual(s.mean + 1e-9 * Math.abs(s.mean));
          expect(s.mean).toBeLessThanOrEqual(s.max + 1e-9 * Math.abs(s.max));
          expect(s.sd).toBeGreaterThanOrEqual(0);
          expect(s.n).toBe(xs.length);
        },
      ),
    );
  });

  it('rejects empty or non-finite input, naming the element', () => {
    expect(() => describeValues([])).toThrow(/non-empty/);
    expect(() => describeValues([1, Number.NaN])).toThrow(
      /values\[1\] must be a finite number, got NaN/,
    );
    expect(() => describeValues('x' as never)).toThrow(TypeError);
  });
});

describe('leastSquaresSlope', () => {
  it('recovers a of y = a·x + b exactly enough (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 10 }),
        (a, b, xs) => {
          const slope = leastSquaresSlope(
            xs,
            xs.map((x) => a * x + b),
          );
          expect(Math.abs(slope - a)).toBeLessThan(1e-9 * (1 + Math.abs(a) + Math.abs(b)));
        },
      ),
    );
  });

  it('fits noisy points: slope of (1,1) (2,3) (3,2) is 0.5', () => {
    expect(leastSquaresSlope([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('rejects mismatched, too short or constant x', () => {
    expect(() => leastSquaresSlope([1, 2], [1])).toThrow(
      /ys\.length must equal xs\.length \(2\), got 1/,
    );
    expect(() => leastSquaresSlope([1], [1])).toThrow(/at least 2 points/);
    expect(() => leastSquaresSlope([2, 2], [1, 3])).toThrow(/two distinct values/);
  });
});
