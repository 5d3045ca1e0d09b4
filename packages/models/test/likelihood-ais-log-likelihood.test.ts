import { fromArray } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { describe, expect, it } from 'vitest';
import {
  aisLogLikelihood,
  aisLogPartition,
  baseRateBias,
  exactLogLikelihood,
  freeEnergy,
} from '../src/index.js';
import { snapshot } from './helpers.js';
import { randomBinary, randomRbm, rbmArrays } from './likelihood-helpers.js';

describe('aisLogLikelihood', () => {
  it('brackets the exact average log-likelihood within its interval (several models)', () => {
    for (let m = 0; m < 4; m++) {
      const rng = derive(10, 'aisll', m);
      const r = randomRbm(rng.derive('model'), 10, 8, 1);
      const X = randomBinary(rng.derive('x'), 30, 10, 0.4);
      const exact = exactLogLikelihood(r, X);
      const est = aisLogLikelihood(r, X, { betas: 1000, runs: 100 }, rng.derive('ais'));
      expect(est.low).toBeLessThanOrEqual(exact);
      expect(est.high).toBeGreaterThanOrEqual(exact);
      expect(Math.abs(est.logLikelihood - exact)).toBeLessThan(0.2);
    }
  });

  it('is the mean −F(x) minus the AIS log Z, with the base rate from X by default', () => {
    const r = randomRbm(derive(11, 'model'), 6, 5, 1);
    const X = randomBinary(derive(11, 'x'), 12, 6, 0.3);
    const est = aisLogLikelihood(r, X, { betas: 100, runs: 10 }, derive(11, 'ais'));
    const ais = aisLogPartition(r, { betas: 100, runs: 10, data: X }, derive(11, 'ais'));
    const F = freeEnergy(r, X);
    const mean = -F.reduce((s, f) => s + f, 0) / F.length;
    expect(est.meanNegativeFreeEnergy).toBeCloseTo(mean, 12);
    expect(est.ais.logZ).toBe(ais.logZ);
    expect(est.logLikelihood).toBe(est.meanNegativeFreeEnergy - ais.logZ);
    expect(est.low).toBe(est.meanNegativeFreeEnergy - ais.logZHigh);
    expect(est.high).toBe(est.meanNegativeFreeEnergy - ais.logZLow);
    expect(Array.from(est.ais.baseRateBias)).toEqual(Array.from(baseRateBias(X)));
  });

  it('is deterministic for a seed and does not change its inputs', () => {
    const r = randomRbm(derive(12, 'model'), 5, 4, 1);
    const X = randomBinary(derive(12, 'x'), 7, 5);
    const before = [...rbmArrays(r), ...snapshot([X.data])];
    const a = aisLogLikelihood(r, X, { betas: 80, runs: 6 }, derive(12, 'ais'));
    const b = aisLogLikelihood(r, X, { betas: 80, runs: 6 }, derive(12, 'ais'));
    expect(b.logLikelihood).toBe(a.logLikelihood);
    expect(Array.from(b.ais.logWeights)).toEqual(Array.from(a.ais.logWeights));
    expect([...rbmArrays(r), ...snapshot([X.data])]).toEqual(before);
  });

  it('rejects bad arguments, naming them', () => {
    const r = randomRbm(derive(13, 'model'), 3, 2, 1);
    const rng = derive(13, 'ais');
    const X = fromArray(1, 3, new Float64Array([1, 0, 1]));
    expect(() =>
      aisLogLikelihood(r, fromArray(1, 3, new Float64Array([1, 0.5, 1])), {}, rng),
    ).toThrow(/X must hold 0\/1 values/);
    expect(() => aisLogLikelihood(r, fromArray(1, 2, new Float64Array(2)), {}, rng)).toThrow(
      /X must have 3 columns/,
    );
    expect(() => aisLogLikelihood(r, X, { runs: 0 }, rng)).toThrow(/runs must be an integer ≥ 2/);
    expect(() => aisLogLikelihood(r, X, undefined as never, rng)).toThrow(
      /options must be an object/,
    );
    expect(() => aisLogLikelihood({ kind: 'x' } as never, X, {}, rng)).toThrow(
      /rbm must be an RBM/,
    );
  });
});
