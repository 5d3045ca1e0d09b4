import { mul } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLike, vectorsArb } from './vector-ops.js';

describe('mul', () => {
  it('computes out[i] = x[i]·y[i], also in place on x or y', () => {
    fc.assert(
      fc.property(vectorsArb(3), fc.constantFrom(0, 1, 2), ([x, y, o], where) => {
        const x0 = Array.from(x!);
        const y0 = Array.from(y!);
        const out = where === 0 ? o! : where === 1 ? x! : y!;
        expect(mul(x!, y!, out)).toBe(out);
        for (let i = 0; i < out.length; i++) expect(out[i]).toBe(roundLike(out, x0[i]! * y0[i]!));
      }),
    );
  });

  it('validates its arguments', () => {
    const a = new Float64Array(2);
    expect(() => mul(a, a, new Float64Array(3))).toThrow(
      /out\.length must equal x\.length = 2, got 3/,
    );
    expect(() => mul(a, 'x' as never, a)).toThrow(TypeError);
  });
});
