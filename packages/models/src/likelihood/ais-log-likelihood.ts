import type { FloatArray, Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { freeEnergy } from '../rbm/free-energy.js';
import type { Rbm } from '../types.js';
import { type AisOptions, type AisResult, aisLogPartition } from './ais-log-partition.js';
import { meanNegative } from './exact-log-likelihood.js';
import { checkRbm, checkRows } from './internal.js';

/** An AIS estimate of an average log-likelihood, in nats per row. */
export interface AisLogLikelihood {
  /** (1/n) Σ_r −F(x_r) − log Ẑ. */
  readonly logLikelihood: number;
  /** (1/n) Σ_r −F(x_r) − logZHigh (the lower end of the ±3σ interval of log Z, mirrored). */
  readonly low: number;
  /** (1/n) Σ_r −F(x_r) − logZLow (+∞ when logZLow = −∞). */
  readonly high: number;
  /** (1/n) Σ_r −F(x_r), exact. */
  readonly meanNegativeFreeEnergy: number;
  /** The AIS estimate of log Z it rests on. */
  readonly ais: AisResult;
}

/**
 * Average log-likelihood of binary rows under an RBM with log Z from {@link aisLogPartition}:
 * (1/n) Σ_r log p(x_r) ≈ (1/n) Σ_r −F(x_r) − log Ẑ, with the interval of log Ẑ carried over
 * (it reflects the AIS error only, not the sampling of the rows). `options.data` defaults to X
 * (the base-rate model then matches X's marginals). Draws only from `rng` (through AIS).
 */
export function aisLogLikelihood<T extends FloatArray>(
  rbm: Rbm<T>,
  X: Matrix<T>,
  options: AisOptions,
  rng: Stream,
): AisLogLikelihood {
  checkRbm('rbm', rbm);
  checkRows('X', X, rbm.visible, 'binary');
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const ais = aisLogPartition(rbm, { ...options, data: options.data ?? X }, rng);
  const mean = meanNegative(freeEnergy(rbm, X));
  return {
    logLikelihood: mean - ais.logZ,
    low: mean - ais.logZHigh,
    high: mean - ais.logZLow,
    meanNegativeFreeEnergy: mean,
    ais,
  };
}
