import { scal } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLike, vectorsArb } from './vector-ops.js';

describe('scal', () => {
  it('computes x ← α·x in place', () => {
    fc.assert(
      fc.property(vectorsArb(1), fc.double({ min: -3, max: 3, noNaN: true }), ([x], alpha) => {
        const x0 = Array.from(x!);
        expect(scal(alpha, x!)).toBe(x);
        for (let i = 0; i < x!.length; i++) expect(x![i]).toBe(roundLike(x!, alpha * x0[i]!));
      }),
    );
  });

  it('validates its arguments', () => {
    expect(() => scal(1, [1, 2] as never)).toThrow(/x must be a Float32Array or Float64Array/);
    expect(() => scal(Number.NEGATIVE_INFINITY, new Float32Array(1))).toThrow(/alpha/);
  });
});
