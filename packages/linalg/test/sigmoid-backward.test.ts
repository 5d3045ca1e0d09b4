import { sigmoid, sigmoidBackward } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundLike, vectorsArb } from './vector-ops.js';

describe('sigmoidBackward', () => {
  it('computes out = δ ⊙ s ⊙ (1 − s), also in place', () => {
    fc.assert(
      fc.property(vectorsArb(3), fc.constantFrom(0, 1, 2), ([d, s, o], where) => {
        const d0 = Array.from(d!);
        const s0 = Array.from(s!);
        const out = where === 0 ? o! : where === 1 ? d! : s!;
        expect(sigmoidBackward(d!, s!, out)).toBe(out);
        for (let i = 0; i < out.length; i++) {
          expect(out[i]).toBe(roundLike(out, d0[i]! * s0[i]! * (1 - s0[i]!)));
        }
      }),
    );
  });

  it('is the derivative of the sigmoid: δ·σ′(x) matches a central difference', () => {
    const x = new Float64Array([-3, -0.5, 0, 0.25, 2, 6]);
    const s = sigmoid(x, new Float64Array(x.length));
    const g = sigmoidBackward(new Float64Array(x.length).fill(1), s, new Float64Array(x.length));
    const h = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const up = 1 / (1 + Math.exp(-(x[i]! + h)));
      const dn = 1 / (1 + Math.exp(-(x[i]! - h)));
      expect(g[i]).toBeCloseTo((up - dn) / (2 * h), 8);
    }
  });

  it('validates its arguments', () => {
    expect(() =>
      sigmoidBackward(new Float32Array(2), new Float32Array(1), new Float32Array(2)),
    ).toThrow(/s\.length must equal delta\.length = 2, got 1/);
    expect(() => sigmoidBackward(null as never, new Float32Array(1), new Float32Array(1))).toThrow(
      /delta must be/,
    );
  });
});
