import type { Stream } from '@dbn/random';
import { type InitOptions, initRbm } from '../rbm/init.js';
import type { Dbn } from '../types.js';

/**
 * A new DBN with layer sizes [p, q1, …, qL] (L ≥ 1): RBM l (1-based) maps q_{l−1} → q_l and is
 * initialised by {@link initRbm} from `rng.derive('layer', l)`.
 */
export function initDbn(sizes: readonly number[], rng: Stream, options: InitOptions = {}): Dbn {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(
      `sizes must list at least 2 layer sizes [visible, hidden…], got [${sizes}]`,
    );
  }
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push(initRbm(sizes[l - 1]!, sizes[l]!, rng.derive('layer', l), options));
  }
  return { kind: 'dbn', layers };
}

/** Layer sizes [p, q1, …, qL] of a DBN. */
export function dbnSizes(dbn: Dbn): number[] {
  return [dbn.layers[0]!.visible, ...dbn.layers.map((l) => l.hidden)];
}
