import { type DType, zeros } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import type { Rbm } from '../types.js';
import { allocLike, checkNonNegative, checkPositiveInt } from '../util.js';

/** Options of {@link initRbm}. */
export interface InitOptions {
  /** Standard deviation of the initial weights (the study's 0.1). */
  readonly sigma?: number;
  /** Element type of every parameter (float32 by default; float64 for gradient checks). */
  readonly dtype?: DType;
}

/** A new RBM with W ~ Normal(0, σ²) (σ = 0.1 by default), a = 0 and b = 0, drawn from `rng`. */
export function initRbm(
  visible: number,
  hidden: number,
  rng: Stream,
  options: InitOptions = {},
): Rbm {
  checkPositiveInt('visible', visible);
  checkPositiveInt('hidden', hidden);
  const sigma = options.sigma ?? 0.1;
  checkNonNegative('sigma', sigma);
  const dtype = options.dtype ?? 'f32';
  const W = dtype === 'f64' ? zeros(visible, hidden, 'f64') : zeros(visible, hidden, 'f32');
  rng.fillNormal(W.data, 0, sigma);
  return {
    kind: 'rbm',
    visible,
    hidden,
    W,
    a: allocLike(dtype, visible),
    b: allocLike(dtype, hidden),
  };
}
