import { type FloatArray, get, type Matrix } from '@dbn/linalg';
import { checkNonNegative } from '../util.js';
import { checkRows } from './internal.js';

/** Pseudo-count fraction of {@link baseRateBias}: 0.05·n on each side, as in R. Salakhutdinov's code. */
export const DEFAULT_BASE_RATE_SMOOTHING = 0.05;

/**
 * Visible biases of the base-rate model used by AIS: a_i = log(p_i / (1 − p_i)) with the
 * smoothed marginal p_i = (Σ_r x_ri + λn) / (n + 2λn), λ = `smoothing` (default 0.05), so that
 * p_i ∈ [λ/(1+2λ), (1+λ)/(1+2λ)] and the biases stay finite. `data`: n ≥ 1 rows with values in
 * [0, 1] (probabilities are allowed). λ must be > 0.
 */
export function baseRateBias<T extends FloatArray>(
  data: Matrix<T>,
  smoothing: number = DEFAULT_BASE_RATE_SMOOTHING,
): Float64Array {
  checkRows('data', data, (data as Matrix | null)?.cols ?? 0, 'unit');
  checkNonNegative('smoothing', smoothing, true);
  const sums = new Float64Array(data.cols);
  for (let r = 0; r < data.rows; r++) {
    for (let i = 0; i < data.cols; i++) sums[i] = sums[i]! + get(data, r, i);
  }
  return biasFromColumnSums(sums, data.rows, smoothing);
}

/** a_i = logit((sums_i + λn) / (n + 2λn)), as a new array. Internal. */
export function biasFromColumnSums(sums: Float64Array, n: number, smoothing: number): Float64Array {
  const out = new Float64Array(sums.length);
  const pseudo = smoothing * n;
  for (let i = 0; i < sums.length; i++) {
    const on = sums[i]! + pseudo;
    const off = n - sums[i]! + pseudo;
    out[i] = Math.log(on) - Math.log(off);
  }
  return out;
}
