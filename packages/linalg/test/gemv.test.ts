import { type DType, gemv, type Matrix, zeros } from '@dbn/linalg';
import { dimArb, floatArrayArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, tolerance } from './reference.js';

const caseArb = fc
  .record({
    m: dimArb({ max: 12 }),
    n: dimArb({ max: 12 }),
    dtype: fc.constantFrom<DType>('f32', 'f64'),
  })
  .chain(({ m, n, dtype }) =>
    fc.record({
      alpha: fc.double({ min: -2, max: 2, noNaN: true }),
      beta: fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true })),
      a: matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
      x: floatArrayArb(n, dtype),
      y: floatArrayArb(m, dtype),
    }),
  );

describe('gemv', () => {
  it('matches a float64 reference for any strides (row- and column-major A)', () => {
    fc.assert(
      fc.property(caseArb, ({ alpha, a, x, beta, y }) => {
        const y0 = Float64Array.from(y);
        expect(gemv(alpha, a, x, beta, y)).toBe(y);
        const tol = tolerance(y instanceof Float64Array ? 'f64' : 'f32');
        for (let i = 0; i < a.rows; i++) {
          let s = 0;
          let sa = 0;
          for (let j = 0; j < a.cols; j++) {
            s += at(a, i, j) * x[j]!;
            sa += Math.abs(at(a, i, j) * x[j]!);
          }
          const b0 = beta === 0 ? 0 : beta * y0[i]!;
          const want = alpha * s + b0;
          const bound = tol * (Math.abs(alpha) * sa + Math.abs(b0)) + 2 ** -148;
          expect(Math.abs(y[i]! - want)).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ignores the old y when β = 0 (even NaN) and skips A, x when α = 0', () => {
    const a = zeros(3, 2, 'f64');
    a.data.set([1, 2, 3, 4, 5, 6]);
    const y = new Float64Array([Number.NaN, Number.NaN, Number.NaN]);
    gemv(1, a, new Float64Array([1, -1]), 0, y);
    expect(Array.from(y)).toEqual([-1, -1, -1]);
    const nan = zeros(3, 2, 'f64');
    nan.data.fill(Number.NaN);
    gemv(0, nan, new Float64Array([1, 1]), 2, y);
    expect(Array.from(y)).toEqual([-2, -2, -2]);
  });

  it('validates its arguments', () => {
    const a = zeros(2, 3);
    expect(() => gemv(1, a, new Float32Array(2), 0, new Float32Array(2))).toThrow(
      /x\.length must equal A\.cols = 3, got 2/,
    );
    expect(() => gemv(1, a, new Float32Array(3), 0, new Float32Array(3))).toThrow(RangeError);
    expect(() => gemv(1, a, new Float64Array(3) as never, 0, new Float32Array(2))).toThrow(
      TypeError,
    );
    expect(() => gemv(1, a, [1, 2, 3] as never, 0, new Float32Array(2))).toThrow(/x must be/);
    expect(() =>
      gemv(Number.POSITIVE_INFINITY, a, new Float32Array(3), 0, new Float32Array(2)),
    ).toThrow(/alpha/);
    const sq: Matrix<Float32Array> = zeros(3, 3);
    const v = sq.data.subarray(0, 3);
    expect(() => gemv(1, sq, new Float32Array(3), 0, v)).toThrow(/y must not share memory with A/);
    const buf = new Float32Array(4);
    expect(() => gemv(1, zeros(3, 3), buf.subarray(0, 3), 0, buf.subarray(1, 4))).toThrow(
      /y must not share memory with x/,
    );
  });
});
