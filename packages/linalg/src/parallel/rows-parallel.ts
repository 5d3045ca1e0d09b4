import type { Matrix } from '../matrix.js';
import type { WasmContext } from '../wasm/backend.js';
import { SHARES_PER_THREAD } from './gemm-parallel.js';
import { openPool, runJob, type SharedKernels, shareArena } from './pool.js';
import { ROWS_ARGS, ROWS_MODE, W } from './share-source.js';
import { getThreads } from './threads.js';

/*
 * Row-wise kernels on every thread: a job of a kernel whose rows are independent (bias + sigmoid
 * here) is split into row ranges that the pool's threads claim (share-source.ts). Only for
 * operands resident in one shared arena (docs/0007-resident-memory.md): nothing is copied, and
 * each row is computed by the same kernel code whichever thread runs it, so results are
 * bit-identical to one thread.
 */

/**
 * Elements a row-wise job must cover before it is split: the hand-off to a worker costs about
 * 25–60 µs, and the fused bias + sigmoid runs at about 1–3 ns per element.
 */
export const ROWS_MIN_ELEMENTS = 100_000;

let minElements = ROWS_MIN_ELEMENTS;

/** For tests: the element threshold of row-wise jobs (undefined restores ROWS_MIN_ELEMENTS). */
export function overrideRowsMinElements(elements: number | undefined): void {
  minElements = elements ?? ROWS_MIN_ELEMENTS;
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
  if (threads < 2 || ctx.id === 0 || m < 2 || m * n < minElements) return false;
  const p = openPool(threads);
  if (p === undefined) return false;
  shareArena(p, ctx.id, ctx.memory);
  const I = p.I;
  I[W.MODE] = ROWS_MODE.BIAS_SIGMOID;
  I[ROWS_ARGS.ROWS] = m;
  I[ROWS_ARGS.N] = n;
  I[ROWS_ARGS.PA] = A.data.byteOffset + 4 * A.offset;
  I[ROWS_ARGS.LDA] = 4 * A.rowStride;
  I[ROWS_ARGS.PB] = b.byteOffset;
  I[ROWS_ARGS.PC] = C.data.byteOffset + 4 * C.offset;
  I[ROWS_ARGS.LDC] = 4 * C.rowStride;
  runJob(
    p,
    Math.min(m, threads * SHARES_PER_THREAD, 255),
    ctx.kernels as unknown as SharedKernels,
    ctx.id,
  );
  return true;
}
