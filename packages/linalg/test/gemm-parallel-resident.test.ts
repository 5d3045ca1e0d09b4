import {
  arenaBytes,
  closeThreads,
  createArena,
  gemm,
  gemmScratchBytes,
  getBackend,
  getThreads,
  isResident,
  isSharedResident,
  type Matrix,
  setBackend,
  setThreads,
  transpose,
} from '@dbn/linalg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overrideParallelMinWork } from '../src/parallel/gemm-parallel.js';
import { overrideMainShares, poolStats, threadsSupported } from '../src/parallel/pool.js';
import { detectSimd, gemmWasm } from '../src/wasm/backend.js';
import { filled } from './reference.js';

// Threaded gemm on operands resident in a shared arena (docs/0007-resident-memory.md): the job
// runs in the arena's memory, in place, with the same bits as the single-thread wasm gemm.

const RUN = detectSimd() && threadsSupported();
const DEFAULT_BACKEND = getBackend();
const DEFAULT_THREADS = getThreads();

/** A deterministic float32 rows×cols row-major matrix (reference.ts's fill). */
function fill32(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  return filled(rows, cols, 'f32', seed) as Matrix<Float32Array>;
}

/** A copy of x in ordinary memory (same strides and offset, gaps included). */
function plain(x: Matrix<Float32Array>): Matrix<Float32Array> {
  return { ...x, data: x.data.slice() };
}

/** True when x and y hold the same bits everywhere (NaN payloads and −0 included). */
function sameBits(x: Float32Array, y: Float32Array): boolean {
  if (x.length !== y.length) return false;
  for (let q = 0; q < x.length; q++) {
    if (!Object.is(x[q], y[q]) && !(Number.isNaN(x[q]) && Number.isNaN(y[q]))) return false;
  }
  return true;
}

/** The rows×cols view of `x`'s elements (row-major), for comparisons. */
function dense(x: Matrix<Float32Array>): Float32Array {
  const out = new Float32Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      out[i * x.cols + j] = x.data[x.offset + i * x.rowStride + j * x.colStride]!;
    }
  }
  return out;
}

/**
 * Runs gemm on the given (possibly resident) operands on two threads and the single-thread wasm
 * gemm on ordinary copies; expects one pool job in `space` (an arena id, or 0 for the pool's
 * memory) and the same bits in C (read through its view; the copy of C is left untouched).
 */
function check(
  alpha: number,
  a: Matrix<Float32Array>,
  b: Matrix<Float32Array>,
  beta: number,
  c: Matrix<Float32Array>,
  inArena: boolean,
): void {
  const want = plain(c);
  expect(gemmWasm(alpha, plain(a), plain(b), beta, want)).toBe(true);
  const before = poolStats()?.jobs ?? 0;
  gemm(alpha, a, b, beta, c);
  const stats = poolStats()!;
  expect(stats.jobs).toBe(before + 1);
  if (inArena) expect(stats.space).toBeGreaterThan(0);
  else expect(stats.space).toBe(0);
  expect(sameBits(dense(c), dense(want))).toBe(true);
}

describe('arenas and threads', () => {
  afterAll(() => {
    setThreads(DEFAULT_THREADS);
    closeThreads();
  });

  it('an arena made on one thread is not shared', () => {
    setThreads(1);
    const arena = createArena(arenaBytes([16]));
    const x = arena.float32(16);
    expect(isResident(x)).toBe(true);
    expect(isSharedResident(x)).toBe(false);
    expect(x.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it.skipIf(!RUN)('an arena made while threads > 1 is on shared memory', () => {
    setThreads(2);
    const arena = createArena(arenaBytes([16]));
    const x = arena.float32(16);
    expect(isResident(x)).toBe(true);
    expect(isSharedResident(x)).toBe(true);
    expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(isSharedResident(new Float32Array(4))).toBe(false);
  });
});

describe.skipIf(!RUN)('gemm on two threads with operands in a shared arena', () => {
  beforeAll(() => {
    setBackend('wasm');
    setThreads(2);
    overrideParallelMinWork(1);
  });
  afterEach(() => {
    overrideMainShares(true);
  });
  afterAll(() => {
    overrideParallelMinWork(undefined);
    setThreads(DEFAULT_THREADS);
    closeThreads();
    setBackend(DEFAULT_BACKEND);
  });

  /** An arena for the given shapes with scratch for one [m, k, n] product. */
  function arenaFor(shapes: [number, number][], m: number, k: number, n: number) {
    return createArena(
      arenaBytes(
        shapes.map(([r, c]) => r * c),
        [],
        gemmScratchBytes(m, k, n),
      ),
    );
  }

  it('training shapes, all operands resident, every split mode, on both threads and on workers', () => {
    // [m, k, n]: batch 5 (B in place), batch 32 h·Wᵀ (dot products), batch 128 up and down,
    // the weight gradient (row strips), a ragged shape
    const shapes: [number, number, number][] = [
      [5, 784, 500],
      [32, 500, 784],
      [128, 784, 500],
      [128, 500, 784],
      [784, 128, 500],
      [37, 257, 45],
      // whole 8-column tiles: with α = 1, β = 0 the shares write C straight (row and column mode)
      [203, 300, 64],
      [128, 400, 400],
    ];
    let seed = 0;
    for (const [m, k, n] of shapes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          seed++;
          const arena = arenaFor(
            [
              [m, k],
              [k, n],
              [m, n],
            ],
            m,
            k,
            n,
          );
          const a = arena.copyOf(ta ? fill32(k, m, seed) : fill32(m, k, seed));
          const b = arena.copyOf(tb ? fill32(n, k, -seed) : fill32(k, n, -seed));
          const c = arena.copyOf(fill32(m, n, 2 * seed));
          expect(isSharedResident(c.data)).toBe(true);
          const av = ta ? transpose(a) : a;
          const bv = tb ? transpose(b) : b;
          for (const [alpha, beta] of [
            [1, 0],
            [-0.75, 0.5],
          ] as const) {
            check(alpha, av, bv, beta, c, true);
            overrideMainShares(false);
            const before = poolStats()!.workerShares;
            check(alpha, av, bv, beta, c, true);
            expect(poolStats()!.workerShares).toBeGreaterThan(before);
            overrideMainShares(true);
          }
        }
      }
    }
  });

  it('α = 1, β = 0 into a padded resident C of whole 8-column tiles (written straight)', () => {
    // row mode (m > n) and column mode; rows padded by 3 floats that must stay untouched
    for (const [m, k, n] of [
      [203, 300, 64],
      [128, 400, 400],
    ] as const) {
      const arena = arenaFor(
        [
          [m, k],
          [k, n],
          [m, n + 3],
        ],
        m,
        k,
        n,
      );
      const a = arena.copyOf(fill32(m, k, m));
      const b = arena.copyOf(fill32(k, n, n));
      const c = { ...arena.zeros(m, n + 3), cols: n };
      c.data.fill(Number.NaN);
      for (const workersOnly of [false, true]) {
        overrideMainShares(!workersOnly);
        check(1, a, b, 0, c, true);
        for (let i = 0; i < m; i++) {
          for (let j = n; j < n + 3; j++) expect(c.data[i * (n + 3) + j]).toBeNaN();
        }
      }
    }
  });

  it('copies no resident operand into the pool memory', () => {
    const [m, k, n] = [128, 784, 500];
    const arena = arenaFor(
      [
        [m, k],
        [k, n],
        [m, n],
      ],
      m,
      k,
      n,
    );
    closeThreads();
    const a = arena.copyOf(fill32(m, k, 1));
    const b = arena.copyOf(fill32(k, n, 2));
    const c = arena.zeros(m, n);
    check(1, a, b, 0, c, true);
    // the fresh pool's memory holds its control block only: nothing was copied into it
    expect(poolStats()!.bytes).toBeLessThanOrEqual(2 * 65536);
  });

  it('mixes resident and ordinary operands, and strided views of C', () => {
    const [m, k, n] = [64, 96, 80];
    const arena = arenaFor(
      [
        [m, k],
        [k, n],
        [m, 2 * n],
      ],
      m,
      k,
      n,
    );
    const a = arena.copyOf(fill32(m, k, 3));
    const b = arena.copyOf(fill32(k, n, 4));
    const wide = arena.copyOf(fill32(m, 2 * n, 5));
    // C every other column of a resident block (a sparse span: folded through its strides)
    const cSparse: Matrix<Float32Array> = { ...wide, cols: n, colStride: 2 };
    check(0.5, a, b, 1, cSparse, true);
    // ordinary C, resident A and B: the job runs in the arena (found through B)
    check(1, a, b, -1, fill32(m, n, 6), true);
    // resident C only
    check(1, fill32(m, k, 7), fill32(k, n, 8), 0.25, arena.copyOf(fill32(m, n, 9)), true);
    // negative strides inside the arena
    const flipped: Matrix<Float32Array> = {
      ...a,
      offset: a.offset + (m - 1) * a.rowStride,
      rowStride: -a.rowStride,
    };
    check(1, flipped, b, 0, arena.copyOf(fill32(m, n, 10)), true);
  });

  it('runs in the pool memory, with the same bits, when the arena has no room for the scratch', () => {
    const [m, k, n] = [128, 784, 500];
    const arena = createArena(arenaBytes([m * n]));
    const c = arena.zeros(m, n);
    check(1, fill32(m, k, 11), fill32(k, n, 12), 0, c, false);
  });

  it('stays on one thread in an arena when getThreads() is 1, with the same bits', () => {
    const [m, k, n] = [128, 784, 500];
    const arena = arenaFor(
      [
        [m, k],
        [k, n],
        [m, n],
      ],
      m,
      k,
      n,
    );
    const a = arena.copyOf(fill32(m, k, 13));
    const b = arena.copyOf(fill32(k, n, 14));
    const c = arena.zeros(m, n);
    setThreads(1);
    try {
      const want = plain(c);
      expect(gemmWasm(1, plain(a), plain(b), 0, want)).toBe(true);
      gemm(1, a, b, 0, c);
      expect(poolStats()).toBeUndefined();
      expect(sameBits(c.data, want.data)).toBe(true);
    } finally {
      setThreads(2);
    }
  });
});
