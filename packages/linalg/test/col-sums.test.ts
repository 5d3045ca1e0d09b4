import { colSums, type DType, transpose, zeros } from '@dbn/linalg';
import { dimArb, floatArrayArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from './reference.js';

describe('colSums', () => {
  it('computes out[j] = α·Σ_i A[i,j] + β·out[j] (float64 sums) for any strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 12 }),
            n: dimArb(),
            dtype: fc.constantFrom<DType>('f32', 'f64'),
          })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              floatArrayArb(n, dtype),
              fc.double({ min: -2, max: 2, noNaN: true }),
              fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true })),
            ),
          ),
        ([a, out, alpha, beta]) => {
          const out0 = Array.from(out);
          expect(colSums(alpha, a, beta, out)).toBe(out);
          for (let j = 0; j < a.cols; j++) {
            let s = 0;
            for (let i = 0; i < a.rows; i++) s += at(a, i, j);
            const exact = alpha * s + (beta === 0 ? 0 : beta * out0[j]!);
            // same summation order and one final rounding: equal values (−0 and +0 alike)
            const want = out instanceof Float32Array ? Math.fround(exact) : exact;
            expect(Math.abs(out[j]! - want)).toBe(0);
          }
        },
      ),
    );
  });

  it('ignores the old out when β = 0 (even NaN), for row- and column-major A', () => {
    const a = zeros(2, 3, 'f64');
    a.data.set([1, 2, 3, 4, 5, 6]);
    const out = new Float64Array(3).fill(Number.NaN);
    expect(Array.from(colSums(1, a, 0, out))).toEqual([5, 7, 9]);
    const t = new Float64Array(2).fill(Number.NaN);
    expect(Array.from(colSums(2, transpose(a), 0, t))).toEqual([12, 30]);
  });

  it('validates its arguments', () => {
    expect(() => colSums(1, zeros(2, 3), 0, new Float32Array(2))).toThrow(
      /out\.length must equal A\.cols = 3, got 2/,
    );
    expect(() => colSums(1, zeros(2, 3), 0, new Float64Array(3) as never)).toThrow(TypeError);
    const a = zeros(2, 3);
    expect(() => colSums(1, a, 0, a.data.subarray(3, 6))).toThrow(/out must not share memory/);
  });
});
