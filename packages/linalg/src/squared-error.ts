import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkMatrix, checkSameType } from './validate.js';
import { arenaOfAll } from './wasm/backend.js';

/**
 * Σ (A − B)² for float32 in the fixed order of the wasm kernel squaredError (asm/reduce.ts):
 * element (i, j) goes to the partial sum ℓ_(j mod 8), rows then columns in order, and the result is
 * ((ℓ0 + ℓ2) + (ℓ4 + ℓ6)) + ((ℓ1 + ℓ3) + (ℓ5 + ℓ7)), so both paths give the same bits.
 */
function squaredError32(
  a: Float32Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float32Array,
  bo: number,
  brs: number,
  bcs: number,
  m: number,
  n: number,
): number {
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let l4 = 0;
  let l5 = 0;
  let l6 = 0;
  let l7 = 0;
  const n8 = n & ~7;
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let bi = bo + i * brs;
    let j = 0;
    for (; j < n8; j += 8) {
      let d = a[ai]! - b[bi]!;
      l0 += d * d;
      d = a[ai + acs]! - b[bi + bcs]!;
      l1 += d * d;
      d = a[ai + 2 * acs]! - b[bi + 2 * bcs]!;
      l2 += d * d;
      d = a[ai + 3 * acs]! - b[bi + 3 * bcs]!;
      l3 += d * d;
      d = a[ai + 4 * acs]! - b[bi + 4 * bcs]!;
      l4 += d * d;
      d = a[ai + 5 * acs]! - b[bi + 5 * bcs]!;
      l5 += d * d;
      d = a[ai + 6 * acs]! - b[bi + 6 * bcs]!;
      l6 += d * d;
      d = a[ai + 7 * acs]! - b[bi + 7 * bcs]!;
      l7 += d * d;
      ai += 8 * acs;
      bi += 8 * bcs;
    }
    // 0 to 7 columns left: the tail starts at a multiple of 8, so at lane 0
    for (; j < n; j++) {
      const d = a[ai]! - b[bi]!;
      const q = d * d;
      switch (j & 7) {
        case 0:
          l0 += q;
          break;
        case 1:
          l1 += q;
          break;
        case 2:
          l2 += q;
          break;
        case 3:
          l3 += q;
          break;
        case 4:
          l4 += q;
          break;
        case 5:
          l5 += q;
          break;
        default:
          l6 += q;
      }
      ai += acs;
      bi += bcs;
    }
  }
  return l0 + l2 + (l4 + l6) + (l1 + l3 + (l5 + l7));
}

function squaredError64(
  a: Float64Array,
  ao: number,
  ars: number,
  acs: number,
  b: Float64Array,
  bo: number,
  brs: number,
  bcs: number,
  m: number,
  n: number,
): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let ai = ao + i * ars;
    let bi = bo + i * brs;
    for (let j = 0; j < n; j++) {
      const d = a[ai]! - b[bi]!;
      s += d * d;
      ai += acs;
      bi += bcs;
    }
  }
  return s;
}

/**
 * Sum of squared differences, Σ_{i,j} (A[i,j] − B[i,j])², for two matrices of one shape and
 * element type (any strides); differences, squares and the sum are computed in float64. float64
 * elements are summed in row-major order; float32 ones in eight partial sums by column mod 8 (the
 * order of squaredError32 above, independent of the strides), which the 'wasm' backend also uses
 * for float32 operands resident in one arena (see createArena) with unit column strides: a
 * WebAssembly SIMD kernel giving the same bits.
 */
export function squaredError<T extends FloatArray>(A: Matrix<T>, B: Matrix<T>): number {
  checkMatrix('A', A);
  checkMatrix('B', B);
  checkSameType('B.data', B.data, 'A.data', A.data);
  checkEqual('B.rows', B.rows, 'A.rows', A.rows);
  checkEqual('B.cols', B.cols, 'A.cols', A.cols);
  const { rows, cols } = A;
  if (A.data instanceof Float32Array) {
    if (A.colStride === 1 && B.colStride === 1) {
      const ctx = arenaOfAll(A.data, B.data);
      if (ctx !== undefined) {
        return ctx.kernels.squaredError(
          A.data.byteOffset + 4 * A.offset,
          4 * A.rowStride,
          B.data.byteOffset + 4 * B.offset,
          4 * B.rowStride,
          rows,
          cols,
        );
      }
    }
    return squaredError32(
      A.data,
      A.offset,
      A.rowStride,
      A.colStride,
      B.data as Float32Array,
      B.offset,
      B.rowStride,
      B.colStride,
      rows,
      cols,
    );
  }
  return squaredError64(
    A.data as Float64Array,
    A.offset,
    A.rowStride,
    A.colStride,
    B.data as Float64Array,
    B.offset,
    B.rowStride,
    B.colStride,
    rows,
    cols,
  );
}
