import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkMatrix, checkSameType, spanHi, spanLo } from './validate.js';
import {
  align,
  contextFor,
  copyLength,
  getBackend,
  ownContext,
  placedLength,
  placeIn,
  reserve,
  type WasmContext,
} from './wasm/backend.js';

/**
 * Elements copied into WebAssembly memory at most for a float32 squared error on the 'wasm'
 * backend (16 MiB): larger non-resident operands are summed by the TypeScript code instead of
 * growing the memory for one call.
 */
const MAX_COPY = 4 << 20;

const VIEW_A = new Int32Array(3);
const VIEW_B = new Int32Array(3);

/**
 * The wasm kernel's Σ (A − B)² (asm/reduce.ts, unit column strides): in the arena holding A or B
 * (operands inside it used in place, the other copied into its free memory), else (or when that
 * arena has no room) in the backend's own memory with both copied; undefined when a placed
 * operand would not have unit column stride or more than MAX_COPY elements would be copied, for
 * the TypeScript code.
 */
function squaredErrorWasm(A: Matrix<Float32Array>, B: Matrix<Float32Array>): number | undefined {
  const arena = contextFor(A.data, B.data);
  if (arena !== undefined) {
    const sum = squaredErrorIn(arena, A, B);
    if (sum !== null) return sum;
  }
  return squaredErrorIn(ownContext(), A, B) ?? undefined;
}

/** The column stride of A as placeIn makes it readable in `ctx` (resident, span copy, gather). */
function placedColumnStride(ctx: WasmContext, a: Matrix<Float32Array>): number {
  if (a.data.buffer === ctx.memory.buffer) return a.colStride;
  return copyLength(a) === spanHi(a) - spanLo(a) + 1 ? a.colStride : 1;
}

/**
 * squaredErrorWasm in one context: the sum; undefined when the operands cannot be placed with
 * unit column strides or exceed MAX_COPY (no other memory helps); null when `ctx` has no room.
 */
function squaredErrorIn(
  ctx: WasmContext,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
): number | null | undefined {
  if (placedColumnStride(ctx, A) !== 1 || placedColumnStride(ctx, B) !== 1) return undefined;
  const lengthA = placedLength(ctx, A);
  const lengthB = placedLength(ctx, B);
  if (lengthA + lengthB > MAX_COPY) return undefined;
  const atA = align(ctx.scratch);
  const atB = align(atA + 4 * lengthA);
  if (!reserve(ctx, atB + 4 * lengthB)) return null;
  placeIn(ctx, A, atA >> 2, VIEW_A);
  placeIn(ctx, B, atB >> 2, VIEW_B);
  return ctx.kernels.squaredError(
    4 * VIEW_A[0]!,
    4 * VIEW_A[1]!,
    4 * VIEW_B[0]!,
    4 * VIEW_B[1]!,
    A.rows,
    A.cols,
  );
}

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
 * order of squaredError32 above, independent of the strides), which the 'wasm' backend computes
 * with a WebAssembly SIMD kernel giving the same bits: in place on operands resident in an arena
 * (see createArena), on copies of the others.
 */
export function squaredError<T extends FloatArray>(A: Matrix<T>, B: Matrix<T>): number {
  checkMatrix('A', A);
  checkMatrix('B', B);
  checkSameType('B.data', B.data, 'A.data', A.data);
  checkEqual('B.rows', B.rows, 'A.rows', A.rows);
  checkEqual('B.cols', B.cols, 'A.cols', A.cols);
  const { rows, cols } = A;
  if (A.data instanceof Float32Array) {
    if (rows > 0 && cols > 0 && getBackend() === 'wasm') {
      const sum = squaredErrorWasm(A as Matrix<Float32Array>, B as Matrix<Float32Array>);
      if (sum !== undefined) return sum;
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
