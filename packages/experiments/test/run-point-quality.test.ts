// runPoint's measurements (issue #7): metrics.quality and metrics.likelihood of RBM/DBN points.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectAlphaDigits } from '@dbn/datasets';
import { fromArray } from '@dbn/linalg';
import { exactLogLikelihood, loadModel, type Rbm } from '@dbn/models';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  FILES,
  loadAlphaDigitsCached,
  type PointConfig,
  type PointJob,
  type PointResult,
  pointHash,
  runPoint,
} from '../src/index.js';
import { ALPHADIGITS_CLASSIFIER, classifierId } from '../src/quality/classifier.js';
import { config, dataDir, tempDir, timeless } from './helpers.js';

function job(c: PointConfig, pointId = 'q'): PointJob {
  return {
    experiment: 'unit-quality',
    pointId,
    label: pointId,
    rep: 0,
    seed: 3,
    hash: pointHash(c, 3, 0),
    config: c,
    dir: tempDir(),
  };
}

const run = (c: PointConfig, pointId?: string): Promise<PointResult> =>
  runPoint(job(c, pointId), { dataDir: dataDir! });

/** A tiny measured RBM on 'A' and 'B' (78 images). */
const measured = config({
  chars: ['A', 'B'],
  hidden: [24],
  epochs: 3,
  quality: true,
  qualitySamples: 20,
  tau: 0.9,
  aisRuns: 4,
  aisSteps: 50,
});

function checkQuality(r: PointResult, classes: number): void {
  const q = r.metrics.quality;
  if (q === undefined) throw new Error('no metrics.quality');
  expect(q.classifier).toMatchObject({
    dataset: 'alphadigits',
    classes: 36,
    id: classifierId(ALPHADIGITS_CLASSIFIER),
  });
  expect(q.classifier.heldOutAccuracy).toBeGreaterThan(0.5);
  expect(q).toMatchObject({ tau: 0.9, samples: 20, classes });
  expect(q.perClass).toHaveLength(classes);
  expect(q.recognised).toBeGreaterThanOrEqual(0);
  expect(q.recognised).toBeLessThanOrEqual(1);
  expect(q.perClass.reduce((a, b) => a + b, 0)).toBe(Math.round(q.recognised * 20));
  expect(q.coverage).toBe(q.perClass.filter((n) => n > 0).length);
  expect(q.coverageEntropy).toBeGreaterThanOrEqual(0);
  expect(q.coverageEntropy).toBeLessThanOrEqual(Math.log(classes) + 1e-12);
}

describe.skipIf(dataDir === undefined)('runPoint measurements on AlphaDigits', () => {
  it('fills metrics.quality and an AIS metrics.likelihood for an RBM, deterministically', async () => {
    const a = await run(measured);
    expect(a.metrics.error).toBeUndefined();
    checkQuality(a, 2);
    const l = a.metrics.likelihood;
    if (l === undefined) throw new Error('no metrics.likelihood');
    expect(l).toMatchObject({ method: 'ais', set: 'train', images: 78, runs: 4, betas: 50 });
    // log p(v) < 0 for binary images; a 320-pixel image has at most 320 ln 2 nats of entropy to
    // explain, and a 3-epoch RBM is far from a point mass.
    expect(l.meanLogLikelihood).toBeLessThan(0);
    expect(l.meanLogLikelihood).toBeGreaterThan(-320 * Math.log(2));
    expect(l.logZHigh).toBeGreaterThanOrEqual(l.logZ);
    expect(l.seconds).toBeGreaterThan(0);
    const b = await run(measured);
    expect(timeless(b)).toEqual(timeless(a));
  }, 120_000);

  it('uses the exact log-likelihood when a layer has at most 20 units', async () => {
    const c = { ...measured, hidden: [12], quality: false };
    const j = job(c);
    const r = await runPoint(j, { dataDir: dataDir! });
    expect(r.metrics.quality).toBeUndefined();
    const l = r.metrics.likelihood;
    if (l === undefined) throw new Error('no metrics.likelihood');
    expect(l).toMatchObject({ method: 'exact', set: 'train', images: 78, runs: 0, betas: 0 });
    expect(l.logZLow).toBe(l.logZ);
    // The same number from the saved model and the training images.
    const loaded = loadModel(new Uint8Array(readFileSync(join(j.dir, FILES.model))));
    if (E.isLeft(loaded) || loaded.right.model.kind !== 'rbm') throw new Error('model');
    const data = await loadAlphaDigitsCached({ dataDir: dataDir! });
    if (E.isLeft(data)) throw new Error(data.left.message);
    const sel = selectAlphaDigits(data.right, ['A', 'B']);
    if (E.isLeft(sel)) throw new Error(sel.left.message);
    const X = fromArray(sel.right.rows, sel.right.cols, sel.right.images);
    expect(l.meanLogLikelihood).toBeCloseTo(
      exactLogLikelihood(loaded.right.model as Rbm<Float32Array>, X),
      6,
    );
  }, 120_000);

  it('fills metrics.quality and a dbn-bound metrics.likelihood for a DBN', async () => {
    const c = { ...measured, model: 'dbn' as const, hidden: [24, 12], chars: ['A', 'B', 'C'] };
    const r = await run(c, 'dbn');
    expect(r.metrics.error).toBeUndefined();
    checkQuality(r, 3);
    const l = r.metrics.likelihood;
    if (l === undefined) throw new Error('no metrics.likelihood');
    // The top RBM (24 × 12) is enumerated exactly: no AIS runs.
    expect(l).toMatchObject({ method: 'dbn-bound', set: 'train', images: 117, runs: 0, betas: 0 });
    expect(l.meanLogLikelihood).toBeLessThan(0);
    expect(Number.isFinite(l.meanLogLikelihood)).toBe(true);
  }, 120_000);

  it('measures nothing when quality is off and aisRuns is 0', async () => {
    const r = await run(config({ chars: ['A'], epochs: 2 }));
    expect(r.metrics.quality).toBeUndefined();
    expect(r.metrics.likelihood).toBeUndefined();
  }, 60_000);
});
