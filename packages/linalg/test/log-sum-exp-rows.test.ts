import { type DType, logSumExpRows, zeros } from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from './reference.js';

describe('logSumExpRows', () => {
  it('matches a float64 reference, including entries up to ±1e4 (no overflow)', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 8 }),
            n: dimArb({ max: 12 }),
            dtype: fc.constantFrom<DType>('f32', 'f64'),
            scale: fc.constantFrom(1, 80, 1e4),
          })
          .chain(({ m, n, dtype, scale }) =>
            matrixArb({
              rows: m,
              cols: n,
              dtype,
              layout: 'strided',
              negativeStrides: true,
              min: -scale,
              max: scale,
            }),
          ),
        (a) => {
          const f64 = a.data instanceof Float64Array;
          const out = f64 ? new Float64Array(a.rows) : new Float32Array(a.rows);
          expect(logSumExpRows(a, out)).toBe(out);
          for (let i = 0; i < a.rows; i++) {
            let max = Number.NEGATIVE_INFINITY;
            for (let j = 0; j < a.cols; j++) max = Math.max(max, at(a, i, j));
            let s = 0;
            for (let j = 0; j < a.cols; j++) s += Math.exp(at(a, i, j) - max);
            const want = a.cols === 0 ? Number.NEGATIVE_INFINITY : max + Math.log(s);
            if (a.cols === 0) {
              expect(out[i]).toBe(Number.NEGATIVE_INFINITY);
            } else {
              expect(Number.isFinite(out[i]!)).toBe(true);
              const tol = (f64 ? 1e-14 : 1e-7) * Math.max(1, Math.abs(want));
              expect(Math.abs(out[i]! - want)).toBeLessThanOrEqual(tol);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives log n for a zero row, max + log 2 for two equal large entries', () => {
    const out = logSumExpRows(zeros(2, 5, 'f64'), new Float64Array(2));
    expect(out[0]).toBeCloseTo(Math.log(5), 15);
    const a = zeros(1, 2, 'f64');
    a.data.set([1e300, 1e300]);
    expect(logSumExpRows(a, new Float64Array(1))[0]).toBe(1e300 + Math.log(2));
  });

  it('validates its arguments', () => {
    expect(() => logSumExpRows(zeros(3, 2), new Float32Array(2))).toThrow(
      /out\.length must equal A\.rows = 3, got 2/,
    );
    expect(() => logSumExpRows(zeros(3, 2), new Float64Array(3) as never)).toThrow(TypeError);
  });
});
