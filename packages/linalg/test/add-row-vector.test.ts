import { addRowVector, type DType, zeros } from '@dbn/linalg';
import { dimArb, floatArrayArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, outsideView } from './reference.js';

describe('addRowVector', () => {
  it('computes C[i,j] = A[i,j] + v[j] for any strides, also in place', () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: dimArb(), n: dimArb(), dtype: fc.constantFrom<DType>('f32', 'f64') })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              floatArrayArb(n, dtype),
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              fc.boolean(),
            ),
          ),
        ([a, v, c0, inPlace]) => {
          const c = inPlace ? a : c0;
          const want: number[] = [];
          for (let i = 0; i < a.rows; i++) {
            for (let j = 0; j < a.cols; j++) {
              const s = at(a, i, j) + v[j]!;
              want.push(a.data instanceof Float32Array ? Math.fround(s) : s);
            }
          }
          const gaps = outsideView(c).map((q) => [q, c.data[q]] as const);
          expect(addRowVector(a, v, c)).toBe(c);
          for (let i = 0; i < a.rows; i++) {
            for (let j = 0; j < a.cols; j++) expect(at(c, i, j)).toBe(want[i * a.cols + j]);
          }
          for (const [q, x] of gaps) expect(Object.is(c.data[q], x)).toBe(true);
        },
      ),
    );
  });

  it('validates its arguments', () => {
    expect(() => addRowVector(zeros(2, 3), new Float32Array(2), zeros(2, 3))).toThrow(
      /v\.length must equal A\.cols = 3, got 2/,
    );
    expect(() => addRowVector(zeros(2, 3), new Float32Array(3), zeros(3, 3))).toThrow(RangeError);
    expect(() => addRowVector(zeros(2, 3), new Float64Array(3) as never, zeros(2, 3))).toThrow(
      TypeError,
    );
    const c = zeros(2, 3);
    expect(() => addRowVector(zeros(2, 3), c.data.subarray(0, 3), c)).toThrow(
      /C must not share memory with v/,
    );
  });
});
