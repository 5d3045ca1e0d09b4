import { type DType, squaredError, zeros } from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from './reference.js';

describe('squaredError', () => {
  it('equals Σ (A − B)² computed in float64, for any strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: dimArb(), n: dimArb(), dtype: fc.constantFrom<DType>('f32', 'f64') })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
            ),
          ),
        ([a, b]) => {
          let want = 0;
          for (let i = 0; i < a.rows; i++) {
            for (let j = 0; j < a.cols; j++) want += (at(a, i, j) - at(b, i, j)) ** 2;
          }
          expect(squaredError(a, b)).toBe(want);
          expect(squaredError(a, a)).toBe(0);
        },
      ),
    );
  });

  it('accumulates in float64 (no float32 rounding of the sum)', () => {
    const a = zeros(1, 3);
    a.data.set([1, 1e-4, 1e-4]);
    // in float32, 1 + 1e-8 + 1e-8 would round to 1
    expect(squaredError(a, zeros(1, 3))).toBe(1 + Math.fround(1e-4) ** 2 + Math.fround(1e-4) ** 2);
  });

  it('validates its arguments', () => {
    expect(() => squaredError(zeros(2, 3), zeros(2, 2))).toThrow(
      /B\.cols must equal A\.cols = 3, got 2/,
    );
    expect(() => squaredError(zeros(2, 3), zeros(2, 3, 'f64') as never)).toThrow(TypeError);
    expect(() => squaredError(zeros(2, 3), { rows: 2 } as never)).toThrow(/B\.data/);
  });
});
