import type { FloatArray, Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import type { Rbm } from '../types.js';
import { checkPositiveInt, zerosLike } from '../util.js';
import { downInto, upInto } from './conditionals.js';

/**
 * A set of `chains` alternating Gibbs chains on an RBM: v₀ ~ Bernoulli(½) per unit, then each
 * `step()` draws h ~ B(σ(vW + b)), computes pv = σ(hWᵀ + a) and draws v ~ B(pv), all from
 * `rng` in that order. The sampler owns its buffers; `visible` and `probabilities` are views
 * of them, overwritten by the next step (copy them to keep them).
 */
export interface GibbsSampler<T extends FloatArray> {
  /** The current visible states (chains × visible). */
  readonly visible: Matrix<T>;
  /** The probabilities of the last down pass (chains × visible); ½ before the first step. */
  readonly probabilities: Matrix<T>;
  /** Steps taken so far. */
  readonly steps: number;
  /** Runs `n` more Gibbs steps (default 1) and returns the visible states. */
  step(n?: number): Matrix<T>;
}

/** Creates a {@link GibbsSampler}; the RBM is only read (its arrays are not copied). */
export function gibbsSampler<T extends FloatArray>(
  rbm: Rbm<T>,
  chains: number,
  rng: Stream,
): GibbsSampler<T> {
  checkPositiveInt('chains', chains);
  const { W, a, b } = rbm;
  const V = zerosLike(a, chains, rbm.visible);
  const PV = zerosLike(a, chains, rbm.visible);
  const PH = zerosLike(a, chains, rbm.hidden);
  const H = zerosLike(a, chains, rbm.hidden);
  PV.data.fill(0.5);
  rng.bernoulli(PV.data, V.data);
  let steps = 0;
  return {
    visible: V,
    probabilities: PV,
    get steps() {
      return steps;
    },
    step(n = 1) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`n must be a non-negative integer, got ${n}`);
      for (let t = 0; t < n; t++) {
        upInto(W, b, V, PH);
        rng.bernoulli(PH.data, H.data);
        downInto(W, a, H, PV);
        rng.bernoulli(PV.data, V.data);
        steps++;
      }
      return V;
    },
  };
}

/** Options of {@link sampleRbm}. */
export interface SampleOptions {
  /** Number of independent chains (samples). */
  readonly samples: number;
  /** Alternating Gibbs steps per chain (the study's nb_iter_gibbs). */
  readonly gibbsSteps: number;
}

/** Final states of independent Gibbs chains, and the last down pass's probabilities. */
export interface Samples<T extends FloatArray> {
  readonly samples: Matrix<T>;
  readonly probabilities: Matrix<T>;
}

/**
 * Generates `samples` images from an RBM: each chain starts from v ~ Bernoulli(½) and runs
 * `gibbsSteps` alternating Gibbs steps (see {@link gibbsSampler}); returns the final binary v and
 * p(v | h) of the last step.
 */
export function sampleRbm<T extends FloatArray>(
  rbm: Rbm<T>,
  options: SampleOptions,
  rng: Stream,
): Samples<T> {
  checkPositiveInt('samples', options.samples);
  checkPositiveInt('gibbsSteps', options.gibbsSteps);
  const g = gibbsSampler(rbm, options.samples, rng);
  g.step(options.gibbsSteps);
  return { samples: g.visible, probabilities: g.probabilities };
}
