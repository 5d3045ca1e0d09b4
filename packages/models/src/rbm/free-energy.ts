import { type FloatArray, get, type Matrix } from '@dbn/linalg';
import type { Rbm } from '../types.js';

/** softplus(x) = log(1 + eˣ), computed without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Free energy of every row v of V, in float64:
 * F(v) = −aᵀv − Σ_j softplus(b_j + (vW)_j), so that p(v) = e^{−F(v)} / Z.
 */
export function freeEnergy<T extends FloatArray>(rbm: Rbm<T>, V: Matrix<T>): Float64Array {
  const { visible: p, hidden: q, W, a, b } = rbm;
  if (V.cols !== p) throw new RangeError(`V must have ${p} columns, got ${V.cols}`);
  const out = new Float64Array(V.rows);
  const act = new Float64Array(q);
  const Wd = W.data;
  for (let r = 0; r < V.rows; r++) {
    let lin = 0;
    act.set(b);
    for (let i = 0; i < p; i++) {
      const vi = get(V, r, i);
      if (vi === 0) continue;
      lin += a[i]! * vi;
      const base = W.offset + i * W.rowStride;
      for (let j = 0; j < q; j++) act[j] = act[j]! + vi * Wd[base + j * W.colStride]!;
    }
    let s = 0;
    for (let j = 0; j < q; j++) s += softplus(act[j]!);
    out[r] = -lin - s;
  }
  return out;
}
