import { fromArray } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLogLikelihood } from '../src/index.js';
import { allBinary, exactVisibleDistribution, snapshot } from './helpers.js';
import { randomBinary, randomRbm, rbmArb, rbmArrays, toF32 } from './likelihood-helpers.js';

describe('exactLogLikelihood', () => {
  it('equals the mean of log p(x) with p enumerated over every joint state', () => {
    fc.assert(
      fc.property(rbmArb(6, 5, 2), fc.integer({ min: 1, max: 9 }), fc.nat(), (r, n, seed) => {
        const X = randomBinary(derive(seed, 'rows'), n, r.visible);
        const probs = exactVisibleDistribution(r);
        let expected = 0;
        for (let k = 0; k < n; k++) {
          let idx = 0;
          for (let i = 0; i < r.visible; i++) idx |= X.data[k * r.visible + i]! << i;
          expected += Math.log(probs[idx]!);
        }
        expected /= n;
        const got = exactLogLikelihood(r, X);
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(
          1e-10 * Math.max(1, Math.abs(expected)),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('normalises: Σ_v exp(log p(v)) = 1 over every visible state', () => {
    const r = randomRbm(derive(2, 'likelihood', 'norm'), 8, 14, 0.7);
    const V = allBinary(8);
    let total = 0;
    for (let x = 0; x < V.rows; x++) {
      total += Math.exp(exactLogLikelihood(r, fromArray(1, 8, V.data.slice(x * 8, (x + 1) * 8))));
    }
    expect(total).toBeCloseTo(1, 12);
  });

  it('accepts float32 models and rows, with the float64 value of the same numbers', () => {
    const { f32, f64 } = toF32(randomRbm(derive(4, 'likelihood', 'f32'), 7, 5, 1));
    const X = randomBinary(derive(4, 'x'), 6, 7);
    expect(exactLogLikelihood(f32, fromArray(6, 7, Float32Array.from(X.data)))).toBe(
      exactLogLikelihood(f64, X),
    );
  });

  it('does not change its inputs', () => {
    const r = randomRbm(derive(6, 'likelihood', 'pure'), 5, 4, 1);
    const X = randomBinary(derive(6, 'x'), 4, 5);
    const before = [...rbmArrays(r), ...snapshot([X.data])];
    exactLogLikelihood(r, X);
    expect([...rbmArrays(r), ...snapshot([X.data])]).toEqual(before);
  });

  it('rejects bad rows, naming X', () => {
    const r = randomRbm(derive(8, 'likelihood', 'bad'), 3, 2, 1);
    expect(() => exactLogLikelihood(r, fromArray(1, 2, new Float64Array(2)))).toThrow(
      /X must have 3 columns, got 1×2/,
    );
    expect(() => exactLogLikelihood(r, fromArray(0, 3, new Float64Array(0)))).toThrow(
      /X must have at least one row/,
    );
    expect(() => exactLogLikelihood(r, fromArray(1, 3, new Float64Array([0, 0.5, 1])))).toThrow(
      /X must hold 0\/1 values, got X\[0, 1\] = 0.5/,
    );
    expect(() => exactLogLikelihood(r, {} as never)).toThrow(TypeError);
  });
});
