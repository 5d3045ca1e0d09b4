import { sub } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLike, vectorsArb } from './vector-ops.js';

describe('sub', () => {
  it('computes out[i] = x[i] − y[i], also in place on x or y', () => {
    fc.assert(
      fc.property(vectorsArb(3), fc.constantFrom(0, 1, 2), ([x, y, o], where) => {
        const x0 = Array.from(x!);
        const y0 = Array.from(y!);
        const out = where === 0 ? o! : where === 1 ? x! : y!;
        expect(sub(x!, y!, out)).toBe(out);
        for (let i = 0; i < out.length; i++) expect(out[i]).toBe(roundLike(out, x0[i]! - y0[i]!));
      }),
    );
  });

  it('validates its arguments', () => {
    const a = new Float32Array(3);
    expect(() => sub(a, new Float32Array(2), a)).toThrow(/y\.length must equal x\.length = 3/);
    expect(() => sub(a, a, new Float64Array(3) as never)).toThrow(/out must have the element type/);
    const b = new Float32Array(4);
    expect(() => sub(b.subarray(0, 3), a, b.subarray(1, 4))).toThrow(/out must be x itself/);
  });
});
