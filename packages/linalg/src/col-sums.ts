import type { FloatArray, Matrix } from './matrix.js';
import {
  checkEqual,
  checkFloatArray,
  checkMatrix,
  checkSameType,
  checkScalar,
  overlaps,
  spanHi,
  spanLo,
} from './validate.js';
import { arenaOfAll } from './wasm/backend.js';

/** float64 column accumulators, grown when needed and reused. */
let acc = new Float64Array(64);

function sums32(a: Float32Array, ao: number, ars: number, acs: number, m: number, n: number) {
  if (acc.length < n) acc = new Float64Array(Math.max(n, 2 * acc.length));
  const s = acc;
  if (Math.abs(ars) < Math.abs(acs)) {
    // columns are the contiguous direction: one running sum per column
    for (let j = 0; j < n; j++) {
      let ai = ao + j * acs;
      let t = 0;
      for (let i = 0; i < m; i++) {
        t += a[ai]!;
        ai += ars;
      }
      s[j] = t;
    }
  } else {
    for (let j = 0; j < n; j++) s[j] = 0;
    for (let i = 0; i < m; i++) {
      let ai = ao + i * ars;
      for (let j = 0; j < n; j++) {
        s[j] += a[ai]!;
        ai += acs;
      }
    }
  }
  return s;
}

function sums64(a: Float64Array, ao: number, ars: number, acs: number, m: number, n: number) {
  if (acc.length < n) acc = new Float64Array(Math.max(n, 2 * acc.length));
  const s = acc;
  if (Math.abs(ars) < Math.abs(acs)) {
    for (let j = 0; j < n; j++) {
      let ai = ao + j * acs;
      let t = 0;
      for (let i = 0; i < m; i++) {
        t += a[ai]!;
        ai += ars;
      }
      s[j] = t;
    }
  } else {
    for (let j = 0; j < n; j++) s[j] = 0;
    for (let i = 0; i < m; i++) {
      let ai = ao + i * ars;
      for (let j = 0; j < n; j++) {
        s[j] += a[ai]!;
        ai += acs;
      }
    }
  }
  return s;
}

function store32(s: Float64Array, alpha: number, beta: number, out: Float32Array, n: number) {
  for (let j = 0; j < n; j++) out[j] = beta === 0 ? alpha * s[j]! : alpha * s[j]! + beta * out[j]!;
}

function store64(s: Float64Array, alpha: number, beta: number, out: Float64Array, n: number) {
  for (let j = 0; j < n; j++) out[j] = beta === 0 ? alpha * s[j]! : alpha * s[j]! + beta * out[j]!;
}

/**
 * Column sums, out[j] ← α·Σ_i A[i,j] + β·out[j], for A of any strides and out of length A.cols
 * (same element type); sums are accumulated in float64, rows in the order i = 0, 1, …, and for
 * float32 the scaling α·s + β·out[j] is float64, rounded once. When β = 0 the old out is ignored
 * (even NaN). out must not share memory with A (checked). Returns out. On the 'wasm' backend,
 * float32 A (unit column stride) and out resident in one arena (see createArena) run in a
 * WebAssembly SIMD kernel with the same arithmetic in the same order: the same bits.
 */
export function colSums<T extends FloatArray>(
  alpha: number,
  A: Matrix<T>,
  beta: number,
  out: T,
): T {
  checkScalar('alpha', alpha);
  checkMatrix('A', A);
  checkScalar('beta', beta);
  checkFloatArray('out', out);
  checkSameType('out', out, 'A.data', A.data);
  checkEqual('out.length', out.length, 'A.cols', A.cols);
  const m = A.rows;
  const n = A.cols;
  if (n === 0) return out;
  if (m > 0) {
    const lo = spanLo(A);
    const hi = spanHi(A);
    if (overlaps(out, 0, n - 1, A.data, lo, hi)) {
      throw new RangeError('out must not share memory with A');
    }
  }
  const { data, offset, rowStride, colStride } = A;
  if (out instanceof Float32Array) {
    if (colStride === 1) {
      const ctx = arenaOfAll(out, data);
      if (ctx !== undefined) {
        ctx.kernels.colSums(
          data.byteOffset + 4 * offset,
          4 * rowStride,
          m,
          n,
          alpha,
          beta,
          out.byteOffset,
        );
        return out;
      }
    }
    store32(sums32(data as Float32Array, offset, rowStride, colStride, m, n), alpha, beta, out, n);
  } else {
    const s = sums64(data as Float64Array, offset, rowStride, colStride, m, n);
    store64(s, alpha, beta, out as Float64Array, n);
  }
  return out;
}
