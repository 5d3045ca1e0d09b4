import type { FloatArray, Matrix } from '@dbn/linalg';
import { freeEnergy } from '../rbm/free-energy.js';
import type { Rbm } from '../types.js';
import { exactLogPartition } from './exact-log-partition.js';
import { checkRbm, checkRows } from './internal.js';

/**
 * Exact average log-likelihood of binary rows under an RBM, in nats:
 * (1/n) Σ_r log p(x_r) = (1/n) Σ_r −F(x_r) − log Z, with F the free energy and log Z from
 * {@link exactLogPartition} (so one layer must have ≤ 20 units). X: n ≥ 1 rows of 0/1 values.
 */
export function exactLogLikelihood<T extends FloatArray>(rbm: Rbm<T>, X: Matrix<T>): number {
  checkRbm('rbm', rbm);
  checkRows('X', X, rbm.visible, 'binary');
  const logZ = exactLogPartition(rbm);
  return meanNegative(freeEnergy(rbm, X)) - logZ;
}

/** (1/n) Σ −F_r over a free-energy vector. Internal. */
export function meanNegative(F: Float64Array): number {
  let s = 0;
  for (let r = 0; r < F.length; r++) s -= F[r]!;
  return s / F.length;
}
