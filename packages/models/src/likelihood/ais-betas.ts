import { checkPositiveInt } from '../util.js';

/** The number of AIS steps in Salakhutdinov & Murray (2008): 500 + 4,000 + 10,000. */
export const DEFAULT_AIS_STEPS = 14_500;

/**
 * The AIS inverse-temperature schedule of Salakhutdinov & Murray (2008) with K = `steps`
 * transitions: K + 1 values 0 = β_0 ≤ β_1 ≤ … ≤ β_K = 1, linear in k on three segments, with
 * K/29 steps in [0, 0.5], 8K/29 in [0.5, 0.9] and 20K/29 in [0.9, 1] (rounded) — for K = 14,500
 * exactly 500 steps of 10⁻³, 4,000 of 10⁻⁴ and 10,000 of 10⁻⁵. For K < 29 the first segment
 * may be empty (β jumps from 0 past 0.5).
 */
export function aisBetas(steps: number = DEFAULT_AIS_STEPS): Float64Array {
  checkPositiveInt('steps', steps);
  const K = steps;
  const k1 = Math.round(K / 29);
  const k2 = Math.round((9 * K) / 29);
  const betas = new Float64Array(K + 1);
  for (let k = 1; k < K; k++) {
    if (k <= k1) betas[k] = (0.5 * k) / k1;
    else if (k <= k2) betas[k] = 0.5 + (0.4 * (k - k1)) / (k2 - k1);
    else betas[k] = 0.9 + (0.1 * (k - k2)) / (K - k2);
  }
  betas[K] = 1;
  return betas;
}
