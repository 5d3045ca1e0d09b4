import { fromArray, type Matrix } from '@dbn/linalg';
import type { Rbm } from '../src/index.js';

/** All 2^n binary vectors of length n as rows of a float64 matrix (row r = bits of r). */
export function allBinary(n: number): Matrix<Float64Array> {
  const rows = 1 << n;
  const data = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) data[r * n + i] = (r >> i) & 1;
  return fromArray(rows, n, data);
}

/** A float64 RBM with the given weights (row-major visible × hidden) and biases. */
export function rbm64(
  p: number,
  q: number,
  W: number[],
  a: number[],
  b: number[],
): Rbm<Float64Array> {
  return {
    kind: 'rbm',
    visible: p,
    hidden: q,
    W: fromArray(p, q, Float64Array.from(W)),
    a: Float64Array.from(a),
    b: Float64Array.from(b),
  };
}

/** Energy E(v, h) = −aᵀv − bᵀh − vᵀWh. */
export function energy(r: Rbm<Float64Array>, v: ArrayLike<number>, h: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < r.visible; i++) e -= r.a[i]! * v[i]!;
  for (let j = 0; j < r.hidden; j++) e -= r.b[j]! * h[j]!;
  for (let i = 0; i < r.visible; i++)
    for (let j = 0; j < r.hidden; j++) e -= v[i]! * r.W.data[i * r.hidden + j]! * h[j]!;
  return e;
}

/** log Σ exp(x_i), stable. */
export function logSumExp(xs: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]!);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]! - m);
  return m + Math.log(s);
}

/** Exact p(v) of a tiny RBM over all 2^p visible states (index r = bits of r), by enumeration. */
export function exactVisibleDistribution(r: Rbm<Float64Array>): Float64Array {
  const V = allBinary(r.visible);
  const H = allBinary(r.hidden);
  const logUnnorm = new Float64Array(V.rows);
  for (let x = 0; x < V.rows; x++) {
    const v = V.data.subarray(x * r.visible, (x + 1) * r.visible);
    const terms = new Float64Array(H.rows);
    for (let y = 0; y < H.rows; y++)
      terms[y] = -energy(r, v, H.data.subarray(y * r.hidden, (y + 1) * r.hidden));
    logUnnorm[x] = logSumExp(terms);
  }
  const logZ = logSumExp(logUnnorm);
  return logUnnorm.map((l) => Math.exp(l - logZ));
}

/** σ(x) in float64. */
export const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/** Bit-for-bit snapshot of typed arrays, for "inputs never change" checks. */
export function snapshot(arrays: ArrayLike<number>[]): number[][] {
  return arrays.map((a) => Array.from(a));
}
