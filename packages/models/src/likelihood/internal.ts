// Internal helpers of the likelihood estimators: argument checks and float64 copies. Not exported
// from the package.
import { describe, type FloatArray, get, type Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import type { Rbm } from '../types.js';

/** The float64 parameters of an RBM: W (visible × hidden, contiguous row-major), a and b. */
export interface Rbm64 {
  readonly p: number;
  readonly q: number;
  readonly W: Matrix<Float64Array>;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/**
 * Throws TypeError/RangeError unless `rbm` is a well-formed RBM with finite parameters:
 * kind 'rbm', positive integer sizes, W of shape visible × hidden, a and b of matching lengths.
 */
export function checkRbm(name: string, rbm: unknown): asserts rbm is Rbm {
  if (rbm === null || typeof rbm !== 'object' || (rbm as { kind?: unknown }).kind !== 'rbm') {
    throw new TypeError(`${name} must be an RBM (kind 'rbm'), got ${describe(rbm)}`);
  }
  const r = rbm as Rbm;
  for (const field of ['visible', 'hidden'] as const) {
    const n = r[field];
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`${name}.${field} must be a positive integer, got ${n}`);
    }
  }
  const W = r.W;
  if (W === null || typeof W !== 'object' || !isFloatArray(W.data)) {
    throw new TypeError(`${name}.W must be a Matrix of a Float32Array or Float64Array`);
  }
  if (W.rows !== r.visible || W.cols !== r.hidden) {
    throw new RangeError(
      `${name}.W must be ${r.visible}×${r.hidden} (visible × hidden), got ${W.rows}×${W.cols}`,
    );
  }
  for (const [field, n] of [
    ['a', r.visible],
    ['b', r.hidden],
  ] as const) {
    const v = r[field];
    if (!isFloatArray(v)) {
      throw new TypeError(
        `${name}.${field} must be a Float32Array or Float64Array, got ${describe(v)}`,
      );
    }
    if (v.length !== n)
      throw new RangeError(`${name}.${field} must have length ${n}, got ${v.length}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i]!)) {
        throw new RangeError(
          `${name}.${field} must be finite, got ${name}.${field}[${i}] = ${v[i]}`,
        );
      }
    }
  }
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < W.cols; j++) {
      const w = get(W, i, j);
      if (!Number.isFinite(w)) {
        throw new RangeError(`${name}.W must be finite, got ${name}.W[${i}, ${j}] = ${w}`);
      }
    }
  }
}

function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

/** Throws TypeError unless `rng` looks like a Stream from @dbn/random. */
export function checkStream(name: string, rng: unknown): asserts rng is Stream {
  if (
    rng === null ||
    typeof rng !== 'object' ||
    typeof (rng as Stream).bernoulli !== 'function' ||
    typeof (rng as Stream).derive !== 'function'
  ) {
    throw new TypeError(`${name} must be a Stream from @dbn/random, got ${describe(rng)}`);
  }
}

/** Throws unless `X` is a non-empty matrix with `cols` columns whose entries are in `kind`. */
export function checkRows(name: string, X: unknown, cols: number, kind: 'binary' | 'unit'): void {
  const m = X as Matrix;
  if (m === null || typeof m !== 'object' || !isFloatArray(m.data)) {
    throw new TypeError(`${name} must be a Matrix of a Float32Array or Float64Array`);
  }
  if (m.cols !== cols) {
    throw new RangeError(`${name} must have ${cols} columns, got ${m.rows}×${m.cols}`);
  }
  if (!Number.isInteger(m.rows) || m.rows < 1) {
    throw new RangeError(`${name} must have at least one row, got ${m.rows}`);
  }
  for (let r = 0; r < m.rows; r++) {
    for (let i = 0; i < cols; i++) {
      const x = get(m, r, i);
      const ok = kind === 'binary' ? x === 0 || x === 1 : x >= 0 && x <= 1;
      if (!ok) {
        throw new RangeError(
          `${name} must hold ${kind === 'binary' ? '0/1 values' : 'values in [0, 1]'}, got ${name}[${r}, ${i}] = ${x}`,
        );
      }
    }
  }
}

/** Float64 copies of an RBM's parameters (W contiguous row-major). Internal: no checks. */
export function toRbm64(rbm: Rbm): Rbm64 {
  const { visible: p, hidden: q, W } = rbm;
  const data = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) data[i * q + j] = get(W, i, j);
  return {
    p,
    q,
    W: { data, rows: p, cols: q, rowStride: q, colStride: 1, offset: 0 },
    a: Float64Array.from(rbm.a),
    b: Float64Array.from(rbm.b),
  };
}

/** log Σ_i e^{x_i} over x[0..n), shifted by the maximum (−∞ for n = 0). Internal. */
export function logSumExp(x: Float64Array, n = x.length): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (x[i]! > m) m = x[i]!;
  if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(x[i]! - m);
  return m + Math.log(s);
}
