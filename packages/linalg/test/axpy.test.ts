import { axpy } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLike, vectorsArb } from './vector-ops.js';

describe('axpy', () => {
  it('computes y ← α·x + y exactly as the elementwise formula (one rounding)', () => {
    fc.assert(
      fc.property(vectorsArb(2), fc.double({ min: -3, max: 3, noNaN: true }), ([x, y], alpha) => {
        const y0 = Array.from(y!);
        expect(axpy(alpha, x!, y!)).toBe(y);
        for (let i = 0; i < y!.length; i++) {
          expect(y![i]).toBe(roundLike(y!, alpha * x![i]! + y0[i]!));
        }
      }),
    );
  });

  it('works in place (y = x gives (1 + α)·x)', () => {
    const x = new Float64Array([1, -2, 3]);
    axpy(2, x, x);
    expect(Array.from(x)).toEqual([3, -6, 9]);
  });

  it('validates its arguments', () => {
    expect(() => axpy(1, new Float32Array(2), new Float32Array(3))).toThrow(
      /y\.length must equal x\.length = 2, got 3/,
    );
    expect(() => axpy(1, new Float32Array(2), new Float64Array(2) as never)).toThrow(TypeError);
    expect(() => axpy(Number.NaN, new Float32Array(2), new Float32Array(2))).toThrow(RangeError);
    const b = new Float32Array(4);
    expect(() => axpy(1, b.subarray(0, 3), b.subarray(1, 4))).toThrow(/y must be x itself/);
  });
});
