import type { FloatArray, Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { downInto } from '../rbm/conditionals.js';
import { gibbsSampler, type SampleOptions, type Samples } from '../rbm/gibbs.js';
import type { Dbn } from '../types.js';
import { checkPositiveInt, copyMatrix, zerosLike } from '../util.js';

/**
 * Generates from a DBN: `gibbsSteps` alternating Gibbs steps on the top RBM (see gibbsSampler,
 * stream `rng.derive('top')`), then sampled down passes v_{l−1} ~ B(σ(v_l W_lᵀ + a_l)) through
 * the lower RBMs (stream `rng.derive('down')`). Returns the visible samples and the last down
 * pass's probabilities. A one-layer DBN gives exactly sampleRbm's result for the top stream.
 */
export function sampleDbn<T extends FloatArray>(
  dbn: Dbn<T>,
  options: SampleOptions,
  rng: Stream,
): Samples<T> {
  checkPositiveInt('samples', options.samples);
  checkPositiveInt('gibbsSteps', options.gibbsSteps);
  const L = dbn.layers.length;
  const top = dbn.layers[L - 1]!;
  const g = gibbsSampler(top, options.samples, rng.derive('top'));
  g.step(options.gibbsSteps);
  // plain copies: the sampler's buffers may live in its WebAssembly arena
  let v: Matrix<T> = copyMatrix(g.visible);
  let pv: Matrix<T> = copyMatrix(g.probabilities);
  const down = rng.derive('down');
  for (let l = L - 2; l >= 0; l--) {
    const rbm = dbn.layers[l]!;
    const P = zerosLike(rbm.a, options.samples, rbm.visible);
    const S = zerosLike(rbm.a, options.samples, rbm.visible);
    downInto(rbm.W, rbm.a, v, P);
    down.bernoulli(P.data, S.data);
    v = S;
    pv = P;
  }
  return { samples: v, probabilities: pv };
}
