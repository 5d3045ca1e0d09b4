import type { Matrix } from '../matrix.js';
import type { WasmContext } from '../wasm/backend.js';
import { SHARES_PER_THREAD } from './gemm-parallel.js';
import { openPool, poolSpinning, runJob, shareArena } from './pool.js';
import { ROWS_ARGS, ROWS_MODE, W } from './share-source.js';
import { getThreads } from './threads.js';

/*
 * Row-wise kernels on every thread: a job of a kernel whose rows are independent (bias + sigmoid,
 * and the binary gather and scatter of asm/binary.ts) is split into row ranges that the pool's
 * threads claim (share-source.ts). Only for operands resident in one shared arena
 * (docs/0007-resident-memory.md): nothing is copied, and each row is computed by the same kernel
 * code whichever thread runs it, so results are bit-identical to one thread.
 */

/** Shares of a job of `rows` rows: SHARES_PER_THREAD per thread, at most one per row and 255. */
function sharesOf(rows: number, threads: number): number {
  return Math.min(rows, threads * SHARES_PER_THREAD, 255);
}

/**
 * Elements a row-wise job must cover before it is split when idle threads sleep at once: waking a
 * worker costs ≈ 60–80 µs, and the fused bias + sigmoid runs at about 1 ns per element.
 */
export const ROWS_MIN_ELEMENTS = 100_000;
/**
 * The same while the pool's threads still spin after the previous job (poolSpinning): in three
 * runs of bench/rows-parallel.bench.ts (back-to-back calls) bias + sigmoid gained from 16,000
 * elements on (16,000: 1.40–1.58× best, 1.08–1.50× median); 8,000 was mixed.
 */
export const ROWS_MIN_ELEMENTS_SPINNING = 16_000;

let minElements: number | undefined;

/**
 * For tests: the element threshold of row-wise jobs (undefined restores the default:
 * ROWS_MIN_ELEMENTS, or ROWS_MIN_ELEMENTS_SPINNING while the pool's threads still spin).
 */
export function overrideRowsMinElements(elements: number | undefined): void {
  minElements = elements;
}

/** The element count from which bias + sigmoid uses threads now (without an override). */
export function rowsMinElements(): number {
  return poolSpinning() ? ROWS_MIN_ELEMENTS_SPINNING : ROWS_MIN_ELEMENTS;
}

/**
 * C ← σ(A + 1bᵀ) on `getThreads()` threads when A, b and C (float32, unit column strides, C of
 * m × n) all live in the shared arena `ctx` and m·n ≥ the threshold; returns false (having done
 * nothing) otherwise, so the caller runs the single-thread kernel.
 */
export function biasSigmoidParallel(
  ctx: WasmContext,
  A: Matrix<Float32Array>,
  b: Float32Array,
  C: Matrix<Float32Array>,
): boolean {
  const threads = getThreads();
  const m = C.rows;
  const n = C.cols;
  const least = minElements ?? rowsMinElements();
  if (threads < 2 || ctx.id === 0 || m < 2 || m * n < least) return false;
  const p = openPool(threads);
  if (p === undefined) return false;
  shareArena(p, ctx.id, ctx.memory);
  const I = p.I;
  I[W.MODE] = ROWS_MODE.BIAS_SIGMOID;
  I[ROWS_ARGS.ROWS] = m;
  I[ROWS_ARGS.N] = n;
  I[ROWS_ARGS.PA] = A.data.byteOffset + 4 * A.offset;
  I[ROWS_ARGS.LDA] = 4 * A.rowStride;
  I[ROWS_ARGS.PB1] = b.byteOffset;
  I[ROWS_ARGS.PC] = C.data.byteOffset + 4 * C.offset;
  I[ROWS_ARGS.LDC] = 4 * C.rowStride;
  runJob(p, sharesOf(m, threads), ctx.kernels, ctx.id);
  return true;
}

/**
 * Adds (list entries × columns) a binary gather or scatter must do before it is split: about
 * 0.1 ms of work at ≈ 10 G adds/s. Also while threads spin: smaller binary jobs gained in some
 * runs of bench/rows-parallel.bench.ts and not in others, and whole CD epochs at batch 5 (gathers
 * of 2.6 × 10⁵ adds) gained nothing from a lower threshold (docs/0005, "Update: fourth pass").
 */
export const BINARY_MIN_ADDS = 1_000_000;

let minAdds = BINARY_MIN_ADDS;

/** For tests: the add threshold of binary jobs (undefined restores BINARY_MIN_ADDS). */
export function overrideBinaryMinAdds(adds: number | undefined): void {
  minAdds = adds ?? BINARY_MIN_ADDS;
}

/**
 * Shares to split a binary gather/scatter of `rows` output rows and `adds` adds into (0: stay on
 * one thread, also when the pool cannot open): SHARES_PER_THREAD per thread (rows differ in
 * length; late claims balance them), at most one per row and 255.
 */
export function binaryShares(rows: number, adds: number): number {
  const threads = getThreads();
  if (threads < 2 || adds < minAdds || openPool(threads) === undefined) return 0;
  return sharesOf(rows, threads);
}

/**
 * Runs asm/binary.ts binaryGather (`scatter` false) or binaryScatter on the pool, split by rows
 * of C into `shares` shares, every operand resident in the shared arena `ctx`. `args` holds the
 * kernel's integer arguments in the order rows, ptr1, idx1, pb1, ldb1, ptr2, idx2, pb2, ldb2, n,
 * pc, ldc, tmp (128·shares bytes), offs1, offs2 (byte addresses and strides). Only after
 * `binaryShares` returned `shares` > 1 (the pool is then open).
 */
export function binaryRowsParallel(
  ctx: WasmContext,
  scatter: boolean,
  shares: number,
  args: Int32Array,
  alpha: number,
  beta: number,
): void {
  // binaryShares (> 1) found the pool open just before, with nothing asynchronous in between
  const p = openPool(getThreads())!;
  shareArena(p, ctx.id, ctx.memory);
  const { I, F } = p;
  I[W.MODE] = scatter ? ROWS_MODE.SCATTER : ROWS_MODE.GATHER;
  for (let q = 0; q < ORDER.length; q++) I[ORDER[q]!] = args[q]!;
  F[0] = alpha;
  F[1] = beta;
  runJob(p, shares, ctx.kernels, ctx.id);
}

/** The control words binaryRowsParallel's `args` go to, in order. */
const ORDER = [
  ROWS_ARGS.ROWS,
  ROWS_ARGS.PTR1,
  ROWS_ARGS.IDX1,
  ROWS_ARGS.PB1,
  ROWS_ARGS.LDB1,
  ROWS_ARGS.PTR2,
  ROWS_ARGS.IDX2,
  ROWS_ARGS.PB2,
  ROWS_ARGS.LDB2,
  ROWS_ARGS.N,
  ROWS_ARGS.PC,
  ROWS_ARGS.LDC,
  ROWS_ARGS.TMP,
  ROWS_ARGS.OFFS1,
  ROWS_ARGS.OFFS2,
];
