import type { DType, FloatArray } from '@dbn/linalg';
import { dimArb, floatArrayArb } from '@dbn/testkit';
import fc from 'fast-check';

/** Two (or three) same-length typed arrays of one random element type, for elementwise tests. */
export function vectorsArb(count: number, range = {}): fc.Arbitrary<FloatArray[]> {
  return fc
    .record({ n: dimArb({ max: 40 }), dtype: fc.constantFrom<DType>('f32', 'f64') })
    .chain(({ n, dtype }) =>
      fc.array(floatArrayArb(n, dtype, range), { minLength: count, maxLength: count }),
    );
}

/** Rounds to the element type of x (identity for float64). */
export function roundLike(x: FloatArray, v: number): number {
  return x instanceof Float32Array ? Math.fround(v) : v;
}
