import type { Matrix } from '../matrix.js';
import { binaryRowsParallel, binaryShares } from '../parallel/rows-parallel.js';
import {
  align,
  contextFor,
  ownContext,
  placedLength,
  placeIn,
  reserve,
  type WasmContext,
} from './backend.js';

/*
 * Driver of the WebAssembly binary-gather kernel (asm/binary.ts) for float32: the index lists, B
 * and C are used in place when they live in the memory of the instance the call runs on (an
 * arena's, see src/arena.ts), else copied into its scratch (B and C as row-major copies when
 * their column stride is not 1), and C is copied back when it was copied in.
 */

const VIEW = new Int32Array(3);

/** True when a typed array lives in the context's memory. */
function inside(ctx: WasmContext, x: ArrayBufferView): boolean {
  return x.buffer === ctx.memory.buffer;
}

/** One set of index lists and the matrix whose rows they select. */
export interface ListSet {
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  readonly B: Matrix<Float32Array>;
}

/**
 * C ← α·(Σ rows of B selected by `first`'s lists − Σ rows selected by `second`'s) + β·C on the
 * WebAssembly backend (see binary-gather.ts), for C with `rows` rows: `scatter` picks the
 * row-by-row kernel for short lists (Aᵀ·B), else the column-block kernel (A·B; no second set).
 * False when the call needs more memory than the backend addresses. Expects validated
 * arguments, rows, n ≥ 1 and α ≠ 0.
 */
export function binaryGatherWasm(
  alpha: number,
  rows: number,
  first: ListSet,
  second: ListSet | undefined,
  beta: number,
  C: Matrix<Float32Array>,
  scatter: boolean,
): boolean {
  const ctx = contextFor(C.data, first.B.data, first.idx);
  if (ctx !== undefined && gatherIn(ctx, alpha, rows, first, second, beta, C, scatter)) return true;
  return gatherIn(ownContext(), alpha, rows, first, second, beta, C, scatter);
}

/** Bytes a list set needs in the context's scratch (0 when lists and B are resident). */
function setBytes(ctx: WasmContext, rows: number, set: ListSet): number {
  const lists =
    inside(ctx, set.ptr) && inside(ctx, set.idx) ? 0 : 4 * (rows + 1 + set.ptr[rows]!) + 64;
  const { B } = set;
  const b = 4 * (B.colStride === 1 ? placedLength(ctx, B) : B.rows * B.cols);
  return align(lists) + align(b) + 64;
}

const PLACED = new Float64Array(4);

/**
 * Places a list set at byte `at` of the context's scratch (copying what is not resident):
 * PLACED ← [ptr, idx, B address (bytes), B row stride (bytes)].
 */
function placeSet(ctx: WasmContext, rows: number, set: ListSet, at: number): void {
  const { ptr, idx, B } = set;
  const { f32, i32 } = ctx;
  let q = align(at);
  if (inside(ctx, ptr) && inside(ctx, idx)) {
    PLACED[0] = ptr.byteOffset;
    PLACED[1] = idx.byteOffset;
  } else {
    const nnz = ptr[rows]!;
    i32.set(ptr.subarray(0, rows + 1), q >> 2);
    PLACED[0] = q;
    q = align(q + 4 * (rows + 1));
    i32.set(idx.subarray(0, nnz), q >> 2);
    PLACED[1] = q;
    q = align(q + 4 * nnz);
  }
  q = align(q);
  if (B.colStride === 1) {
    placeIn(ctx, B, q >> 2, VIEW);
    PLACED[2] = 4 * VIEW[0]!;
    PLACED[3] = 4 * VIEW[1]!;
  } else {
    const { data, rows: k, cols: n, offset, rowStride: rs, colStride: cs } = B;
    let w = q >> 2;
    for (let p = 0; p < k; p++) {
      let s = offset + p * rs;
      for (let j = 0; j < n; j++) {
        f32[w++] = data[s]!;
        s += cs;
      }
    }
    PLACED[2] = q;
    PLACED[3] = 4 * n;
  }
}

/** The kernel arguments of gatherIn, in ROWS_ARGS order (rows-parallel.ts); reused. */
const ARGS = new Int32Array(15);

/**
 * Shares of a threaded run of the binary kernel (0: one thread): when threads are on, the lists,
 * B and C all live in `ctx`'s shared arena, and the adds (list entries · columns) pay for the
 * hand-off.
 */
function rowShares(
  ctx: WasmContext,
  rows: number,
  n: number,
  first: ListSet,
  second: ListSet | undefined,
  cInPlace: boolean,
): number {
  if (ctx.id === 0 || !cInPlace || rows < 2) return 0;
  const resident = (set: ListSet) =>
    inside(ctx, set.ptr) &&
    inside(ctx, set.idx) &&
    inside(ctx, set.B.data) &&
    set.B.colStride === 1;
  if (!resident(first) || (second !== undefined && !resident(second))) return 0;
  const adds = (first.ptr[rows]! + (second ? second.ptr[rows]! : 0)) * n;
  return binaryShares(rows, adds);
}

function gatherIn(
  ctx: WasmContext,
  alpha: number,
  rows: number,
  first: ListSet,
  second: ListSet | undefined,
  beta: number,
  C: Matrix<Float32Array>,
  scatter: boolean,
): boolean {
  const n = C.cols;
  const cInPlace = C.colStride === 1 && inside(ctx, C.data);
  // layout (bytes): tmp (a 128-byte block buffer per share of a threaded job, else one) | the
  // kernels' row offsets of each set (one i32 per list entry) | first set | second set | C copy
  const shares = rowShares(ctx, rows, n, first, second, cInPlace);
  const tmp = align(ctx.scratch);
  const offs1 = tmp + 128 * Math.max(1, shares);
  const offs2 = align(offs1 + 4 * first.ptr[rows]!);
  const at1 = align(offs2 + (second ? 4 * second.ptr[rows]! : 0));
  const at2 = align(at1 + setBytes(ctx, rows, first));
  const pC = align(at2 + (second ? setBytes(ctx, rows, second) : 0));
  const end = pC + (cInPlace ? 0 : 4 * rows * n);
  if (!reserve(ctx, end)) return false;
  const { f32 } = ctx;
  placeSet(ctx, rows, first, at1);
  const [ptr1, idx1, b1, ldb1] = PLACED;
  let ptr2 = 0;
  let idx2 = 0;
  let b2 = 0;
  let ldb2 = 0;
  if (second) {
    placeSet(ctx, rows, second, at2);
    [ptr2, idx2, b2, ldb2] = PLACED as unknown as [number, number, number, number];
  }

  const c = C.data;
  const { offset: co, rowStride: crs, colStride: ccs } = C;
  let cAt = pC;
  let ldc = 4 * n;
  if (cInPlace) {
    cAt = 4 * ((c.byteOffset >> 2) + co);
    ldc = 4 * crs;
  } else if (beta !== 0) {
    const c0 = pC >> 2;
    for (let i = 0; i < rows; i++) {
      let s = co + i * crs;
      for (let j = 0; j < n; j++) {
        f32[c0 + i * n + j] = c[s]!;
        s += ccs;
      }
    }
  }
  if (shares > 1) {
    // the kernel's integer arguments, for the pool's control block
    const args = ARGS;
    args[0] = rows;
    args[1] = ptr1!;
    args[2] = idx1!;
    args[3] = b1!;
    args[4] = ldb1!;
    args[5] = ptr2;
    args[6] = idx2;
    args[7] = b2;
    args[8] = ldb2;
    args[9] = n;
    args[10] = cAt;
    args[11] = ldc;
    args[12] = tmp;
    args[13] = offs1;
    args[14] = offs2;
    binaryRowsParallel(ctx, scatter, shares, args, alpha, beta);
  } else if (scatter) {
    ctx.kernels.binaryScatter(
      rows,
      ptr1!,
      idx1!,
      b1!,
      ldb1!,
      ptr2,
      idx2,
      b2,
      ldb2,
      n,
      cAt,
      ldc,
      alpha,
      beta,
      tmp,
      offs1,
      offs2,
    );
  } else {
    ctx.kernels.binaryGather(rows, ptr1!, idx1!, b1!, ldb1!, n, cAt, ldc, alpha, beta, tmp, offs1);
  }
  if (!cInPlace) {
    const c0 = pC >> 2;
    for (let i = 0; i < rows; i++) {
      let s = co + i * crs;
      for (let j = 0; j < n; j++) {
        c[s] = f32[c0 + i * n + j]!;
        s += ccs;
      }
    }
  }
  return true;
}

/**
 * Fills row and column lists of the float32 0/1 matrix A (BinaryIndex.fill) on the instance of the
 * arena that holds the four lists, copying A there when it lives elsewhere; returns nnz, −1 when A
 * is not 0/1, or undefined when the lists are not in one arena or the copy does not fit (the
 * caller then uses the TypeScript kernels).
 */
export function binaryIndexWasm(
  A: Matrix<Float32Array>,
  rowPtr: Int32Array,
  rowIdx: Int32Array,
  colPtr: Int32Array,
  colIdx: Int32Array,
): number | undefined {
  const ctx = contextFor(rowPtr);
  if (
    ctx === undefined ||
    !inside(ctx, rowIdx) ||
    !inside(ctx, colPtr) ||
    !inside(ctx, colIdx) ||
    !reserve(ctx, align(ctx.scratch) + 4 * placedLength(ctx, A))
  ) {
    return undefined;
  }
  const { rows, cols } = A;
  placeIn(ctx, A, align(ctx.scratch) >> 2, VIEW);
  const k = ctx.kernels;
  const nnz = k.binaryRows(
    4 * VIEW[0]!,
    VIEW[1]!,
    VIEW[2]!,
    rows,
    cols,
    rowPtr.byteOffset,
    rowIdx.byteOffset,
  );
  if (nnz >= 0) {
    k.binaryColumns(
      rows,
      cols,
      rowPtr.byteOffset,
      rowIdx.byteOffset,
      colPtr.byteOffset,
      colIdx.byteOffset,
    );
  }
  return nnz;
}
