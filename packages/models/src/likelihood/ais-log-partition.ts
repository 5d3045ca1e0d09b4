import { type FloatArray, gemm, type Matrix, transpose, zeros } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { softplus } from '../rbm/free-energy.js';
import type { Rbm } from '../types.js';
import { aisBetas, DEFAULT_AIS_STEPS } from './ais-betas.js';
import { baseRateBias } from './base-rate-bias.js';
import { checkRbm, checkStream, type Rbm64, toRbm64 } from './internal.js';

/** The default number of AIS runs M. */
export const DEFAULT_AIS_RUNS = 100;

/** Options of {@link aisLogPartition}. */
export interface AisOptions {
  /**
   * The inverse temperatures: a number K of steps (the schedule {@link aisBetas}(K)) or an
   * explicit non-decreasing schedule 0 = β_0 ≤ β_1 ≤ … ≤ β_K = 1 (K ≥ 1). Default
   * aisBetas(14,500), the schedule of Salakhutdinov & Murray (2008).
   */
  readonly betas?: number | Float64Array;
  /** Number of independent annealing runs M (an integer ≥ 2); default 100. */
  readonly runs?: number;
  /**
   * Visible biases a_A of the base-rate model (length visible, finite). Default
   * {@link baseRateBias}(data) when `data` is given, else 0 (the uniform distribution).
   * Takes precedence over `data`.
   */
  readonly baseRateBias?: Float64Array;
  /** Rows (values in [0, 1]) whose smoothed marginals give the base-rate biases. */
  readonly data?: Matrix;
}

/** An AIS estimate of log Z with its ±3σ interval. */
export interface AisResult {
  /** log Ẑ = log Z_A + log((1/M) Σ_m w_m). */
  readonly logZ: number;
  /** log Z_A + log(r̂ − 3σ̂), r̂ = mean w, σ̂ = std(w)/√M; −∞ when r̂ ≤ 3σ̂. */
  readonly logZLow: number;
  /** log Z_A + log(r̂ + 3σ̂). */
  readonly logZHigh: number;
  /** log Z_A = Σ_i softplus(a_A,i) + q·log 2 of the base-rate model. */
  readonly logZBase: number;
  /** log w_m of every run (float64). */
  readonly logWeights: Float64Array;
  /** M. */
  readonly runs: number;
  /** The schedule used, β_0 = 0 … β_K = 1 (a copy). */
  readonly betas: Float64Array;
  /** The base-rate visible biases a_A used (a copy). */
  readonly baseRateBias: Float64Array;
}

/**
 * Annealed importance sampling estimate of an RBM's log partition function (Neal 2001;
 * Salakhutdinov & Murray 2008). Intermediate models p_k(v, h) ∝ exp((1 − β_k)a_Aᵀv +
 * β_k(aᵀv + bᵀh + vᵀWh)) move from the base-rate model A (W = 0, hidden biases 0, visible
 * biases a_A; log Z_A = Σ_i softplus(a_A,i) + q log 2) at β_0 = 0 to the RBM at β_K = 1, so
 * log p*_k(v) = (1 − β_k)a_Aᵀv + β_k aᵀv + Σ_j softplus(β_k(b_j + (vW)_j)). Each of M runs draws
 * v_0 ~ A, then for k = 1 … K adds log p*_k(v_{k−1}) − log p*_{k−1}(v_{k−1}) to log w and (k < K)
 * takes one Gibbs step h ~ p_k(h | v), v ~ p_k(v | h). log Ẑ = log Z_A + log mean w, unbiased in
 * Ẑ; the interval is log Z_A + log(r̂ ± 3σ̂) with σ̂² the sample variance of w over M, all
 * computed relative to max log w. The M runs advance together: per step two gemms (M×p·p×q and
 * M×q·q×p) plus elementwise work; log weights accumulate in float64; all draws come from `rng`.
 */
export function aisLogPartition<T extends FloatArray>(
  rbm: Rbm<T>,
  options: AisOptions,
  rng: Stream,
): AisResult {
  checkRbm('rbm', rbm);
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  }
  checkStream('rng', rng);
  const betas = resolveBetas(options.betas);
  const runs = options.runs ?? DEFAULT_AIS_RUNS;
  if (!Number.isInteger(runs) || runs < 2) {
    throw new RangeError(`runs must be an integer ≥ 2, got ${runs}`);
  }
  const aA = resolveBaseRate(options, rbm.visible);
  const r = toRbm64(rbm);
  let logZBase = rbm.hidden * Math.LN2;
  for (let i = 0; i < rbm.visible; i++) logZBase += softplus(aA[i]!);
  const logWeights = aisLogWeights(r, aA, betas, runs, rng);
  return {
    ...aisInterval(logZBase, logWeights),
    logZBase,
    logWeights,
    runs,
    betas,
    baseRateBias: aA,
  };
}

function resolveBetas(betas: number | Float64Array | undefined): Float64Array {
  if (betas === undefined) return aisBetas(DEFAULT_AIS_STEPS);
  if (typeof betas === 'number') {
    if (!Number.isInteger(betas) || betas < 1) {
      throw new RangeError(`betas must be a positive integer number of steps, got ${betas}`);
    }
    return aisBetas(betas);
  }
  if (!(betas instanceof Float64Array)) {
    throw new TypeError(`betas must be a number of steps or a Float64Array schedule`);
  }
  const K = betas.length - 1;
  if (K < 1) throw new RangeError(`betas must hold at least 2 values, got ${betas.length}`);
  if (betas[0] !== 0) throw new RangeError(`betas[0] must be 0, got ${betas[0]}`);
  if (betas[K] !== 1) throw new RangeError(`betas[${K}] (the last) must be 1, got ${betas[K]}`);
  for (let k = 1; k <= K; k++) {
    const b = betas[k]!;
    if (!(b >= betas[k - 1]! && b <= 1)) {
      throw new RangeError(
        `betas must be non-decreasing in [0, 1], got betas[${k - 1}] = ${betas[k - 1]}, betas[${k}] = ${b}`,
      );
    }
  }
  return betas.slice();
}

function resolveBaseRate(options: AisOptions, p: number): Float64Array {
  const given = options.baseRateBias;
  if (given !== undefined) {
    if (!(given instanceof Float64Array)) {
      throw new TypeError(`baseRateBias must be a Float64Array, got ${String(given)}`);
    }
    if (given.length !== p) {
      throw new RangeError(`baseRateBias must have length visible = ${p}, got ${given.length}`);
    }
    for (let i = 0; i < p; i++) {
      if (!Number.isFinite(given[i]!)) {
        throw new RangeError(`baseRateBias must be finite, got baseRateBias[${i}] = ${given[i]}`);
      }
    }
    return given.slice();
  }
  if (options.data !== undefined) {
    if (options.data?.cols !== p) {
      throw new RangeError(`data must have visible = ${p} columns, got ${options.data?.cols}`);
    }
    return baseRateBias(options.data);
  }
  return new Float64Array(p);
}

/**
 * The M log importance weights of AIS (see {@link aisLogPartition}); internal, no checks.
 * Draw order: v_0 (M·p uniforms), then per transition k = 1 … K−1: h (M·q), v (M·p).
 */
export function aisLogWeights(
  r: Rbm64,
  aA: Float64Array,
  betas: Float64Array,
  M: number,
  rng: Stream,
): Float64Array {
  const { p, q, W, a, b } = r;
  const K = betas.length - 1;
  const V = zeros(M, p, 'f64');
  const PV = zeros(M, p, 'f64');
  const X = zeros(M, q, 'f64');
  const H = zeros(M, q, 'f64');
  const PH = zeros(M, q, 'f64');
  const Wt = transpose(W);
  const v = V.data;
  const pv = PV.data;
  const x = X.data;
  const ph = PH.data;
  const c = new Float64Array(p);
  for (let i = 0; i < p; i++) c[i] = a[i]! - aA[i]!;
  const logw = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    for (let i = 0; i < p; i++) pv[m * p + i] = 1 / (1 + Math.exp(-aA[i]!));
  }
  rng.bernoulli(pv, v);
  for (let k = 1; k <= K; k++) {
    const bk = betas[k]!;
    const bp = betas[k - 1]!;
    const db = bk - bp;
    gemm(1, V, W, 0, X);
    for (let m = 0; m < M; m++) {
      const vo = m * p;
      let lin = 0;
      for (let i = 0; i < p; i++) lin += v[vo + i]! * c[i]!;
      const xo = m * q;
      let s = 0;
      for (let j = 0; j < q; j++) {
        const t = x[xo + j]! + b[j]!;
        const u = bk * t;
        const w = bp * t;
        // softplus(u) and σ(u) from one exponential
        let spu: number;
        if (u > 0) {
          const e = Math.exp(-u);
          spu = u + Math.log1p(e);
          ph[xo + j] = 1 / (1 + e);
        } else {
          const e = Math.exp(u);
          spu = Math.log1p(e);
          ph[xo + j] = e / (1 + e);
        }
        s += spu - (w > 0 ? w + Math.log1p(Math.exp(-w)) : Math.log1p(Math.exp(w)));
      }
      logw[m] = logw[m]! + db * lin + s;
    }
    if (k === K) break;
    rng.bernoulli(ph, H.data);
    gemm(1, H, Wt, 0, PV);
    for (let m = 0; m < M; m++) {
      const o = m * p;
      for (let i = 0; i < p; i++) {
        pv[o + i] = 1 / (1 + Math.exp(-(aA[i]! + bk * (c[i]! + pv[o + i]!))));
      }
    }
    rng.bernoulli(pv, v);
  }
  return logw;
}

/**
 * log Ẑ and its ±3σ interval from log weights: with m = max log w, w'_r = e^{log w_r − m},
 * r̂ = mean w', σ̂ = sqrt(Σ(w' − r̂)²/(M − 1)/M): logZ = base + m + log r̂, high/low =
 * base + m + log(r̂ ± 3σ̂) (low = −∞ when r̂ ≤ 3σ̂). Internal: needs M ≥ 2.
 */
export function aisInterval(
  logZBase: number,
  logw: Float64Array,
): { logZ: number; logZLow: number; logZHigh: number } {
  const M = logw.length;
  let mx = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < M; i++) if (logw[i]! > mx) mx = logw[i]!;
  let sum = 0;
  for (let i = 0; i < M; i++) sum += Math.exp(logw[i]! - mx);
  const mean = sum / M;
  let ss = 0;
  for (let i = 0; i < M; i++) {
    const d = Math.exp(logw[i]! - mx) - mean;
    ss += d * d;
  }
  const se = Math.sqrt(ss / (M - 1) / M);
  const shift = logZBase + mx;
  return {
    logZ: shift + Math.log(mean),
    logZLow: mean > 3 * se ? shift + Math.log(mean - 3 * se) : Number.NEGATIVE_INFINITY,
    logZHigh: shift + Math.log(mean + 3 * se),
  };
}
