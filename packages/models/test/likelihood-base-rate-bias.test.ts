import { fromArray } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseRateBias, DEFAULT_BASE_RATE_SMOOTHING } from '../src/index.js';
import { sigma, snapshot } from './helpers.js';

const rows = fc
  .record({ n: fc.integer({ min: 1, max: 20 }), p: fc.integer({ min: 1, max: 8 }) })
  .chain(({ n, p }) =>
    fc
      .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n * p, maxLength: n * p })
      .map((xs) => fromArray(n, p, Float64Array.from(xs))),
  );

describe('baseRateBias', () => {
  it('gives σ(a_i) = (Σ_r x_ri + λn) / (n + 2λn)', () => {
    fc.assert(
      fc.property(rows, fc.double({ min: 0.001, max: 2, noNaN: true }), (X, lambda) => {
        const a = baseRateBias(X, lambda);
        for (let i = 0; i < X.cols; i++) {
          let s = 0;
          for (let r = 0; r < X.rows; r++) s += X.data[r * X.cols + i]!;
          const expected = (s + lambda * X.rows) / (X.rows + 2 * lambda * X.rows);
          expect(sigma(a[i]!)).toBeCloseTo(expected, 12);
        }
      }),
    );
  });

  it('stays finite for constant columns: ±log((1 + λ)/λ) with the default λ = 0.05', () => {
    const X = fromArray(3, 2, new Float64Array([0, 1, 0, 1, 0, 1]));
    const a = baseRateBias(X);
    const lambda = DEFAULT_BASE_RATE_SMOOTHING;
    expect(a[0]).toBeCloseTo(-Math.log((1 + lambda) / lambda), 12);
    expect(a[1]).toBeCloseTo(Math.log((1 + lambda) / lambda), 12);
  });

  it('does not change its input', () => {
    const X = fromArray(2, 2, new Float32Array([0, 1, 0.25, 1]));
    const before = snapshot([X.data]);
    baseRateBias(X);
    expect(snapshot([X.data])).toEqual(before);
  });

  it('rejects bad data and smoothing, naming them', () => {
    expect(() => baseRateBias(fromArray(1, 2, new Float64Array([0, 1.5])))).toThrow(
      /data must hold values in \[0, 1\], got data\[0, 1\] = 1.5/,
    );
    expect(() => baseRateBias(fromArray(0, 2, new Float64Array(0)))).toThrow(
      /data must have at least one row/,
    );
    expect(() => baseRateBias(null as never)).toThrow(TypeError);
    const X = fromArray(1, 1, new Float64Array([1]));
    expect(() => baseRateBias(X, 0)).toThrow(/smoothing must be a finite number > 0/);
    expect(() => baseRateBias(X, Number.NaN)).toThrow(/smoothing/);
  });
});
