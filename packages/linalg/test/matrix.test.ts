import {
  clone,
  describe as describeValue,
  dtypeOf,
  fromArray,
  get,
  isContiguous,
  rowSlice,
  transpose,
  zeros,
} from '@dbn/linalg';
import { matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, outsideView, toF64 } from './reference.js';

describe('matrix helpers', () => {
  it('zeros and fromArray build row-major matrices and validate their arguments', () => {
    const z = zeros(2, 3, 'f64');
    expect(z.data).toBeInstanceOf(Float64Array);
    expect([z.rows, z.cols, z.rowStride, z.colStride, z.offset]).toEqual([2, 3, 3, 1, 0]);
    expect(zeros(1, 1).data).toBeInstanceOf(Float32Array);
    const m = fromArray(2, 2, new Float32Array([1, 2, 3, 4]));
    expect(get(m, 1, 0)).toBe(3);
    expect(() => zeros(-1, 2)).toThrow(/rows must be a non-negative integer, got -1/);
    expect(() => zeros(1, 2, 'f16' as never)).toThrow(/dtype must be 'f32' or 'f64', got f16/);
    expect(() => fromArray(2, 2, new Float32Array(3))).toThrow(RangeError);
    expect(() => fromArray(1, 1, [1] as never)).toThrow(TypeError);
  });

  it('transpose and rowSlice are views; clone copies into a fresh row-major matrix', () => {
    fc.assert(
      fc.property(matrixArb({ layout: 'strided', negativeStrides: true }), (a) => {
        const t = transpose(a);
        expect(t.data).toBe(a.data);
        for (let i = 0; i < a.rows; i++) {
          for (let j = 0; j < a.cols; j++) expect(get(t, j, i)).toBe(get(a, i, j));
        }
        const c = clone(a);
        expect(isContiguous(c)).toBe(true);
        expect(Array.from(c.data)).toEqual(Array.from(toF64(a)));
        if (a.rows >= 1) {
          const s = rowSlice(a, 1 - Math.min(1, a.rows - 1), a.rows);
          expect(s.data).toBe(a.data);
          expect(s.rows).toBe(a.rows - (1 - Math.min(1, a.rows - 1)));
        }
        expect(dtypeOf(a)).toBe('f32');
      }),
    );
    expect(() => rowSlice(zeros(3, 2), 2, 4)).toThrow(RangeError);
    expect(describeValue(new Float32Array(1))).toBe('Float32Array');
  });

  it('testkit matrixArb: strided views lie inside their buffer and gaps hold NaN', () => {
    fc.assert(
      fc.property(
        matrixArb({ layout: 'strided', negativeStrides: true, dtype: 'f64', min: -3, max: 3 }),
        (a) => {
          for (let i = 0; i < a.rows; i++) {
            for (let j = 0; j < a.cols; j++) {
              const v = at(a, i, j);
              expect(v).toBeGreaterThanOrEqual(-3);
              expect(v).toBeLessThanOrEqual(3);
            }
          }
          for (const q of outsideView(a)) expect(a.data[q]).toBeNaN();
        },
      ),
    );
  });
});
