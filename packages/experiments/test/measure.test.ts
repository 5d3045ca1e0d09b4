import { fromArray } from '@dbn/linalg';
import { exactLogLikelihood, initDbn, initRbm, type Rbm } from '@dbn/models';
import { derive } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ALPHADIGITS_RBM } from '../src/experiments/common.js';
import {
  dbnLikelihood,
  likelihoodImages,
  type PointConfig,
  rbmLikelihood,
  trainedClasses,
} from '../src/index.js';
import { hasMnist } from './helpers.js';

const measured: PointConfig = { ...ALPHADIGITS_RBM, aisRuns: 5, aisSteps: 30 };

/** n random binary rows of width p (a seeded stream). */
function binaryRows(n: number, p: number, seed: number) {
  const u = new Float32Array(n * p);
  derive(seed, 'rows').fillUniform(u);
  for (let i = 0; i < u.length; i++) u[i] = u[i]! < 0.3 ? 1 : 0;
  return fromArray(n, p, u);
}

describe('trainedClasses', () => {
  it("maps characters to the classifier's 36 classes in chars order; MNIST to 0…9", () => {
    expect(trainedClasses({ ...ALPHADIGITS_RBM, chars: ['2', '4', 'B', 'Z'] })).toEqual([
      2, 4, 11, 35,
    ]);
    expect(trainedClasses({ ...ALPHADIGITS_RBM, dataset: 'mnist' })).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(() => trainedClasses({ ...ALPHADIGITS_RBM, tau: 2 })).toThrow(/tau/);
  });
});

describe('rbmLikelihood', () => {
  const X = binaryRows(12, 320, 1);

  it('is exact when a layer has at most 20 units', () => {
    const rbm = initRbm(320, 8, derive(2), { sigma: 0.3 }) as Rbm<Float32Array>;
    const l = rbmLikelihood(rbm, X, 'train', measured, X, derive(3));
    expect(l).toMatchObject({ method: 'exact', set: 'train', images: 12, runs: 0, betas: 0 });
    expect(l.meanLogLikelihood).toBeCloseTo(exactLogLikelihood(rbm, X), 9);
    expect([l.logZLow, l.logZHigh]).toEqual([l.logZ, l.logZ]);
  });

  it('uses AIS with aisRuns runs and aisSteps temperatures otherwise, deterministically', () => {
    const rbm = initRbm(320, 30, derive(2), { sigma: 0.05 }) as Rbm<Float32Array>;
    const l = rbmLikelihood(rbm, X, 'test', measured, X, derive(3));
    expect(l).toMatchObject({ method: 'ais', set: 'test', images: 12, runs: 5, betas: 30 });
    expect(l.logZHigh).toBeGreaterThanOrEqual(l.logZ);
    expect(l.meanLogLikelihood).toBeLessThan(0);
    const again = rbmLikelihood(rbm, X, 'test', measured, X, derive(3));
    expect({ ...again, seconds: 0 }).toEqual({ ...l, seconds: 0 });
  });

  it('refuses a configuration without AIS runs', () => {
    const rbm = initRbm(320, 30, derive(2));
    expect(() => rbmLikelihood(rbm, X, 'train', { ...measured, aisRuns: 0 }, X, derive(3))).toThrow(
      /aisRuns/,
    );
  });
});

describe('dbnLikelihood', () => {
  it('bounds a DBN with AIS on the top RBM, or exactly when it is small', () => {
    const X = binaryRows(10, 320, 4);
    const big = initDbn([320, 30, 25], derive(5));
    const a = dbnLikelihood(big, X, 'train', measured, derive(6));
    expect(a).toMatchObject({ method: 'dbn-bound', images: 10, runs: 5, betas: 30 });
    expect(Number.isFinite(a.meanLogLikelihood)).toBe(true);
    const small = initDbn([320, 30, 12], derive(5));
    const b = dbnLikelihood(small, X, 'train', measured, derive(6));
    expect(b).toMatchObject({ method: 'dbn-bound', runs: 0, betas: 0 });
    expect(b.logZLow).toBe(b.logZ);
  });
});

describe('likelihoodImages', () => {
  it("averages over an AlphaDigits point's training images", async () => {
    const X = binaryRows(5, 320, 7);
    const r = await likelihoodImages(measured, X);
    expect(E.isRight(r) && r.right).toEqual({ X, set: 'train' });
  });

  it.skipIf(!hasMnist)("averages over an MNIST point's testSize test images", async () => {
    const r = await likelihoodImages(
      { ...measured, dataset: 'mnist', testSize: 30 },
      binaryRows(5, 784, 7),
    );
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.set).toBe('test');
    expect([r.right.X.rows, r.right.X.cols]).toEqual([30, 784]);
  });
});
