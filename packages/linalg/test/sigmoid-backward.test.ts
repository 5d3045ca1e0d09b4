import {
  arenaBytes,
  createArena,
  getBackend,
  isResident,
  setBackend,
  sigmoid,
  sigmoidBackward,
} from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSimd } from '../src/wasm/backend.js';
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

  it.skipIf(!detectSimd())(
    'gives the same bits in the wasm kernel on arrays resident in an arena (any length, aliasing, NaN, ±∞)',
    () => {
      const before = getBackend();
      setBackend('wasm');
      try {
        const value = fc.oneof(
          fc.float({ noDefaultInfinity: false }),
          fc.constantFrom(Number.NaN, -0, 1, 0.5, 3e38),
        );
        fc.assert(
          fc.property(
            fc.array(fc.tuple(value, value), { maxLength: 37 }),
            fc.constantFrom(0, 1, 2),
            (pairs, where) => {
              const n = pairs.length;
              const arena = createArena(arenaBytes([n, n, n]));
              const d = arena.float32(n);
              const x = arena.float32(n);
              const o = arena.float32(n);
              pairs.forEach(([a, b], i) => {
                d[i] = a;
                x[i] = b;
              });
              const want = pairs.map(([a, b]) =>
                Math.fround(Math.fround(a) * Math.fround(b) * (1 - Math.fround(b))),
              );
              const out = where === 0 ? o : where === 1 ? d : x;
              expect(isResident(out) || n === 0).toBe(true);
              sigmoidBackward(d, x, out);
              expect(Array.from(out)).toEqual(want);
            },
          ),
          { numRuns: 200 },
        );
      } finally {
        setBackend(before);
      }
    },
  );

  it('validates its arguments', () => {
    expect(() =>
      sigmoidBackward(new Float32Array(2), new Float32Array(1), new Float32Array(2)),
    ).toThrow(/s\.length must equal delta\.length = 2, got 1/);
    expect(() => sigmoidBackward(null as never, new Float32Array(1), new Float32Array(1))).toThrow(
      /delta must be/,
    );
  });
});
