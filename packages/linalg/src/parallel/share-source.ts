/*
 * The code every thread of a parallel job runs, as JavaScript source: the main thread builds it
 * with `new Function`, each worker thread evaluates it inside its inline script. One source for
 * both sides, so a share computes the same thing whichever thread claims it.
 *
 * The control block is an Int32Array `I` (and a Float64Array `F` for α, β) in the shared
 * WebAssembly memory. A job is split into `total` shares; a thread claims share s by a
 * compare-and-swap of the ticket word from (total << 8 | s) to (total << 8 | s + 1), runs it, and
 * counts it in DONE; the thread that completes the last share notifies DONE. The job's parameters
 * do not change while a claimed share runs (the main thread writes the next job only after DONE
 * reaches total), so a claim that succeeds always belongs to the current job.
 */

/** Int32 word indices of the control block. */
export const W = {
  /** Bumped once per job and on exit; idle workers Atomics.wait on it. */
  GEN: 0,
  /** total << 8 | next share to claim (next = total: nothing to claim). */
  TICKET: 1,
  /** Shares of the current job that are finished; the main thread Atomics.wait's on it. */
  DONE: 2,
  /** 1 once the pool is closed: workers leave their loop. */
  EXIT: 3,
  /** Shares run by worker threads since the pool opened (statistics for tests). */
  WORKER_SHARES: 4,
  /**
   * 0: split C by 5-row strips (each share packs its rows of A); 1: by 8-column strips; 2: A·Bᵀ
   * dot products (asm/gemm-nt.ts) on C in place, split by groups of 4 columns; ≥ 3: a row-wise
   * kernel split by rows (ROWS_MODE, src/parallel/rows-parallel.ts; the other words then hold
   * that kernel's arguments as ROWS_ARGS lays them out).
   */
  MODE: 5,
  M: 6,
  N: 7,
  K: 8,
  /** Strips of packed A (⌈m/5⌉), rows in the last one (1 … 5), strips of B (⌈n/8⌉). */
  MS: 9,
  MR: 10,
  NS: 11,
  /** Byte addresses of packed A, of B (packed, or raw when read in place), of W. */
  PA: 12,
  PB: 13,
  /** Bytes between B strips, between rows of a B strip, between rows of W. */
  BSTRIP: 14,
  LDB: 15,
  PW: 16,
  LDW: 17,
  /** Raw A: byte address of A(0, 0) and element strides (row mode packs A per share). */
  SRC_A: 18,
  ARS: 19,
  ACS: 20,
  /** Raw B: byte address of B(0, 0) and element strides (column mode with PACK_B). */
  SRC_B: 21,
  BRS: 22,
  BCS: 23,
  PACK_B: 24,
  /** 1: each share folds its part of W into C (byte address of C(0, 0), element strides). */
  FOLD: 25,
  PC: 26,
  CRS: 27,
  CCS: 28,
  /**
   * The memory the job's addresses refer to: 0 for the pool's own, else the id of a shared arena
   * (docs/0007-resident-memory.md) whose memory was posted to the workers.
   */
  SPACE: 29,
  /** Messages posted to each worker so far (arena memories to instantiate on, or to forget). */
  MAIL: 30,
  /** Set to 1 when a share threw (the job's result is incomplete; the pool is not used again). */
  FAILED: 31,
  /**
   * Microseconds an idle thread keeps polling for the next job (a worker: GEN; the calling thread:
   * DONE) before it sleeps in Atomics.wait; 0: sleep at once. See pool.ts, "Spin, then sleep".
   */
  SPIN_US: 32,
} as const;

/** MODE values of the row-split jobs (rows-parallel.ts). */
export const ROWS_MODE = { BIAS_SIGMOID: 3, GATHER: 4, SCATTER: 5 } as const;

/**
 * Where a row-split job keeps its arguments (word indices; byte addresses and byte strides; α, β
 * in F). Rows [r0, r1) of share s of `total` are r = ⌊s·rows/total⌋ … ⌊(s + 1)·rows/total⌋.
 * BIAS_SIGMOID: C[i, :] ← σ(A[i, :] + b) for rows i of A at PA (row stride LDA), b at PB1, C at PC
 * (row stride LDC), N columns. GATHER and SCATTER: asm/binary.ts binaryGather / binaryScatter on
 * rows [r0, r1) of C with list pointers advanced to row r0 (the kernels take entries' offsets at
 * their own indices, so shares share OFFS1/OFFS2), each share its own 128-byte block buffer at
 * TMP + 128·s.
 */
export const ROWS_ARGS = {
  ROWS: 6,
  PTR1: 7,
  IDX1: 8,
  PB1: 9,
  LDB1: 10,
  PTR2: 11,
  IDX2: 12,
  PB2: 13,
  LDB2: 14,
  N: 15,
  PC: 16,
  LDC: 17,
  TMP: 18,
  OFFS1: 19,
  OFFS2: 20,
  PA: 21,
  LDA: 22,
} as const;
const R = ROWS_ARGS;

/** Int32 words in the control block (the Float64 pair α, β follows at byte F_AT). */
export const WORDS = 40;
/** Byte offset of α, β (Float64) from the start of the control block. */
export const F_AT = 4 * WORDS;
/** Bytes of the control block. */
export const CONTROL_BYTES = F_AT + 16;

/**
 * `work(kernelsOf, I, F, worker)`: claims and runs shares of the current job until none is left.
 * `kernelsOf(space)` gives the kernels' exports (asm/index.ts) instantiated on the job's memory
 * (word SPACE, read only after a claim succeeded, so it is the claimed job's). A share that throws
 * sets FAILED and still counts as done, so the calling thread never waits forever.
 */
export const WORK_SOURCE = `
function share(k, I, F, s, total) {
  const m = I[${W.M}], n = I[${W.N}], kk = I[${W.K}];
  const ms = I[${W.MS}], mr = I[${W.MR}], ns = I[${W.NS}];
  const pa = I[${W.PA}], pb = I[${W.PB}], bStrip = I[${W.BSTRIP}], ldb = I[${W.LDB}];
  const pw = I[${W.PW}], ldw = I[${W.LDW}];
  const fold = I[${W.FOLD}] !== 0, pc = I[${W.PC}], crs = I[${W.CRS}], ccs = I[${W.CCS}];
  if (I[${W.MODE}] === 0) {
    const s0 = Math.floor((s * ms) / total), s1 = Math.floor(((s + 1) * ms) / total);
    if (s1 === s0) return;
    // strips of 5 rows, k × 5 floats each: STRIP_ROWS of wasm/backend.ts, written out because
    // backend.ts → pool.ts → this module, so an import would be uninitialised when this is built
    const r0 = 5 * s0, rows = Math.min(m, 5 * s1) - r0;
    const a = pa + 20 * kk * s0, ars = I[${W.ARS}], acs = I[${W.ACS}];
    k.packA(I[${W.SRC_A}] + 4 * r0 * ars, ars, acs, rows, kk, a);
    k.gemm(s1 - s0, s1 === ms ? mr : 5, ns, kk, a, pb, bStrip, ldb, pw + r0 * ldw, ldw);
    if (fold) k.fold(pw + r0 * ldw, ldw, pc + 4 * r0 * crs, crs, ccs, rows, n, F[0], F[1]);
  } else if (I[${W.MODE}] >= ${ROWS_MODE.BIAS_SIGMOID}) {
    const rows = I[${R.ROWS}], mode = I[${W.MODE}];
    const r0 = Math.floor((s * rows) / total), r1 = Math.floor(((s + 1) * rows) / total);
    if (r1 === r0) return;
    const ldc = I[${R.LDC}], pc = I[${R.PC}] + r0 * ldc;
    if (mode === ${ROWS_MODE.BIAS_SIGMOID}) {
      const lda = I[${R.LDA}];
      k.biasSigmoid(I[${R.PA}] + r0 * lda, lda, I[${R.PB1}], pc, ldc, r1 - r0, I[${R.N}]);
    } else if (mode === ${ROWS_MODE.GATHER}) {
      k.binaryGather(r1 - r0, I[${R.PTR1}] + 4 * r0, I[${R.IDX1}], I[${R.PB1}], I[${R.LDB1}],
        I[${R.N}], pc, ldc, F[0], F[1], I[${R.TMP}] + 128 * s, I[${R.OFFS1}]);
    } else {
      const ptr2 = I[${R.PTR2}];
      k.binaryScatter(r1 - r0, I[${R.PTR1}] + 4 * r0, I[${R.IDX1}], I[${R.PB1}], I[${R.LDB1}],
        ptr2 === 0 ? 0 : ptr2 + 4 * r0, I[${R.IDX2}], I[${R.PB2}], I[${R.LDB2}], I[${R.N}], pc, ldc,
        F[0], F[1], I[${R.TMP}] + 128 * s, I[${R.OFFS1}], I[${R.OFFS2}]);
    }
  } else if (I[${W.MODE}] === 2) {
    const nq = (n + 3) >> 2;
    const q0 = Math.floor((s * nq) / total), q1 = Math.floor(((s + 1) * nq) / total);
    if (q1 === q0) return;
    const j0 = 4 * q0, cols = Math.min(n, 4 * q1) - j0, ldb = 4 * I[${W.BCS}];
    k.gemmNT(m, cols, kk, I[${W.SRC_A}], 4 * I[${W.ARS}], I[${W.SRC_B}] + j0 * ldb, ldb,
      pc + 4 * j0 * ccs, 4 * crs, 4 * ccs, F[0], F[1]);
  } else {
    const j0 = Math.floor((s * ns) / total), j1 = Math.floor(((s + 1) * ns) / total);
    if (j1 === j0) return;
    const c0 = 8 * j0, cols = Math.min(n, 8 * j1) - c0;
    if (I[${W.PACK_B}] !== 0) {
      const brs = I[${W.BRS}], bcs = I[${W.BCS}];
      k.packB(I[${W.SRC_B}] + 4 * c0 * bcs, brs, bcs, kk, cols, pb + j0 * bStrip);
    }
    k.gemm(ms, mr, j1 - j0, kk, pa, pb + j0 * bStrip, bStrip, ldb, pw + 4 * c0, ldw);
    if (fold) k.fold(pw + 4 * c0, ldw, pc + 4 * c0 * ccs, crs, ccs, m, cols, F[0], F[1]);
  }
}
function work(kernelsOf, I, F, worker) {
  for (;;) {
    const t = Atomics.load(I, ${W.TICKET});
    const total = t >> 8, s = t & 255;
    if (s >= total) return;
    if (Atomics.compareExchange(I, ${W.TICKET}, t, t + 1) !== t) continue;
    try {
      share(kernelsOf(I[${W.SPACE}]), I, F, s, total);
    } catch {
      Atomics.store(I, ${W.FAILED}, 1);
    }
    if (worker) Atomics.add(I, ${W.WORKER_SHARES}, 1);
    if (Atomics.add(I, ${W.DONE}, 1) + 1 === total) Atomics.notify(I, ${W.DONE});
  }
}
`;

/**
 * The inline (eval) script of a worker thread: instantiates the kernels on the shared memory it
 * gets in workerData, then claims shares whenever GEN changes until EXIT is set; between jobs it
 * polls GEN for up to SPIN_US microseconds, then sleeps in Atomics.wait (pool.ts, "Spin, then
 * sleep"). Shared arenas' memories arrive as messages
 * ({ id, memory }; memory null: forget the arena), counted in MAIL; they are read synchronously
 * (receiveMessageOnPort) on every wake and before every share, and the kernels instantiated on
 * each memory once.
 */
export const WORKER_SOURCE = `'use strict';
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
const { module, memory, control } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const I = new Int32Array(memory.buffer, control, ${WORDS});
const F = new Float64Array(memory.buffer, control + ${F_AT}, 2);
const spaces = new Map();
let mail = 0;
function drain() {
  const target = Atomics.load(I, ${W.MAIL});
  while (mail < target) {
    const got = receiveMessageOnPort(parentPort);
    if (got === undefined) break;
    mail++;
    const { id, memory } = got.message;
    if (memory === null) spaces.delete(id);
    else spaces.set(id, new WebAssembly.Instance(module, { env: { memory } }).exports);
  }
}
function kernelsOf(space) {
  drain();
  if (space === 0) return k;
  const ks = spaces.get(space);
  if (ks === undefined) throw new Error('no memory for arena ' + space);
  return ks;
}
${WORK_SOURCE}
for (;;) {
  const gen = Atomics.load(I, ${W.GEN});
  if (Atomics.load(I, ${W.EXIT}) !== 0) break;
  drain();
  work(kernelsOf, I, F, true);
  const spin = Atomics.load(I, ${W.SPIN_US}) / 1000;
  if (spin > 0) {
    const t0 = performance.now();
    while (Atomics.load(I, ${W.GEN}) === gen && performance.now() - t0 < spin);
  }
  Atomics.wait(I, ${W.GEN}, gen);
}
`;
