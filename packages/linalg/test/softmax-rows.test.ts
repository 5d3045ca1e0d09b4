import { type DType, type Matrix, softmaxRows, zeros } from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, outsideView } from './reference.js';

const caseArb = fc
  .record({
    m: dimArb({ max: 8 }),
    n: dimArb({ min: 1, max: 12 }),
    dtype: fc.constantFrom<DType>('f32', 'f64'),
    scale: fc.constantFrom(1, 30, 1000),
  })
  .chain(({ m, n, dtype, scale }) =>
    fc.tuple(
      matrixArb({ rows: m, cols: n, dtype, layout: 'strided', min: -scale, max: scale }),
      matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
    ),
  );

/** Softmax of row i in float64 the textbook stable way. */
function refRow(a: Matrix, i: number): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < a.cols; j++) max = Math.max(max, at(a, i, j));
  const e: number[] = [];
  for (let j = 0; j < a.cols; j++) e.push(Math.exp(at(a, i, j) - max));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v) => v / s);
}

describe('softmaxRows', () => {
  it('matches a float64 reference; rows sum to 1; no overflow for entries up to ±1000', () => {
    fc.assert(
      fc.property(caseArb, ([a, c]) => {
        const gaps = outsideView(c).map((q) => [q, c.data[q]] as const);
        expect(softmaxRows(a, c)).toBe(c);
        const f64 = c.data instanceof Float64Array;
        for (let i = 0; i < a.rows; i++) {
          const want = refRow(a, i);
          let sum = 0;
          for (let j = 0; j < a.cols; j++) {
            const got = at(c, i, j);
            expect(Number.isFinite(got)).toBe(true);
            expect(Math.abs(got - want[j]!)).toBeLessThanOrEqual(
              (f64 ? 1e-14 : 3e-7) * want[j]! + 1e-45,
            );
            sum += got;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(f64 ? 1e-13 : 1e-6 * a.cols);
        }
        for (const [q, v] of gaps) expect(Object.is(c.data[q], v)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is invariant to adding a constant to a row', () => {
    fc.assert(
      fc.property(
        matrixArb({ rows: 3, cols: dimArb({ min: 1, max: 10 }), dtype: 'f64', min: -5, max: 5 }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (a, shift) => {
          const shifted = zeros(a.rows, a.cols, 'f64');
          for (let q = 0; q < a.data.length; q++) shifted.data[q] = a.data[q]! + shift;
          const p = softmaxRows(a, zeros(a.rows, a.cols, 'f64'));
          const r = softmaxRows(shifted, zeros(a.rows, a.cols, 'f64'));
          for (let q = 0; q < p.data.length; q++) {
            // a + shift rounds a by up to ulp(500) ≈ 1e-13, which moves e^a by that relatively
            expect(Math.abs(p.data[q]! - r.data[q]!)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });

  it('works in place and validates its arguments', () => {
    const a = zeros(1, 2, 'f64');
    a.data.set([0, Math.log(3)]);
    softmaxRows(a, a);
    expect(a.data[0]).toBeCloseTo(0.25, 15);
    expect(a.data[1]).toBeCloseTo(0.75, 15);
    expect(() => softmaxRows(zeros(2, 3), zeros(2, 4))).toThrow(
      /C\.cols must equal A\.cols = 3, got 4/,
    );
    expect(() => softmaxRows(zeros(2, 3), zeros(2, 3, 'f64') as never)).toThrow(TypeError);
    const big = zeros(3, 3);
    expect(() => softmaxRows({ ...big, rows: 2 }, { ...big, rows: 2, offset: 1 })).toThrow(
      /C must be A itself or not share memory with it/,
    );
  });
});
