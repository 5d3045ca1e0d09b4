// Shared helpers of the likelihood tests: random small RBMs/DBNs and brute-force references that
// enumerate every joint state (tiny models only).
import { fromArray, type Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import fc from 'fast-check';
import type { Dbn, Rbm } from '../src/index.js';
import { allBinary, energy, logSumExp, rbm64 } from './helpers.js';

/** Tiny float64 RBMs (p ≤ maxP, q ≤ maxQ) with weights and biases in [−scale, scale]. */
export function rbmArb(maxP: number, maxQ: number, scale: number, minP = 1, minQ = 1) {
  const value = fc.double({ min: -scale, max: scale, noNaN: true });
  return fc
    .record({ p: fc.integer({ min: minP, max: maxP }), q: fc.integer({ min: minQ, max: maxQ }) })
    .chain(({ p, q }) =>
      fc.record({
        p: fc.constant(p),
        q: fc.constant(q),
        W: fc.array(value, { minLength: p * q, maxLength: p * q }),
        a: fc.array(value, { minLength: p, maxLength: p }),
        b: fc.array(value, { minLength: q, maxLength: q }),
      }),
    )
    .map(({ p, q, W, a, b }) => rbm64(p, q, W, a, b));
}

/** A float64 RBM with W ~ N(0, wStd²) and biases ~ N(0, biasStd²) drawn from `rng`. */
export function randomRbm(
  rng: Stream,
  p: number,
  q: number,
  wStd: number,
  biasStd = wStd,
): Rbm<Float64Array> {
  const W = rng.fillNormal(new Float64Array(p * q), 0, wStd);
  const a = rng.fillNormal(new Float64Array(p), 0, biasStd);
  const b = rng.fillNormal(new Float64Array(q), 0, biasStd);
  return { kind: 'rbm', visible: p, hidden: q, W: fromArray(p, q, W), a, b };
}

/** n random binary rows of width p (each bit 1 with probability `density`). */
export function randomBinary(
  rng: Stream,
  n: number,
  p: number,
  density = 0.5,
): Matrix<Float64Array> {
  return fromArray(n, p, rng.fillBernoulli(new Float64Array(n * p), density));
}

/** log Z = log Σ_{v,h} e^{−E(v,h)} by enumerating both layers (p + q ≤ ~16). */
export function bruteLogZ(r: Rbm<Float64Array>): number {
  const V = allBinary(r.visible);
  const H = allBinary(r.hidden);
  const terms = new Float64Array(V.rows * H.rows);
  for (let x = 0; x < V.rows; x++) {
    const v = V.data.subarray(x * r.visible, (x + 1) * r.visible);
    for (let y = 0; y < H.rows; y++) {
      terms[x * H.rows + y] = -energy(r, v, H.data.subarray(y * r.hidden, (y + 1) * r.hidden));
    }
  }
  return logSumExp(terms);
}

/** The same RBM with its layers swapped: visible ↔ hidden, W → Wᵀ, a ↔ b (same Z). */
export function swapLayers(r: Rbm<Float64Array>): Rbm<Float64Array> {
  const { visible: p, hidden: q } = r;
  const Wt = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) Wt[j * p + i] = r.W.data[i * q + j]!;
  return {
    kind: 'rbm',
    visible: q,
    hidden: p,
    W: fromArray(q, p, Wt),
    a: r.b.slice(),
    b: r.a.slice(),
  };
}

/** A float32 copy of a float64 RBM, and the float64 RBM holding exactly the float32 values. */
export function toF32(r: Rbm<Float64Array>): { f32: Rbm<Float32Array>; f64: Rbm<Float64Array> } {
  const f32: Rbm<Float32Array> = {
    kind: 'rbm',
    visible: r.visible,
    hidden: r.hidden,
    W: fromArray(r.visible, r.hidden, Float32Array.from(r.W.data)),
    a: Float32Array.from(r.a),
    b: Float32Array.from(r.b),
  };
  const f64: Rbm<Float64Array> = {
    kind: 'rbm',
    visible: r.visible,
    hidden: r.hidden,
    W: fromArray(r.visible, r.hidden, Float64Array.from(f32.W.data)),
    a: Float64Array.from(f32.a),
    b: Float64Array.from(f32.b),
  };
  return { f32, f64 };
}

/** Bit-for-bit snapshot of every array of an RBM. */
export function rbmArrays(r: Rbm): number[][] {
  return [Array.from(r.W.data), Array.from(r.a), Array.from(r.b)];
}

const log1pexp = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** log Π_i Bernoulli(x_i; σ(s_i)) = Σ_i x_i s_i − softplus(s_i). */
function logBernoulli(x: ArrayLike<number>, s: ArrayLike<number>): number {
  let l = 0;
  for (let i = 0; i < x.length; i++) l += x[i]! * s[i]! - log1pexp(s[i]!);
  return l;
}

/** b + uW for a row vector u (W visible × hidden of `r`). */
function up(r: Rbm<Float64Array>, u: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(r.b);
  for (let i = 0; i < r.visible; i++) {
    if (u[i] === 0) continue;
    for (let j = 0; j < r.hidden; j++) out[j] = out[j]! + u[i]! * r.W.data[i * r.hidden + j]!;
  }
  return out;
}

/** a + W h for a hidden vector h. */
function down(r: Rbm<Float64Array>, h: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(r.a);
  for (let i = 0; i < r.visible; i++) {
    for (let j = 0; j < r.hidden; j++) out[i] = out[i]! + r.W.data[i * r.hidden + j]! * h[j]!;
  }
  return out;
}

/** −F(v) = aᵀv + Σ_j softplus(b_j + (vW)_j). */
function negFreeEnergy(r: Rbm<Float64Array>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.visible; i++) s += r.a[i]! * v[i]!;
  for (const t of up(r, v)) s += log1pexp(t);
  return s;
}

/**
 * The DBN variational bound of one row v by enumerating every hidden layer below the top:
 * E_q[−F_L(h_{L−1}) − log Z_L + Σ_{l<L} log p(h_{l−1}|h_l) − log q(h_l|h_{l−1})], with q the
 * factorial recognition model. L = 1 gives −F_1(v) − log Z_1.
 */
export function bruteDbnBound(
  dbn: Dbn<Float64Array>,
  v: ArrayLike<number>,
  topLogZ: number,
): number {
  const L = dbn.layers.length;
  const rec = (l: number, below: ArrayLike<number>): number => {
    if (l === L) return negFreeEnergy(dbn.layers[L - 1]!, below) - topLogZ;
    const r = dbn.layers[l - 1]!;
    const t = up(r, below);
    const H = allBinary(r.hidden);
    let total = 0;
    for (let y = 0; y < H.rows; y++) {
      const h = H.data.subarray(y * r.hidden, (y + 1) * r.hidden);
      const logq = logBernoulli(h, t);
      const value = logBernoulli(below, down(r, h)) - logq + rec(l + 1, h);
      total += Math.exp(logq) * value;
    }
    return total;
  };
  return rec(1, v);
}

/** Exact log p(v) of a two-layer DBN: log Σ_h p(v|h) e^{−F_2(h)}/Z_2. */
export function bruteDbn2LogP(
  dbn: Dbn<Float64Array>,
  v: ArrayLike<number>,
  topLogZ: number,
): number {
  const [r1, r2] = dbn.layers as [Rbm<Float64Array>, Rbm<Float64Array>];
  const H = allBinary(r1.hidden);
  const terms = new Float64Array(H.rows);
  for (let y = 0; y < H.rows; y++) {
    const h = H.data.subarray(y * r1.hidden, (y + 1) * r1.hidden);
    terms[y] = logBernoulli(v, down(r1, h)) + negFreeEnergy(r2, h) - topLogZ;
  }
  return logSumExp(terms);
}
