import { describe, type FloatArray, gemm, get, type Matrix, transpose } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { freeEnergy, softplus } from '../rbm/free-energy.js';
import type { Dbn } from '../types.js';
import { checkPositiveInt } from '../util.js';
import { type AisOptions, type AisResult, aisLogPartition } from './ais-log-partition.js';
import { baseRateBias, biasFromColumnSums, DEFAULT_BASE_RATE_SMOOTHING } from './base-rate-bias.js';
import { checkRbm, checkRows, checkStream, type Rbm64, toRbm64 } from './internal.js';

/** The default number of posterior samples per row in {@link dbnLowerBound}. */
export const DEFAULT_BOUND_SAMPLES = 10;

/** Rows processed together in {@link dbnLowerBound}. */
const BLOCK = 64;

/**
 * Options of {@link dbnLowerBound}: the AIS options for the top RBM (`baseRateBias` is over the
 * top RBM's visible layer) plus the posterior sample count and an optional known top log Z.
 */
export interface DbnBoundOptions extends Omit<AisOptions, 'data'> {
  /** Samples S of the hidden layers per data row (a positive integer; default 10; unused for L = 1). */
  readonly samples?: number;
  /** log Z of the top RBM when already known (e.g. exactLogPartition); AIS is then skipped. */
  readonly topLogZ?: number;
}

/** The estimated variational lower bound on the average log-likelihood of a DBN, in nats. */
export interface DbnLowerBound {
  /** (1/n) Σ_r B̂(x_r) − log Ẑ_L: the estimated bound on (1/n) Σ_r log p(x_r). */
  readonly bound: number;
  /** bound with log Z_L at the upper end of its AIS interval (= bound when topLogZ is given). */
  readonly low: number;
  /** bound with log Z_L at the lower end of its AIS interval (+∞ when that is −∞). */
  readonly high: number;
  /** Standard error of the Monte Carlo average over posterior samples (0 for one layer; NaN if S = 1). */
  readonly monteCarloStdError: number;
  /** Every row's estimate B̂(x_r) − log Ẑ_L. */
  readonly perRow: Float64Array;
  /** The log Z_L used (AIS estimate or the given topLogZ). */
  readonly logZ: number;
  /** The AIS estimate of the top RBM's log Z (undefined when topLogZ was given). */
  readonly ais: AisResult | undefined;
  /** S. */
  readonly samples: number;
}

/**
 * Variational lower bound on the average log-likelihood of binary rows under a DBN with layers
 * RBM_1 … RBM_L (h_0 = v): generative model p(h_{L−1}) = e^{−F_L(h_{L−1})}/Z_L from the top RBM
 * and p(h_{l−1} | h_l) = Π_i σ(±(a_l + W_l h_l)_i) below; recognition model q(h_l | h_{l−1}) =
 * Π_j σ(±(b_l + h_{l−1}W_l)_j). For every row,
 *   log p(v) ≥ E_q[−F_L(h_{L−1}) + Σ_{l<L} log p(h_{l−1} | h_l) − log q(h_l | h_{l−1})] − log Z_L,
 * which for L = 2 is Σ_h q(h|v)[log p(h) + log p(v|h)] + H(q(·|v)), and for L = 1 is exactly
 * −F_1(v) − log Z_1. Estimated with S samples of the stochastic up-pass h_l ~ q(·| h_{l−1}),
 * Rao–Blackwellised: the entropy of q(h_l | h_{l−1}) and every term linear in h_l are averaged
 * exactly over q given the sampled h_{l−1} (together Σ_j softplus(t_j) − μ_j b_lj with t = b_l +
 * h_{l−1}W_l, μ = σ(t)), while the log-normalisers Σ_i softplus((a_l + W_l h_l)_i) and the top
 * softplus terms of F_L use the sampled layers. log Z_L comes from {@link aisLogPartition} on the
 * top RBM (stream rng.derive('ais'); base-rate biases by default from the smoothed column means
 * of the mean-field up-pass σ(…σ(XW_1 + b_1)… W_{L−1} + b_{L−1}), or of X when L = 1) unless
 * `topLogZ` is given. Posterior samples come from rng.derive('posterior'), rows in order.
 */
export function dbnLowerBound<T extends FloatArray>(
  dbn: Dbn<T>,
  X: Matrix<T>,
  options: DbnBoundOptions,
  rng: Stream,
): DbnLowerBound {
  checkDbn('dbn', dbn);
  const layers = dbn.layers;
  const L = layers.length;
  checkRows('X', X, layers[0]!.visible, 'binary');
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  checkStream('rng', rng);
  const S = options.samples ?? DEFAULT_BOUND_SAMPLES;
  checkPositiveInt('samples', S);
  const { topLogZ } = options;
  if (topLogZ !== undefined && (typeof topLogZ !== 'number' || !Number.isFinite(topLogZ))) {
    throw new RangeError(`topLogZ must be a finite number, got ${String(topLogZ)}`);
  }
  const top = layers[L - 1]!;
  const n = X.rows;
  const layers64 = L === 1 ? [] : layers.map(toRbm64);
  // log Z_L first (AIS validates its options before the posterior sampling starts)
  let ais: AisResult | undefined;
  let logZ: number;
  let logZLow: number;
  let logZHigh: number;
  if (topLogZ !== undefined) {
    logZ = logZLow = logZHigh = topLogZ;
  } else {
    const bias =
      options.baseRateBias ??
      (L === 1
        ? baseRateBias(X)
        : biasFromColumnSums(meanFieldSums(layers64, X), n, DEFAULT_BASE_RATE_SMOOTHING));
    ais = aisLogPartition(
      top,
      {
        baseRateBias: bias,
        ...(options.betas === undefined ? {} : { betas: options.betas }),
        ...(options.runs === undefined ? {} : { runs: options.runs }),
      },
      rng.derive('ais'),
    );
    ({ logZ, logZLow, logZHigh } = ais);
  }
  let terms: Float64Array;
  let stdError = 0;
  if (L === 1) {
    terms = freeEnergy(top, X).map((f) => -f);
  } else {
    ({ terms, stdError } = estimateTerms(layers64, X, S, rng.derive('posterior')));
  }
  let mean = 0;
  const perRow = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    mean += terms[r]!;
    perRow[r] = terms[r]! - logZ;
  }
  mean /= n;
  return {
    bound: mean - logZ,
    low: mean - logZHigh,
    high: mean - logZLow,
    monteCarloStdError: stdError,
    perRow,
    logZ,
    ais,
    samples: S,
  };
}

function checkDbn(name: string, dbn: unknown): asserts dbn is Dbn {
  if (dbn === null || typeof dbn !== 'object' || (dbn as { kind?: unknown }).kind !== 'dbn') {
    throw new TypeError(`${name} must be a DBN (kind 'dbn'), got ${describe(dbn)}`);
  }
  const layers = (dbn as Dbn).layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new RangeError(`${name}.layers must be a non-empty array of RBMs`);
  }
  for (let l = 0; l < layers.length; l++) {
    checkRbm(`${name}.layers[${l}]`, layers[l]);
    if (l > 0 && layers[l]!.visible !== layers[l - 1]!.hidden) {
      throw new RangeError(
        `${name}.layers[${l}].visible must equal ${name}.layers[${l - 1}].hidden = ` +
          `${layers[l - 1]!.hidden}, got ${layers[l]!.visible}`,
      );
    }
  }
}

function view(data: Float64Array, rows: number, cols: number): Matrix<Float64Array> {
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}

/**
 * Column sums over the rows of X of the mean-field up-pass σ(…σ(XW_1 + b_1)… W_{L−1} + b_{L−1})
 * (the top RBM's visible layer), in blocks of 64 rows. Internal: needs L ≥ 2; no checks.
 */
function meanFieldSums(layers: readonly Rbm64[], X: Matrix): Float64Array {
  const L = layers.length;
  const n = X.rows;
  const B = Math.min(n, BLOCK);
  const sizes = [layers[0]!.p, ...layers.map((r) => r.q)];
  const MF = sizes.slice(0, L).map((s) => new Float64Array(B * s));
  const views = (bc: number) => MF.map((d, l) => view(d, bc, sizes[l]!));
  const full = views(B);
  const last = views(n - B * Math.floor((n - 1) / B));
  const top = sizes[L - 1]!;
  const sums = new Float64Array(top);
  const p = sizes[0]!;
  const m0 = MF[0]!;
  const mfTop = MF[L - 1]!;
  for (let r0 = 0; r0 < n; r0 += B) {
    const bc = Math.min(B, n - r0);
    const v = r0 + B < n ? full : last;
    for (let r = 0; r < bc; r++) for (let i = 0; i < p; i++) m0[r * p + i] = get(X, r0 + r, i);
    for (let l = 1; l < L; l++) {
      const { W, b, q } = layers[l - 1]!;
      const mf = MF[l]!;
      gemm(1, v[l - 1]!, W, 0, v[l]!);
      for (let r = 0; r < bc; r++) {
        for (let j = 0; j < q; j++) mf[r * q + j] = 1 / (1 + Math.exp(-(mf[r * q + j]! + b[j]!)));
      }
    }
    for (let r = 0; r < bc; r++) {
      for (let i = 0; i < top; i++) sums[i] = sums[i]! + mfTop[r * top + i]!;
    }
  }
  return sums;
}

/**
 * Per-row Monte Carlo estimates (mean over S samples) of the bound's expectation without −log Z_L
 * and the standard error of their average. Internal: needs L ≥ 2; no checks.
 */
function estimateTerms(
  layers: readonly Rbm64[],
  X: Matrix,
  S: number,
  rng: Stream,
): { terms: Float64Array; stdError: number } {
  const L = layers.length;
  const n = X.rows;
  const B = Math.min(n, BLOCK);
  const sizes = [layers[0]!.p, ...layers.map((r) => r.q)];
  const maxSize = Math.max(...sizes);
  // H[l], MU[l]: sampled states and posterior means q(h_l = 1 | h_{l−1}) of layer l (B × s_l)
  const H = sizes.slice(0, L).map((s) => new Float64Array(B * s));
  const MU = sizes.slice(0, L).map((s) => new Float64Array(B * s));
  const act = new Float64Array(B * maxSize);
  const Wt = layers.map((r) => transpose(r.W));
  // views of the workspaces for a block of bc rows: made once for full blocks and the last one
  const views = (bc: number) => ({
    h: H.map((d, l) => view(d, bc, sizes[l]!)),
    hFlat: H.map((d, l) => d.subarray(0, bc * sizes[l]!)),
    muFlat: MU.map((d, l) => d.subarray(0, bc * sizes[l]!)),
    act: sizes.map((s) => view(act, bc, s)),
  });
  const full = views(B);
  const last = views(n - B * Math.floor((n - 1) / B));
  const est = new Float64Array(B);
  const mean = new Float64Array(B);
  const m2 = new Float64Array(B);
  const terms = new Float64Array(n);
  const top = layers[L - 1]!;
  const p = sizes[0]!;
  const h0 = H[0]!;
  let variance = 0;
  for (let r0 = 0; r0 < n; r0 += B) {
    const bc = Math.min(B, n - r0);
    const v = r0 + B < n ? full : last;
    for (let r = 0; r < bc; r++) for (let i = 0; i < p; i++) h0[r * p + i] = get(X, r0 + r, i);
    mean.fill(0);
    m2.fill(0);
    for (let s = 0; s < S; s++) {
      est.fill(0);
      for (let l = 1; l < L; l++) {
        const { W, a, b, p: below, q } = layers[l - 1]!;
        const hb = H[l - 1]!;
        const mu = MU[l]!;
        // t = b + h_{l−1}W: add Σ_j softplus(t_j) − μ_j b_j and h_{l−1}ᵀa, then sample h_l
        gemm(1, v.h[l - 1]!, W, 0, v.act[l]!);
        for (let r = 0; r < bc; r++) {
          let sum = 0;
          for (let i = 0; i < below; i++) sum += hb[r * below + i]! * a[i]!;
          for (let j = 0; j < q; j++) {
            const bj = b[j]!;
            const t = act[r * q + j]! + bj;
            let sp: number;
            let m: number;
            if (t > 0) {
              const e = Math.exp(-t);
              sp = t + Math.log1p(e);
              m = 1 / (1 + e);
            } else {
              const e = Math.exp(t);
              sp = Math.log1p(e);
              m = e / (1 + e);
            }
            mu[r * q + j] = m;
            sum += sp - m * bj;
          }
          est[r] = est[r]! + sum;
        }
        rng.bernoulli(v.muFlat[l]!, v.hFlat[l]!);
        // − Σ_i softplus((a + W h_l)_i): the normaliser of p(h_{l−1} | h_l)
        gemm(1, v.h[l]!, Wt[l - 1]!, 0, v.act[l - 1]!);
        for (let r = 0; r < bc; r++) {
          let sum = 0;
          for (let i = 0; i < below; i++) sum += softplus(act[r * below + i]! + a[i]!);
          est[r] = est[r]! - sum;
        }
      }
      // −F_L(h_{L−1}) with its linear term averaged over q: a_Lᵀμ + Σ_k softplus(b_L + h W_L)
      const muTop = MU[L - 1]!;
      gemm(1, v.h[L - 1]!, top.W, 0, v.act[L]!);
      for (let r = 0; r < bc; r++) {
        let sum = 0;
        for (let i = 0; i < top.p; i++) sum += muTop[r * top.p + i]! * top.a[i]!;
        for (let k = 0; k < top.q; k++) sum += softplus(act[r * top.q + k]! + top.b[k]!);
        const x = est[r]! + sum;
        // Welford update of the per-row mean and sum of squared deviations
        const d = x - mean[r]!;
        mean[r] = mean[r]! + d / (s + 1);
        m2[r] = m2[r]! + d * (x - mean[r]!);
      }
    }
    for (let r = 0; r < bc; r++) {
      terms[r0 + r] = mean[r]!;
      variance += S > 1 ? m2[r]! / (S - 1) / S : Number.NaN;
    }
  }
  return { terms, stdError: Math.sqrt(variance) / n };
}
