import {
  arenaBytes,
  BinaryIndex,
  biasSigmoid,
  binaryGemm,
  binaryGemmT,
  binaryGemmTDiff,
  closeThreads,
  createArena,
  getBackend,
  getThreads,
  setBackend,
  setThreads,
} from '@dbn/linalg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overrideMainShares, poolStats, threadsSupported } from '../src/parallel/pool.js';
import { overrideBinaryMinAdds, overrideRowsMinElements } from '../src/parallel/rows-parallel.js';
import { detectSimd } from '../src/wasm/backend.js';
import { bytesOf } from './reference.js';

// Row-wise kernels split over the pool's threads (src/parallel/rows-parallel.ts): on operands in
// a shared arena, the same bits as the single-thread kernel, computed partly by workers.

const RUN = detectSimd() && threadsSupported();
const DEFAULT_BACKEND = getBackend();
const DEFAULT_THREADS = getThreads();

/** biasSigmoid of an m × n block (row stride n + pad, values in [−40, 40]) on `threads` threads. */
function run(threads: number, m: number, n: number, pad: number, inPlace: boolean) {
  setThreads(threads);
  const arena = createArena(arenaBytes([m * (n + pad), m * (n + pad), n]));
  const A = { ...arena.zeros(m, n + pad), cols: n };
  const C = inPlace ? A : { ...arena.zeros(m, n + pad), cols: n };
  const b = arena.float32(n);
  for (let q = 0; q < A.data.length; q++) A.data[q] = 40 * Math.sin(q * 0.37 + m);
  for (let j = 0; j < n; j++) b[j] = Math.cos(j) - 0.5;
  biasSigmoid(A, b, C);
  return bytesOf(C.data.slice(0, m * (n + pad)));
}

describe.skipIf(!RUN)('biasSigmoid split by rows over two threads', () => {
  beforeAll(() => {
    setBackend('wasm');
    overrideRowsMinElements(1);
  });
  afterEach(() => {
    overrideMainShares(true);
  });
  afterAll(() => {
    overrideRowsMinElements(undefined);
    setThreads(DEFAULT_THREADS);
    closeThreads();
    setBackend(DEFAULT_BACKEND);
  });

  it('gives the single-thread bits (in place and not, ragged widths, padded rows)', () => {
    const cases = [
      [2, 3, 0],
      [5, 500, 0],
      [7, 13, 3],
      [128, 784, 0],
      [33, 101, 5],
    ].flatMap(([m, n, pad]) => [false, true].map((inPlace) => [m!, n!, pad!, inPlace] as const));
    // all single-thread results first: switching the thread count restarts the pool
    const one = cases.map(([m, n, pad, inPlace]) => run(1, m, n, pad, inPlace));
    cases.forEach(([m, n, pad, inPlace], q) => {
      const before = poolStats()?.jobs ?? 0;
      const two = run(2, m, n, pad, inPlace);
      expect(poolStats()!.jobs).toBe(before + 1);
      expect(Buffer.from(two).equals(Buffer.from(one[q]!))).toBe(true);
    });
  });

  it('runs shares on the workers', () => {
    overrideMainShares(false);
    const one = run(1, 64, 40, 0, false);
    const before = poolStats()?.workerShares ?? 0;
    expect(Buffer.from(run(2, 64, 40, 0, false)).equals(Buffer.from(one))).toBe(true);
    expect(poolStats()!.workerShares).toBeGreaterThan(before);
  });

  it('stays on one thread below the threshold or for one row', () => {
    overrideRowsMinElements(undefined);
    const before = poolStats()?.jobs ?? 0;
    run(2, 4, 100, 0, false);
    overrideRowsMinElements(1);
    run(2, 1, 1000, 0, false);
    expect(poolStats()?.jobs ?? 0).toBe(before);
  });
});

/**
 * A deterministic 0/1 m × k matrix of about `d` ones, a dense B (k × n) and a C (m × n) in one
 * arena made on `threads` threads, then C ← α·A·B + β·C by binaryGemm, for a second 0/1 A₂,
 * W ← α(A₁ᵀ·P₁ − A₂ᵀ·P₂) + W by binaryGemmTDiff, and V ← α·A₁ᵀ·P₁ + β·V by binaryGemmT (the
 * scatter without a second set); returns the three results' bytes.
 */
function binaryRun(threads: number, m: number, k: number, n: number, d: number) {
  setThreads(threads);
  const arena = createArena(
    arenaBytes(
      [m * k, m * k, k * n, m * n, m * n, m * n, k * n, k * n],
      [m + 1, k + 1, m * k, m * k].concat([m + 1, k + 1, m * k, m * k]),
      1 << 20,
    ),
  );
  const A1 = arena.zeros(m, k);
  const A2 = arena.zeros(m, k);
  const B = arena.zeros(k, n);
  const C = arena.zeros(m, n);
  const P1 = arena.zeros(m, n);
  const P2 = arena.zeros(m, n);
  const Wt = arena.zeros(k, n);
  const V = arena.zeros(k, n);
  let x = 12345;
  const rnd = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  for (let q = 0; q < m * k; q++) {
    A1.data[q] = rnd() < d ? 1 : 0;
    A2.data[q] = rnd() < 2 * d ? 1 : 0;
  }
  for (let q = 0; q < k * n; q++) B.data[q] = rnd() - 0.5;
  for (let q = 0; q < m * n; q++) {
    C.data[q] = rnd();
    P1.data[q] = rnd();
    P2.data[q] = rnd();
  }
  Wt.data.set(B.data);
  V.data.set(B.data);
  const i1 = new BinaryIndex(m, k, arena);
  const i2 = new BinaryIndex(m, k, arena);
  i1.fill(A1);
  i2.fill(A2);
  binaryGemm(0.5, i1, B, 0.25, C);
  binaryGemmTDiff(0.01, i1, P1, i2, P2, 1, Wt);
  binaryGemmT(0.5, i1, P1, 0.25, V);
  return [bytesOf(C.data.slice()), bytesOf(Wt.data.slice()), bytesOf(V.data.slice())];
}

describe.skipIf(!RUN)('binary gather and scatter split by rows over two threads', () => {
  beforeAll(() => {
    setBackend('wasm');
    overrideBinaryMinAdds(1);
  });
  afterEach(() => {
    overrideMainShares(true);
  });
  afterAll(() => {
    overrideBinaryMinAdds(undefined);
    setThreads(DEFAULT_THREADS);
    closeThreads();
    setBackend(DEFAULT_BACKEND);
  });

  it('give the single-thread bits (CD shapes and ragged ones), partly on the workers', () => {
    const cases = [
      [5, 784, 500, 0.13],
      [128, 784, 500, 0.13],
      [33, 50, 27, 0.3],
      [3, 7, 5, 0.5],
    ] as const;
    const one = cases.map(([m, k, n, d]) => binaryRun(1, m, k, n, d));
    overrideMainShares(false);
    cases.forEach(([m, k, n, d], q) => {
      const before = poolStats()?.jobs ?? 0;
      const workers = poolStats()?.workerShares ?? 0;
      const two = binaryRun(2, m, k, n, d);
      // Buffer comparison: a deep equality of 1.5 million bytes takes seconds
      expect(two.map((b, j) => Buffer.from(b).equals(Buffer.from(one[q]![j]!)))).toEqual([
        true,
        true,
        true,
      ]);
      expect(poolStats()!.jobs).toBe(before + 3);
      expect(poolStats()!.workerShares).toBeGreaterThan(workers);
    });
  });

  it('stay on one thread below the add threshold', () => {
    overrideBinaryMinAdds(undefined);
    const before = poolStats()?.jobs ?? 0;
    binaryRun(2, 33, 50, 27, 0.3);
    overrideBinaryMinAdds(1);
    expect(poolStats()?.jobs ?? 0).toBe(before);
  });
});
