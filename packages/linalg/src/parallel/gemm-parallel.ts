import type { Matrix } from '../matrix.js';
import { spanHi, spanLo } from '../validate.js';
import {
  align,
  copyLength,
  foldStrided,
  STRIP_ROWS,
  sharedContextFor,
  stripsOf,
  type WasmContext,
  writesStraight,
} from '../wasm/backend.js';
import {
  openPool,
  type Pool,
  poolSpinning,
  reserve,
  runJob,
  type SharedKernels,
  shareArena,
} from './pool.js';
import { W } from './share-source.js';
import { getThreads } from './threads.js';

/*
 * Float32 gemm split across the worker pool (docs/0005-wasm-backend.md, "Threads"). The calling
 * thread copies A and B into the shared memory (one typed-array copy each, as the single-thread
 * backend does), packs the operand every share needs whole, and runs the job; each share packs its
 * own part of the other operand, multiplies its block of W = A·B with the same kernels and folds it
 * into C (when C's span is dense). C is split into blocks of whole 5-row strips (row mode) or whole
 * 8-column strips (column mode), so every element of W is computed by the same register tile with
 * the same summation order as on one thread: results are bit-identical to the single-thread wasm
 * gemm.
 *
 * Mode: column strips when m ≤ n or when B is read in place (m ≤ 32 and unit column stride; then
 * nothing of B is packed), else row strips. The operand packed serially by the calling thread is
 * then the smaller of A (m × k) and B (k × n). Where the single-thread backend computes A·Bᵀ as
 * dot products instead (m ≤ 32, A with unit column stride, B with unit row stride), so does this
 * path, split by groups of 4 columns (each element's dot product has the same order either way).
 */

/** A has at most this many rows for B to be read in place (as in the single-thread backend). */
const DIRECT_MAX_ROWS = 32;
/** A has at most this many rows for A·Bᵀ to run as dot products (as in the single-thread backend). */
const NT_MAX_ROWS = 32;
/**
 * Products with m·n·k below this (10⁷) stay on one thread. Measured with
 * bench/gemm-parallel.bench.ts in two runs on the idle 2-core VM (docs/0005-wasm-backend.md,
 * Threads): every swept shape from 1.57 × 10⁷ on gained (1.23–1.92× best time), shapes of
 * 3.9–8.4 × 10⁶ were mixed (1.00–1.31× best, medians 0.91–1.38×), shapes of ≤ 2 × 10⁶ lost. A split
 * pays for the caller's serial copies into shared memory and for waking a sleeping worker and then
 * the waiting caller (118–165 µs median per job; docs/0005, "Update: fourth pass").
 */
export const PARALLEL_MIN_WORK = 10_000_000;
/**
 * The threshold while the pool's threads are still polling after the previous job (poolSpinning:
 * setThreadSpin > 0 and that job ended less than the spin time ago), when a hand-off costs a few
 * µs instead: in three runs of bench/gemm-parallel.bench.ts with a 200 µs spin (back-to-back
 * calls), shapes from 4.2 × 10⁶ on gained (medians 1.09–2.40×, mostly 1.3–1.8×), 3.9 × 10⁶ and
 * below were mixed or lost (docs/0005, "Update: fourth pass").
 */
export const PARALLEL_MIN_WORK_SPINNING = 5_000_000;

/**
 * Shares per thread: more shares than threads let a thread that runs ahead (the other core is
 * busy with another job, or a worker wakes late) take over the rest; 255 shares at most.
 */
export const SHARES_PER_THREAD = 4;

let minWork: number | undefined;
let sharesPerThread = SHARES_PER_THREAD;

/** For tests and benchmarks: split a job into this many shares per thread (undefined: default). */
export function overrideSharesPerThread(shares: number | undefined): void {
  sharesPerThread = shares ?? SHARES_PER_THREAD;
}

/**
 * For tests: use threads from this m·n·k on (`undefined` restores the default: PARALLEL_MIN_WORK,
 * or PARALLEL_MIN_WORK_SPINNING while the pool's threads still spin after the previous job).
 */
export function overrideParallelMinWork(work: number | undefined): void {
  minWork = work;
}

/** The m·n·k from which gemm uses threads now. */
export function parallelMinWork(): number {
  return minWork ?? (poolSpinning() ? PARALLEL_MIN_WORK_SPINNING : PARALLEL_MIN_WORK);
}

/**
 * Makes A readable by the job at I[base…base + 2] (byte address of A(0, 0), element strides):
 * in place when A's buffer is `home` (A lives in the job's memory), else copied into `f32` at
 * element `at` (its spanned region as is, or gathered row-major when the view is sparse).
 */
function placeIn(
  f32: Float32Array,
  home: ArrayBufferLike | undefined,
  a: Matrix<Float32Array>,
  at: number,
  I: Int32Array,
  base: number,
): void {
  const { data, rows, cols, rowStride: rs, colStride: cs, offset } = a;
  if (data.buffer === home) {
    I[base] = 4 * ((data.byteOffset >> 2) + offset);
    I[base + 1] = rs;
    I[base + 2] = cs;
    return;
  }
  const lo = spanLo(a);
  const span = spanHi(a) - lo + 1;
  if (span <= 2 * rows * cols + 64) {
    f32.set(data.subarray(lo, lo + span), at);
    I[base] = 4 * (at + offset - lo);
    I[base + 1] = rs;
    I[base + 2] = cs;
    return;
  }
  let q = at;
  for (let i = 0; i < rows; i++) {
    let s = offset + i * rs;
    for (let j = 0; j < cols; j++) {
      f32[q++] = data[s]!;
      s += cs;
    }
  }
  I[base] = 4 * at;
  I[base + 1] = cols;
  I[base + 2] = 1;
}

/** Elements A occupies in the job's scratch: 0 when it lives there (buffer `home`), else its copy's. */
function placedLength(home: ArrayBufferLike | undefined, a: Matrix<Float32Array>): number {
  return a.data.buffer === home ? 0 : copyLength(a);
}

/**
 * The memory a job runs in: the pool's own (grown as needed; operands are copied in) or a shared
 * arena's (fixed; operands inside it are used in place, others copied into its free memory).
 */
interface Space {
  /** The job's memory's buffer when it is a shared arena's (for residence checks), else undefined. */
  home: ArrayBufferLike | undefined;
  /** The first scratch byte. */
  heap: number;
  /** The calling thread's kernels on that memory. */
  kernels: SharedKernels;
  /** 0: the pool's memory; else the arena's id. */
  id: number;
}

/** Reused for every call (no allocation per call). */
const SPACE: Space = {
  home: undefined,
  heap: 0,
  kernels: undefined as unknown as SharedKernels,
  id: 0,
};

/** Makes the job's memory at least `bytes` long; false when it cannot (arena full, pool maximum). */
function fits(p: Pool, ctx: WasmContext | undefined, bytes: number): boolean {
  return ctx === undefined ? reserve(p, bytes) : bytes <= ctx.f32.byteLength;
}

/** The job memory's Float32Array (after `fits`). */
function memoryOf(p: Pool, ctx: WasmContext | undefined): Float32Array {
  return ctx === undefined ? p.f32 : ctx.f32;
}

/**
 * C ← α·A·B + β·C as dot products of A's rows and B's columns (asm/gemm-nt.ts), split by groups
 * of 4 columns of C, on C in place when it lives in the job's memory, else on its span copied in;
 * as on one thread, used when A has few rows and unit column stride and B unit row stride. Returns
 * false when the memory is too small, undefined when a gathered (sparse) copy lost those strides
 * (the caller then uses the packed path, as the single-thread backend does).
 */
function dotProducts(
  p: Pool,
  ctx: WasmContext | undefined,
  total: number,
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean | undefined {
  const { home, heap } = SPACE;
  const m = C.rows;
  const n = C.cols;
  const cIn = C.data.buffer === home;
  const lo = spanLo(C);
  const cSpan = cIn ? 0 : spanHi(C) - lo + 1;
  const rawA = heap;
  const rawB = align(rawA + 4 * placedLength(home, A));
  const rawC = align(rawB + 4 * placedLength(home, B));
  if (!fits(p, ctx, rawC + 4 * cSpan)) return false;
  const { I, F } = p;
  const f32 = memoryOf(p, ctx);
  placeIn(f32, home, A, rawA >> 2, I, W.SRC_A);
  placeIn(f32, home, B, rawB >> 2, I, W.SRC_B);
  if (I[W.ACS] !== 1 || I[W.BRS] !== 1) return undefined;
  const c = C.data;
  const at = rawC >> 2;
  I[W.MODE] = 2;
  I[W.M] = m;
  I[W.N] = n;
  I[W.K] = A.cols;
  if (cIn) {
    I[W.PC] = 4 * ((c.byteOffset >> 2) + C.offset);
  } else {
    if (beta !== 0 || cSpan !== m * n) f32.set(c.subarray(lo, lo + cSpan), at);
    I[W.PC] = 4 * (at + C.offset - lo);
  }
  I[W.CRS] = C.rowStride;
  I[W.CCS] = C.colStride;
  F[0] = alpha;
  F[1] = beta;
  runJob(p, total, SPACE.kernels, SPACE.id);
  if (!cIn) c.set(f32.subarray(at, at + cSpan), lo);
  return true;
}

/**
 * C ← α·A·B + β·C for float32 on `getThreads()` threads, bit-identical to the single-thread wasm
 * backend; returns false (having done nothing) when the call stays on one thread: one thread set
 * or supported, m·n·k below the threshold, fewer than two strips to split, or more memory than
 * the shared memory addresses. Expects validated arguments with m, n, k ≥ 1 and α ≠ 0. When an
 * operand lives in a shared arena (C first, then B, then A; docs/0007-resident-memory.md), the
 * job runs in that arena's memory: operands inside it are used in place and only the others are
 * copied into its free memory (when that is too small, the job runs in the pool's memory).
 */
export function gemmParallel(
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const threads = getThreads();
  if (threads < 2) return false;
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  if (m * n * k < parallelMinWork()) return false;
  const ms = stripsOf(m);
  const ns = (n + 7) >> 3;
  const direct = m <= DIRECT_MAX_ROWS && B.colStride === 1;
  const byCols = direct || m <= n;
  const strips = byCols ? ns : ms;
  if (strips < 2) return false;
  const p = openPool(threads);
  if (p === undefined) return false;
  const ctx = sharedContextFor(C.data, B.data, A.data);
  if (ctx !== undefined) {
    SPACE.home = ctx.f32.buffer;
    SPACE.heap = align(ctx.scratch);
    SPACE.kernels = ctx.kernels;
    SPACE.id = ctx.id;
    if (jobIn(p, ctx, threads, alpha, A, B, beta, C)) return true;
  }
  SPACE.home = undefined;
  SPACE.heap = p.heap;
  SPACE.kernels = p.kernels;
  SPACE.id = 0;
  return jobIn(p, undefined, threads, alpha, A, B, beta, C);
}

/** gemmParallel in the memory SPACE describes (`ctx`: the shared arena, or undefined: the pool's). */
function jobIn(
  p: Pool,
  ctx: WasmContext | undefined,
  threads: number,
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  const ms = stripsOf(m);
  const ns = (n + 7) >> 3;
  const direct = m <= DIRECT_MAX_ROWS && B.colStride === 1;
  const byCols = direct || m <= n;
  const total = Math.min(byCols ? ns : ms, threads * sharesPerThread, 255);
  if (ctx !== undefined) shareArena(p, ctx.id, ctx.memory);
  if (m <= NT_MAX_ROWS && A.colStride === 1 && B.rowStride === 1 && B.colStride !== 1) {
    const nq = (n + 3) >> 2;
    const nt = Math.min(nq, threads * sharesPerThread, 255);
    const done = dotProducts(p, ctx, nt, alpha, A, B, beta, C);
    if (done !== undefined) return done;
  }

  const { home, heap } = SPACE;
  const ldw = ns * 8;
  const cIn = C.data.buffer === home;
  const cSpan = !cIn && copyLength(C) === spanHi(C) - spanLo(C) + 1 ? copyLength(C) : 0;
  // layout (bytes): raw A | raw B (+ 8 floats of over-read) | packed A | packed B | W | raw C
  const rawA = heap;
  const rawB = align(rawA + 4 * placedLength(home, A));
  const pa = align(rawB + 4 * (placedLength(home, B) + 8));
  const pb = align(pa + 4 * STRIP_ROWS * ms * k);
  const pw = align(direct ? pb : pb + 32 * ns * k);
  const rawC = align(pw + 4 * m * ldw);
  // the shares' tiles write C itself (as on one thread): no W, no fold
  const straight = cIn && writesStraight(alpha, beta, C);
  if (!fits(p, ctx, straight ? pw : rawC + 4 * cSpan)) return false;

  const { I, F } = p;
  const wk = SPACE.kernels;
  const f32 = memoryOf(p, ctx);
  placeIn(f32, home, A, rawA >> 2, I, W.SRC_A);
  placeIn(f32, home, B, rawB >> 2, I, W.SRC_B);
  I[W.MODE] = byCols ? 1 : 0;
  I[W.M] = m;
  I[W.N] = n;
  I[W.K] = k;
  I[W.MS] = ms;
  I[W.MR] = m - STRIP_ROWS * (ms - 1);
  I[W.NS] = ns;
  I[W.PA] = pa;
  I[W.PW] = pw;
  I[W.LDW] = 4 * ldw;
  if (direct) {
    I[W.PB] = I[W.SRC_B]!;
    I[W.BSTRIP] = 32;
    I[W.LDB] = 4 * I[W.BRS]!;
    I[W.PACK_B] = 0;
  } else {
    I[W.PB] = pb;
    I[W.BSTRIP] = 32 * k;
    I[W.LDB] = 32;
    I[W.PACK_B] = byCols ? 1 : 0;
  }
  if (byCols) wk.packA(I[W.SRC_A]!, I[W.ARS]!, I[W.ACS]!, m, k, pa);
  else wk.packB(I[W.SRC_B]!, I[W.BRS]!, I[W.BCS]!, k, n, pb);

  const c = C.data;
  const { offset: co, rowStride: crs, colStride: ccs } = C;
  const lo = spanLo(C);
  const at = rawC >> 2;
  F[0] = alpha;
  F[1] = beta;
  I[W.FOLD] = cIn || cSpan > 0 ? 1 : 0;
  I[W.CRS] = crs;
  I[W.CCS] = ccs;
  if (straight) {
    I[W.PW] = 4 * ((c.byteOffset >> 2) + co);
    I[W.LDW] = 4 * crs;
    I[W.FOLD] = 0;
  } else if (cIn) {
    I[W.PC] = 4 * ((c.byteOffset >> 2) + co);
  } else if (cSpan > 0) {
    // as on one thread: C's span is copied in unless β = 0 and C is a gapless block
    const gapless = (ccs === 1 && (crs === n || m === 1)) || (crs === 1 && (ccs === m || n === 1));
    if (beta !== 0 || !gapless) f32.set(c.subarray(lo, lo + cSpan), at);
    I[W.PC] = 4 * (at + co - lo);
  }
  runJob(p, total, wk, SPACE.id);
  if (cIn) return true;
  if (cSpan > 0) c.set(f32.subarray(at, at + cSpan), lo);
  else foldStrided(f32, pw, ldw, alpha, beta, C);
  return true;
}
