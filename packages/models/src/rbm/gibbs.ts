import type { FloatArray, Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import type { Rbm } from '../types.js';
import { checkPositiveInt, copyMatrix } from '../util.js';
import { BinaryOperand, copyRbmParams, runBuffers } from './binary.js';
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

/**
 * Creates a {@link GibbsSampler}. The RBM is not changed; its parameters are copied once, into
 * WebAssembly memory for float32 on the 'wasm' backend (with the sampler's buffers, so no step
 * copies W). The up pass v·W is a binary gather when the chains' v is sparse enough.
 */
export function gibbsSampler<T extends FloatArray>(
  rbm: Rbm<T>,
  chains: number,
  rng: Stream,
): GibbsSampler<T> {
  checkPositiveInt('chains', chains);
  const { visible: p, hidden: q } = rbm;
  const buffers = runBuffers(
    rbm.a,
    [
      [p, q],
      [1, p],
      [1, q],
      [chains, p],
      [chains, p],
      [chains, q],
      [chains, q],
    ],
    [[chains, p]],
    [chains, q, p],
  );
  const { W, a, b } = copyRbmParams(buffers, rbm);
  const V = buffers.zeros(chains, p);
  const PV = buffers.zeros(chains, p);
  const PH = buffers.zeros(chains, q);
  const H = buffers.zeros(chains, q);
  const binV = new BinaryOperand(rbm.a, chains, p, buffers.arena);
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
        binV.fill(V);
        upInto(W, b, V, PH, binV);
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
  // plain copies: the sampler's buffers may live in its WebAssembly arena
  return { samples: copyMatrix(g.visible), probabilities: copyMatrix(g.probabilities) };
}
