// The measurements of an RBM/DBN point (issue #7): generation quality and log-likelihood.
import { ALPHADIGITS_LABELS } from '@dbn/datasets';
import type { Matrix } from '@dbn/linalg';
import {
  aisLogLikelihood,
  type Dbn,
  type Dnn,
  dbnLowerBound,
  exactLogLikelihood,
  exactLogPartition,
  MAX_ENUMERATED_UNITS,
  predict,
  type Rbm,
} from '@dbn/models';
import type { Stream } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import { type PointConfig, validateConfig } from '../config.js';
import { type DataError, type DataOptions, testSet } from '../data.js';
import type { LikelihoodMetrics, QualityMetrics } from '../result.js';
import { type ClassifierOptions, getClassifier } from './classifier.js';
import { mergeLookalikes } from './lookalikes.js';
import { qualityMetrics } from './quality-metrics.js';

/** Throws RangeError naming the field unless `config` is a valid PointConfig. */
function checkConfig(config: PointConfig): void {
  const valid = validateConfig(config);
  if (E.isLeft(valid)) throw new RangeError(`config: ${valid.left.message}`);
}

/**
 * The classifier class indices of a point's trained classes: its characters' positions in
 * ALPHADIGITS_LABELS ('0'–'9', 'A'–'Z'), in `chars` order; all ten digits for MNIST.
 */
export function trainedClasses(config: PointConfig): number[] {
  checkConfig(config);
  if (config.dataset === 'mnist') return Array.from({ length: 10 }, (_, i) => i);
  return config.chars.map((c) => {
    const i = ALPHADIGITS_LABELS.indexOf(c.toUpperCase());
    if (i < 0) throw new RangeError(`config.chars: unknown AlphaDigits character ${c}`);
    return i;
  });
}

/**
 * metrics.quality of a point: `generate(config.qualitySamples)` independent chains (the caller
 * runs them with the point's gibbsSteps) scored by the classifier of the point's data set at
 * τ = config.tau over {@link trainedClasses}, AlphaDigits look-alikes merged
 * ({@link mergeLookalikes}). A Left DataError when the classifier's training
 * data cannot be loaded.
 */
export async function pointQuality(
  config: PointConfig,
  generate: (samples: number) => Matrix<Float32Array>,
  options: ClassifierOptions = {},
): Promise<E.Either<DataError, QualityMetrics>> {
  checkConfig(config);
  if (typeof generate !== 'function') {
    throw new TypeError(`generate must be a function, got ${typeof generate}`);
  }
  const classifier = await getClassifier(config.dataset, options);
  if (E.isLeft(classifier)) return classifier;
  const samples = generate(config.qualitySamples);
  const P = predict(classifier.right.dnn as Dnn<Float32Array>, samples);
  const trained = trainedClasses(config);
  // AlphaDigits '0' and 'O' are drawn alike: a trained '0' scored as 'O' counts as '0'.
  const scored = config.dataset === 'alphadigits' ? mergeLookalikes(P, trained) : P;
  return E.right(qualityMetrics(scored, trained, config.tau, classifier.right.info));
}

/**
 * The images a point's log-likelihood is averaged over: its training images for AlphaDigits
 * (set 'train'), the first `testSize` test images (or the seeded subset) for MNIST ('test').
 */
export async function likelihoodImages(
  config: PointConfig,
  train: Matrix<Float32Array>,
  options: DataOptions = {},
): Promise<E.Either<DataError, { X: Matrix<Float32Array>; set: 'train' | 'test' }>> {
  checkConfig(config);
  if (config.dataset === 'alphadigits') return E.right({ X: train, set: 'train' });
  const test = await testSet(config, options);
  return E.isLeft(test) ? test : E.right({ X: test.right.X, set: 'test' });
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/**
 * metrics.likelihood of an RBM: exact (enumeration) when the visible or hidden layer has at most
 * MAX_ENUMERATED_UNITS (20) units, else AIS with config.aisRuns runs and config.aisSteps
 * temperatures (base rate from `baseData`, the training images). Mean log p(v) over X in nats.
 */
export function rbmLikelihood(
  rbm: Rbm,
  X: Matrix<Float32Array>,
  set: 'train' | 'test',
  config: PointConfig,
  baseData: Matrix<Float32Array>,
  rng: Stream,
): LikelihoodMetrics {
  checkConfig(config);
  if (config.aisRuns < 2) throw new RangeError(`config.aisRuns must be ≥ 2, got ${config.aisRuns}`);
  const t0 = performance.now();
  if (Math.min(rbm.visible, rbm.hidden) <= MAX_ENUMERATED_UNITS) {
    const logZ = exactLogPartition(rbm);
    return {
      method: 'exact',
      meanLogLikelihood: exactLogLikelihood(rbm as Rbm<Float32Array>, X),
      set,
      images: X.rows,
      logZ,
      logZLow: logZ,
      logZHigh: logZ,
      runs: 0,
      betas: 0,
      seconds: seconds(t0),
    };
  }
  const r = aisLogLikelihood(
    rbm as Rbm<Float32Array>,
    X,
    { betas: config.aisSteps, runs: config.aisRuns, data: baseData },
    rng,
  );
  return {
    method: 'ais',
    meanLogLikelihood: r.logLikelihood,
    set,
    images: X.rows,
    logZ: r.ais.logZ,
    logZLow: r.ais.logZLow,
    logZHigh: r.ais.logZHigh,
    runs: r.ais.runs,
    betas: r.ais.betas.length - 1,
    seconds: seconds(t0),
  };
}

/**
 * metrics.likelihood of a DBN: the variational lower bound (dbnLowerBound, config.boundSamples
 * posterior samples per image) averaged over X, with log Z of the top RBM by AIS
 * (config.aisRuns, config.aisSteps), or exact when the top RBM has a layer of at most 20 units
 * (runs = betas = 0 then).
 */
export function dbnLikelihood(
  dbn: Dbn,
  X: Matrix<Float32Array>,
  set: 'train' | 'test',
  config: PointConfig,
  rng: Stream,
): LikelihoodMetrics {
  checkConfig(config);
  if (config.aisRuns < 2) throw new RangeError(`config.aisRuns must be ≥ 2, got ${config.aisRuns}`);
  if (
    typeof dbn !== 'object' ||
    dbn === null ||
    !Array.isArray(dbn.layers) ||
    dbn.layers.length === 0
  ) {
    throw new TypeError(`dbn must be a DBN with at least one layer, got ${String(dbn)}`);
  }
  const t0 = performance.now();
  const top = dbn.layers[dbn.layers.length - 1]!;
  const exact = Math.min(top.visible, top.hidden) <= MAX_ENUMERATED_UNITS;
  const r = dbnLowerBound(
    dbn as Dbn<Float32Array>,
    X,
    exact
      ? { topLogZ: exactLogPartition(top), samples: config.boundSamples }
      : { betas: config.aisSteps, runs: config.aisRuns, samples: config.boundSamples },
    rng,
  );
  return {
    method: 'dbn-bound',
    meanLogLikelihood: r.bound,
    set,
    images: X.rows,
    logZ: r.logZ,
    logZLow: r.ais?.logZLow ?? r.logZ,
    logZHigh: r.ais?.logZHigh ?? r.logZ,
    runs: r.ais?.runs ?? 0,
    betas: r.ais === undefined ? 0 : r.ais.betas.length - 1,
    seconds: seconds(t0),
  };
}
