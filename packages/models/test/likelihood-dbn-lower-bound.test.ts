import { fromArray, type Matrix } from '@dbn/linalg';
import { derive, type Stream } from '@dbn/random';
import { describe, expect, it } from 'vitest';
import {
  aisLogLikelihood,
  type Dbn,
  dbnLowerBound,
  exactLogLikelihood,
  exactLogPartition,
} from '../src/index.js';
import { snapshot } from './helpers.js';
import {
  bruteDbn2LogP,
  bruteDbnBound,
  randomBinary,
  randomRbm,
  rbmArrays,
  toF32,
} from './likelihood-helpers.js';

function randomDbn(rng: Stream, sizes: number[], std: number): Dbn<Float64Array> {
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push(randomRbm(rng.derive('layer', l), sizes[l - 1]!, sizes[l]!, std));
  }
  return { kind: 'dbn', layers };
}

/** Mean over rows of the enumerated bound, with the exact top log Z. */
function bruteMeanBound(dbn: Dbn<Float64Array>, X: Matrix<Float64Array>): number {
  const logZ = exactLogPartition(dbn.layers[dbn.layers.length - 1]!);
  let s = 0;
  for (let r = 0; r < X.rows; r++) {
    s += bruteDbnBound(dbn, X.data.subarray(r * X.cols, (r + 1) * X.cols), logZ);
  }
  return s / X.rows;
}

describe('dbnLowerBound', () => {
  it('reduces to the RBM log-likelihood for one layer (within the AIS interval; same AIS)', () => {
    const rng = derive(20, 'one');
    const r = randomRbm(rng.derive('model'), 9, 7, 1);
    const X = randomBinary(rng.derive('x'), 25, 9, 0.4);
    const options = { betas: 1000, runs: 100 };
    const est = dbnLowerBound({ kind: 'dbn', layers: [r] }, X, options, rng.derive('bound'));
    const exact = exactLogLikelihood(r, X);
    expect(est.low).toBeLessThanOrEqual(exact);
    expect(est.high).toBeGreaterThanOrEqual(exact);
    expect(est.monteCarloStdError).toBe(0);
    const ll = aisLogLikelihood(r, X, options, rng.derive('bound').derive('ais'));
    expect(est.bound).toBe(ll.logLikelihood);
    expect(est.logZ).toBe(ll.ais.logZ);
  });

  it('estimates the enumerated two-layer bound, which lies below the exact log p(v)', () => {
    const rng = derive(21, 'two');
    const dbn = randomDbn(rng.derive('model'), [6, 5, 4], 1);
    const X = randomBinary(rng.derive('x'), 12, 6, 0.5);
    const topLogZ = exactLogPartition(dbn.layers[1]!);
    let logP = 0;
    for (let r = 0; r < X.rows; r++) {
      const v = X.data.subarray(r * 6, (r + 1) * 6);
      const bound = bruteDbnBound(dbn, v, topLogZ);
      const exact = bruteDbn2LogP(dbn, v, topLogZ);
      expect(bound).toBeLessThanOrEqual(exact + 1e-12);
      logP += exact / X.rows;
    }
    const brute = bruteMeanBound(dbn, X);
    const est = dbnLowerBound(dbn, X, { samples: 400, topLogZ }, rng.derive('bound'));
    expect(est.monteCarloStdError).toBeGreaterThan(0);
    expect(Math.abs(est.bound - brute)).toBeLessThan(4 * est.monteCarloStdError);
    expect(est.bound).toBeLessThan(logP + 4 * est.monteCarloStdError);
    expect(est.low).toBe(est.bound);
    expect(est.high).toBe(est.bound);
    expect(est.ais).toBeUndefined();
  });

  it('estimates the enumerated three-layer bound', () => {
    const rng = derive(22, 'three');
    const dbn = randomDbn(rng.derive('model'), [5, 4, 4, 3], 1.2);
    const X = randomBinary(rng.derive('x'), 10, 5, 0.5);
    const brute = bruteMeanBound(dbn, X);
    const topLogZ = exactLogPartition(dbn.layers[2]!);
    const est = dbnLowerBound(dbn, X, { samples: 400, topLogZ }, rng.derive('bound'));
    expect(Math.abs(est.bound - brute)).toBeLessThan(4 * est.monteCarloStdError);
    const mean = est.perRow.reduce((s, x) => s + x, 0) / est.perRow.length;
    expect(est.bound).toBeCloseTo(mean, 10);
  });

  it('with AIS for the top log Z, brackets the enumerated bound within the combined error', () => {
    const rng = derive(23, 'ais');
    const dbn = randomDbn(rng.derive('model'), [8, 6, 5], 1);
    const X = randomBinary(rng.derive('x'), 15, 8, 0.4);
    const brute = bruteMeanBound(dbn, X);
    const est = dbnLowerBound(
      dbn,
      X,
      { samples: 100, betas: 1000, runs: 100 },
      rng.derive('bound'),
    );
    const se = est.monteCarloStdError;
    expect(est.low - 4 * se).toBeLessThanOrEqual(brute);
    expect(est.high + 4 * se).toBeGreaterThanOrEqual(brute);
    expect(est.ais?.betas.length).toBe(1001);
    expect(est.ais?.baseRateBias.length).toBe(6);
    expect(est.logZ).toBe(est.ais?.logZ);
  });

  it('is deterministic for a seed, accepts float32 models and does not change its inputs', () => {
    const rng = derive(24, 'det');
    const dbn = randomDbn(rng.derive('model'), [5, 4, 3], 1);
    const X = randomBinary(rng.derive('x'), 70, 5); // more rows than one block of 64
    const before = [...dbn.layers.flatMap(rbmArrays), ...snapshot([X.data])];
    const opts = { samples: 3, betas: 50, runs: 4 };
    const a = dbnLowerBound(dbn, X, opts, derive(24, 'bound'));
    const b = dbnLowerBound(dbn, X, opts, derive(24, 'bound'));
    const c = dbnLowerBound(dbn, X, opts, derive(25, 'bound'));
    expect(Array.from(b.perRow)).toEqual(Array.from(a.perRow));
    expect(b.bound).toBe(a.bound);
    expect(c.bound).not.toBe(a.bound);
    expect([...dbn.layers.flatMap(rbmArrays), ...snapshot([X.data])]).toEqual(before);
    const f = dbn.layers.map((r) => toF32(r));
    const X32 = fromArray(X.rows, X.cols, Float32Array.from(X.data));
    const x32 = dbnLowerBound(
      { kind: 'dbn', layers: f.map((m) => m.f32) },
      X32,
      opts,
      derive(24, 'bound'),
    );
    const x64 = dbnLowerBound(
      { kind: 'dbn', layers: f.map((m) => m.f64) },
      X,
      opts,
      derive(24, 'bound'),
    );
    expect(x32.bound).toBe(x64.bound);
  });

  it('reports no Monte Carlo error estimate for a single sample', () => {
    const dbn = randomDbn(derive(26, 'model'), [4, 3, 2], 1);
    const X = randomBinary(derive(26, 'x'), 5, 4);
    const est = dbnLowerBound(dbn, X, { samples: 1, topLogZ: 0 }, derive(26, 'bound'));
    expect(Number.isNaN(est.monteCarloStdError)).toBe(true);
    expect(Number.isFinite(est.bound)).toBe(true);
  });

  it('rejects bad arguments, naming them', () => {
    const dbn = randomDbn(derive(27, 'model'), [4, 3, 2], 1);
    const X = randomBinary(derive(27, 'x'), 3, 4);
    const rng = derive(27, 'bound');
    expect(() => dbnLowerBound({ kind: 'dbn', layers: [] }, X, {}, rng)).toThrow(
      /dbn\.layers must be a non-empty array/,
    );
    expect(() => dbnLowerBound({ kind: 'rbm' } as never, X, {}, rng)).toThrow(/dbn must be a DBN/);
    const mismatched = { kind: 'dbn' as const, layers: [dbn.layers[0]!, randomRbm(rng, 4, 2, 1)] };
    expect(() => dbnLowerBound(mismatched, X, {}, rng)).toThrow(
      /dbn\.layers\[1\]\.visible must equal dbn\.layers\[0\]\.hidden = 3, got 4/,
    );
    const nan = { ...dbn.layers[1]!, a: new Float64Array([0, Number.NaN, 0]) };
    expect(() => dbnLowerBound({ kind: 'dbn', layers: [dbn.layers[0]!, nan] }, X, {}, rng)).toThrow(
      /dbn\.layers\[1\]\.a must be finite/,
    );
    expect(() =>
      dbnLowerBound(dbn, fromArray(1, 4, new Float64Array([0, 2, 0, 0])), {}, rng),
    ).toThrow(/X must hold 0\/1 values/);
    expect(() => dbnLowerBound(dbn, X, { samples: 0 }, rng)).toThrow(
      /samples must be a positive integer/,
    );
    expect(() => dbnLowerBound(dbn, X, { topLogZ: Number.NaN }, rng)).toThrow(
      /topLogZ must be a finite number/,
    );
    expect(() => dbnLowerBound(dbn, X, { runs: 1 }, rng)).toThrow(/runs must be an integer ≥ 2/);
    expect(() => dbnLowerBound(dbn, X, {}, {} as never)).toThrow(/rng must be a Stream/);
  });
});
