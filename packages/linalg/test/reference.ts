import type { DType, FloatArray, Matrix } from '@dbn/linalg';

/** Naive float64 references and small helpers shared by the tests (not a test file itself). */

/** A as a row-major float64 array (rows·cols). */
export function toF64(a: Matrix): Float64Array {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      out[i * a.cols + j] = a.data[a.offset + i * a.rowStride + j * a.colStride]!;
    }
  }
  return out;
}

/** Element (i, j) of a view. */
export function at(a: Matrix, i: number, j: number): number {
  return a.data[a.offset + i * a.rowStride + j * a.colStride]!;
}

/** Reference α·A·B + β·C in float64 plus the error scale |α|·Σ|a||b| + |β·c| per element. */
export function gemmRef(
  alpha: number,
  a: Matrix,
  b: Matrix,
  beta: number,
  c: Matrix,
): { value: Float64Array; scale: Float64Array } {
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let sa = 0;
      for (let p = 0; p < k; p++) {
        const x = at(a, i, p) * at(b, p, j);
        s += x;
        sa += Math.abs(x);
      }
      const c0 = beta === 0 ? 0 : beta * at(c, i, j);
      value[i * n + j] = alpha * s + c0;
      scale[i * n + j] = Math.abs(alpha) * sa + Math.abs(c0);
    }
  }
  return { value, scale };
}

/** Unit roundoff of the element type with a small safety factor, for relative tolerances. */
export function tolerance(dtype: DType): number {
  return dtype === 'f64' ? 1e-13 : 1e-6;
}

/** The element type of a typed array. */
export function dtypeOfArray(x: FloatArray): DType {
  return x instanceof Float64Array ? 'f64' : 'f32';
}

/** A copy of the bytes of x's whole buffer region (to compare bit for bit later). */
export function bytesOf(x: ArrayBufferView): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice();
}

/** True when the bytes of x equal a snapshot taken with bytesOf. */
export function sameBytes(x: ArrayBufferView, snapshot: Uint8Array): boolean {
  const now = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  if (now.length !== snapshot.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== snapshot[i]) return false;
  return true;
}

/** Indices of data that a view does not cover (its gaps, offset and tail). */
export function outsideView(a: Matrix): number[] {
  const inside = new Set<number>();
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) inside.add(a.offset + i * a.rowStride + j * a.colStride);
  }
  const out: number[] = [];
  for (let q = 0; q < a.data.length; q++) if (!inside.has(q)) out.push(q);
  return out;
}

/** A deterministic, irregular fill for large cases (values in (−1, 1), no structure). */
export function filled(rows: number, cols: number, dtype: DType, seed: number): Matrix {
  const data = dtype === 'f64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let q = 0; q < data.length; q++) data[q] = Math.sin(q * 0.7548776662 + seed * 1.3) ** 3;
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}
