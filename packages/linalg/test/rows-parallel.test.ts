import {
  arenaBytes,
  biasSigmoid,
  closeThreads,
  createArena,
  getBackend,
  getThreads,
  setBackend,
  setThreads,
} from '@dbn/linalg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overrideMainShares, poolStats, threadsSupported } from '../src/parallel/pool.js';
import { overrideRowsMinElements } from '../src/parallel/rows-parallel.js';
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
      expect(two).toEqual(one[q]);
    });
  });

  it('runs shares on the workers', () => {
    overrideMainShares(false);
    const one = run(1, 64, 40, 0, false);
    const before = poolStats()?.workerShares ?? 0;
    expect(run(2, 64, 40, 0, false)).toEqual(one);
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
