import { type DType, rowArgmax, zeros } from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from './reference.js';

describe('rowArgmax', () => {
  it('returns the first index of each row maximum, for any strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb(),
            n: dimArb({ min: 1 }),
            dtype: fc.constantFrom<DType>('f32', 'f64'),
            // a coarse range so that ties occur
            values: fc.constantFrom(1, 1e6),
          })
          .chain(({ m, n, dtype, values }) =>
            matrixArb({
              rows: m,
              cols: n,
              dtype,
              layout: 'strided',
              negativeStrides: true,
              min: -values,
              max: values,
            }).map((a) => {
              if (values === 1)
                for (let q = 0; q < a.data.length; q++) a.data[q] = Math.round(a.data[q]! * 2);
              return a;
            }),
          ),
        (a) => {
          const out = rowArgmax(a, new Int32Array(a.rows));
          for (let i = 0; i < a.rows; i++) {
            let best = 0;
            for (let j = 1; j < a.cols; j++) if (at(a, i, j) > at(a, i, best)) best = j;
            expect(out[i]).toBe(best);
          }
        },
      ),
    );
  });

  it('takes the first of tied maxima and skips NaN', () => {
    const a = zeros(3, 4, 'f64');
    a.data.set([1, 3, 3, 2, Number.NaN, -1, 5, 5, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(rowArgmax(a, new Int32Array(3)))).toEqual([1, 2, 0]);
  });

  it('validates its arguments', () => {
    expect(() => rowArgmax(zeros(2, 3), new Int32Array(3))).toThrow(
      /out\.length must equal A\.rows = 2/,
    );
    expect(() => rowArgmax(zeros(2, 3), new Float32Array(2) as never)).toThrow(
      /out must be an Int32Array/,
    );
    expect(() => rowArgmax(zeros(2, 0), new Int32Array(2))).toThrow(RangeError);
    expect(rowArgmax(zeros(0, 0), new Int32Array(0)).length).toBe(0);
  });
});
