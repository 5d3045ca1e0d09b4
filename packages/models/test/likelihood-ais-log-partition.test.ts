import { fromArray } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aisBetas,
  aisLogPartition,
  baseRateBias,
  DEFAULT_AIS_RUNS,
  exactLogPartition,
  softplus,
} from '../src/index.js';
import { rbm64, snapshot } from './helpers.js';
import { randomBinary, randomRbm, rbmArb, rbmArrays, toF32 } from './likelihood-helpers.js';

describe('aisLogPartition', () => {
  // Statistical checks use fixed fast-check and stream seeds, so that every run tests the same
  // models and draws (reproducible); each still fails if the estimator or its interval is wrong.
  it('lands within its ±3σ interval of the exact log Z on random small RBMs (K = 1,000, M = 100)', () => {
    let run = 0;
    fc.assert(
      fc.property(rbmArb(12, 10, 1, 3, 3), (r) => {
        const exact = exactLogPartition(r);
        const est = aisLogPartition(r, { betas: 1000, runs: 100 }, derive(1, 'ais-cover', run++));
        expect(est.logZLow).toBeLessThanOrEqual(exact);
        expect(est.logZHigh).toBeGreaterThanOrEqual(exact);
        expect(est.logZLow).toBeLessThan(est.logZ);
        expect(est.logZ).toBeLessThan(est.logZHigh);
      }),
      { numRuns: 10, seed: 20080101 },
    );
  });

  it('converges as the schedule grows: 10,000 betas beat 100 on a strongly coupled RBM', () => {
    const r = randomRbm(derive(1, 'conv', 6), 10, 8, 6, 1);
    const exact = exactLogPartition(r);
    for (const seed of [1, 3]) {
      const coarse = aisLogPartition(r, { betas: 100, runs: 64 }, derive(seed, 'ais', 100));
      const fine = aisLogPartition(r, { betas: 10_000, runs: 64 }, derive(seed, 'ais', 10_000));
      expect(Math.abs(fine.logZ - exact)).toBeLessThan(Math.abs(coarse.logZ - exact));
      expect(fine.logZHigh - fine.logZ).toBeLessThan((coarse.logZHigh - coarse.logZ) / 3);
      expect(fine.logZLow).toBeLessThanOrEqual(exact);
      expect(fine.logZHigh).toBeGreaterThanOrEqual(exact);
    }
  });

  it('is exact with zero variance when the base-rate model is the target (W = 0, a_A = a)', () => {
    const r = rbm64(4, 3, new Array(12).fill(0), [0.5, -1, 2, 0], [1, -0.5, 0.25]);
    const est = aisLogPartition(
      r,
      { betas: 50, runs: 8, baseRateBias: Float64Array.from(r.a) },
      derive(2),
    );
    let expected = 0;
    for (const x of [...r.a, ...r.b]) expected += softplus(x);
    expect(est.logZ).toBeCloseTo(expected, 10);
    expect(est.logZLow).toBeCloseTo(expected, 10);
    expect(est.logZHigh).toBeCloseTo(expected, 10);
    expect(est.logWeights.every((w) => Math.abs(w - est.logWeights[0]!) < 1e-12)).toBe(true);
  });

  it('reports the base-rate model: log Z_A = Σ softplus(a_A) + q log 2, biases from data', () => {
    const r = randomRbm(derive(3, 'base'), 6, 4, 0.5);
    const data = randomBinary(derive(3, 'data'), 20, 6, 0.3);
    const est = aisLogPartition(r, { betas: 10, runs: 4, data }, derive(3, 'ais'));
    expect(Array.from(est.baseRateBias)).toEqual(Array.from(baseRateBias(data)));
    let zA = 4 * Math.LN2;
    for (const x of est.baseRateBias) zA += softplus(x);
    expect(est.logZBase).toBeCloseTo(zA, 12);
    const uniform = aisLogPartition(r, { betas: 10, runs: 4 }, derive(3, 'ais'));
    expect(Array.from(uniform.baseRateBias)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(uniform.logZBase).toBeCloseTo(10 * Math.LN2, 12);
    expect(uniform.runs).toBe(4);
  });

  it('uses 14,500 steps and 100 runs by default', () => {
    const r = randomRbm(derive(4, 'defaults'), 2, 1, 0.5);
    const est = aisLogPartition(r, {}, derive(4, 'ais'));
    expect(est.betas.length).toBe(14_501);
    expect(est.runs).toBe(DEFAULT_AIS_RUNS);
    expect(est.logWeights.length).toBe(100);
    expect(Math.abs(est.logZ - exactLogPartition(r))).toBeLessThan(1e-3);
  });

  it('is deterministic for a seed, and a number of steps equals the same explicit schedule', () => {
    const r = randomRbm(derive(5, 'det'), 7, 5, 1);
    const a = aisLogPartition(r, { betas: 300, runs: 16 }, derive(5, 'ais'));
    const b = aisLogPartition(r, { betas: aisBetas(300), runs: 16 }, derive(5, 'ais'));
    const c = aisLogPartition(r, { betas: 300, runs: 16 }, derive(6, 'ais'));
    expect(Array.from(b.logWeights)).toEqual(Array.from(a.logWeights));
    expect(b.logZ).toBe(a.logZ);
    expect(Array.from(c.logWeights)).not.toEqual(Array.from(a.logWeights));
  });

  it('gives a float32 model the result of the float64 model holding the same numbers', () => {
    const { f32, f64 } = toF32(randomRbm(derive(7, 'f32'), 5, 6, 1));
    const x = aisLogPartition(f32, { betas: 200, runs: 8 }, derive(7, 'ais'));
    const y = aisLogPartition(f64, { betas: 200, runs: 8 }, derive(7, 'ais'));
    expect(Array.from(x.logWeights)).toEqual(Array.from(y.logWeights));
  });

  it('does not change its inputs', () => {
    const r = randomRbm(derive(8, 'pure'), 5, 4, 1);
    const betas = aisBetas(40);
    const bias = new Float64Array([0.1, -0.2, 0.3, 0, 1]);
    const data = randomBinary(derive(8, 'data'), 6, 5);
    const before = [...rbmArrays(r), ...snapshot([betas, bias, data.data])];
    const est = aisLogPartition(r, { betas, runs: 4, baseRateBias: bias }, derive(8, 'ais'));
    aisLogPartition(r, { betas, runs: 4, data }, derive(8, 'ais'));
    expect([...rbmArrays(r), ...snapshot([betas, bias, data.data])]).toEqual(before);
    expect(est.betas).not.toBe(betas);
    expect(est.baseRateBias).not.toBe(bias);
  });

  it('rejects bad arguments, naming them', () => {
    const r = randomRbm(derive(9, 'bad'), 3, 2, 1);
    const rng = derive(9, 'ais');
    const call = (o: object) => () => aisLogPartition(r, o, rng);
    expect(call({ runs: 1 })).toThrow(/runs must be an integer ≥ 2, got 1/);
    expect(call({ runs: 2.5 })).toThrow(RangeError);
    expect(call({ betas: 0 })).toThrow(/betas must be a positive integer number of steps, got 0/);
    expect(call({ betas: 'many' })).toThrow(TypeError);
    expect(call({ betas: new Float64Array([0]) })).toThrow(/betas must hold at least 2 values/);
    expect(call({ betas: new Float64Array([0.1, 1]) })).toThrow(/betas\[0\] must be 0, got 0.1/);
    expect(call({ betas: new Float64Array([0, 0.9]) })).toThrow(
      /betas\[1\] \(the last\) must be 1/,
    );
    expect(call({ betas: new Float64Array([0, 0.6, 0.5, 1]) })).toThrow(
      /betas must be non-decreasing in \[0, 1\], got betas\[1\] = 0.6, betas\[2\] = 0.5/,
    );
    expect(call({ betas: new Float64Array([0, Number.NaN, 1]) })).toThrow(
      /betas must be non-decreasing/,
    );
    expect(call({ baseRateBias: new Float64Array(2) })).toThrow(
      /baseRateBias must have length visible = 3/,
    );
    expect(call({ baseRateBias: new Float32Array(3) })).toThrow(TypeError);
    expect(call({ baseRateBias: new Float64Array([0, Number.NaN, 0]) })).toThrow(
      /baseRateBias must be finite, got baseRateBias\[1\] = NaN/,
    );
    expect(call({ data: fromArray(1, 2, new Float64Array(2)) })).toThrow(
      /data must have visible = 3 columns/,
    );
    expect(call({ data: fromArray(1, 3, new Float64Array([0, 2, 0])) })).toThrow(
      /data must hold values in \[0, 1\]/,
    );
    expect(() => aisLogPartition(r, null as never, rng)).toThrow(/options must be an object/);
    expect(() => aisLogPartition(r, {}, undefined as never)).toThrow(/rng must be a Stream/);
    expect(() => aisLogPartition({ ...r, a: new Float64Array(1) }, {}, rng)).toThrow(
      /rbm\.a must have length 3/,
    );
  });
});
