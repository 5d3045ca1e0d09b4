import { availableParallelism } from 'node:os';
import {
  closeThreads,
  createArena,
  DEFAULT_THREAD_SPIN_US,
  gemm,
  getBackend,
  getThreadSpin,
  getThreads,
  MAX_THREAD_SPIN_US,
  setBackend,
  setThreadSpin,
  setThreads,
} from '@dbn/linalg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  overrideParallelMinWork,
  PARALLEL_MIN_WORK,
  PARALLEL_MIN_WORK_SPINNING,
  parallelMinWork,
} from '../src/parallel/gemm-parallel.js';
import {
  overrideMainShares,
  poolSpinning,
  poolStats,
  threadsSupported,
} from '../src/parallel/pool.js';
import {
  ROWS_MIN_ELEMENTS,
  ROWS_MIN_ELEMENTS_SPINNING,
  rowsMinElements,
} from '../src/parallel/rows-parallel.js';
import { threadSpinFromEnvironment } from '../src/parallel/threads.js';
import { detectSimd, gemmWasm } from '../src/wasm/backend.js';
import { bytesOf, sameBytes } from './reference.js';

// Idle pool threads poll for the next job for a bounded time before sleeping (pool.ts, "Spin,
// then sleep"): the setting, its environment variable, the thresholds it selects, and jobs that
// arrive while workers spin and after they went to sleep.

const RUN = detectSimd() && threadsSupported();
const DEFAULT_BACKEND = getBackend();
const DEFAULT_THREADS = getThreads();
const DEFAULT_SPIN = getThreadSpin();
const CORES = availableParallelism();

describe('setThreadSpin and DBN_THREAD_SPIN_US', () => {
  afterEach(() => setThreadSpin(DEFAULT_SPIN));

  it('reads DBN_THREAD_SPIN_US from process.env, else from globalThis, and rejects other values', () => {
    expect(threadSpinFromEnvironment({})).toBeUndefined();
    expect(threadSpinFromEnvironment({ process: { env: {} } })).toBeUndefined();
    expect(threadSpinFromEnvironment({ process: { env: { DBN_THREAD_SPIN_US: '0' } } })).toBe(0);
    expect(threadSpinFromEnvironment({ process: { env: { DBN_THREAD_SPIN_US: '350' } } })).toBe(
      350,
    );
    expect(threadSpinFromEnvironment({ DBN_THREAD_SPIN_US: 50 })).toBe(50);
    for (const bad of ['-1', 'fast', '1.5', ' 2', String(MAX_THREAD_SPIN_US + 1)]) {
      expect(() =>
        threadSpinFromEnvironment({ process: { env: { DBN_THREAD_SPIN_US: bad } } }),
      ).toThrow(
        `DBN_THREAD_SPIN_US must be an integer from 0 to ${MAX_THREAD_SPIN_US}, got '${bad}'`,
      );
    }
    expect(() => threadSpinFromEnvironment({ DBN_THREAD_SPIN_US: -5 })).toThrow(
      /globalThis.DBN_THREAD_SPIN_US/,
    );
  });

  it('defaults to DEFAULT_THREAD_SPIN_US unless DBN_THREAD_SPIN_US says otherwise', () => {
    expect(DEFAULT_SPIN).toBe(threadSpinFromEnvironment() ?? DEFAULT_THREAD_SPIN_US);
  });

  it('setThreadSpin takes an integer from 0 to MAX_THREAD_SPIN_US and rejects others, naming it', () => {
    setThreadSpin(0);
    expect(getThreadSpin()).toBe(0);
    setThreadSpin(MAX_THREAD_SPIN_US);
    expect(getThreadSpin()).toBe(MAX_THREAD_SPIN_US);
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_THREAD_SPIN_US + 1]) {
      expect(() => setThreadSpin(bad)).toThrow(RangeError);
      expect(() => setThreadSpin(bad)).toThrow(
        `microseconds must be an integer from 0 to ${MAX_THREAD_SPIN_US}, got ${bad}`,
      );
    }
    expect(() => setThreadSpin('10' as unknown as number)).toThrow(TypeError);
    expect(() => setThreadSpin('10' as unknown as number)).toThrow(
      'microseconds must be a number, got string',
    );
    expect(getThreadSpin()).toBe(MAX_THREAD_SPIN_US);
  });
});

/** A resident m×k · k×n product's bits on one thread (the single-thread wasm kernel). */
function operands(m: number, k: number, n: number) {
  const arena = createArena(4 * (m * k + k * n + 2 * m * n) + (8 << 20));
  const A = arena.zeros(m, k);
  const B = arena.zeros(k, n);
  const C = arena.zeros(m, n);
  for (let q = 0; q < A.data.length; q++) A.data[q] = Math.sin(q * 0.61);
  for (let q = 0; q < B.data.length; q++) B.data[q] = Math.cos(q * 0.29);
  const want = arena.zeros(m, n);
  expect(gemmWasm(1, A, B, 0, want)).toBe(true);
  return { A, B, C, want: bytesOf(want.data) };
}

describe.skipIf(!RUN)('jobs while threads spin and after they sleep', () => {
  beforeAll(() => {
    setBackend('wasm');
    setThreads(2);
  });
  afterEach(() => {
    overrideMainShares(true);
    overrideParallelMinWork(undefined);
    setThreadSpin(DEFAULT_SPIN);
  });
  afterAll(() => {
    setThreads(DEFAULT_THREADS);
    closeThreads();
    setBackend(DEFAULT_BACKEND);
  });

  let small: ReturnType<typeof operands> | undefined;
  /** Runs one small product on the pool (a job that ends now). */
  function job(): void {
    small ??= operands(20, 20, 40);
    overrideParallelMinWork(1);
    const before = poolStats()?.jobs ?? 0;
    gemm(1, small.A, small.B, 0, small.C);
    expect(poolStats()!.jobs).toBe(before + 1);
    overrideParallelMinWork(undefined);
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it.skipIf(CORES < 2)(
    'uses the lower thresholds only while the pool still spins after its last job',
    async () => {
      overrideParallelMinWork(undefined);
      setThreadSpin(0);
      job();
      expect(poolSpinning()).toBe(false);
      expect(parallelMinWork()).toBe(PARALLEL_MIN_WORK);
      expect(rowsMinElements()).toBe(ROWS_MIN_ELEMENTS);
      setThreadSpin(20_000);
      job();
      expect(poolSpinning()).toBe(true);
      expect(parallelMinWork()).toBe(PARALLEL_MIN_WORK_SPINNING);
      expect(rowsMinElements()).toBe(ROWS_MIN_ELEMENTS_SPINNING);
      expect(PARALLEL_MIN_WORK_SPINNING).toBeLessThan(PARALLEL_MIN_WORK);
      expect(ROWS_MIN_ELEMENTS_SPINNING).toBeLessThan(ROWS_MIN_ELEMENTS);
      // 20 ms after the last job its threads sleep again: the first job pays the wake-up
      await pause(40);
      expect(poolSpinning()).toBe(false);
      expect(parallelMinWork()).toBe(PARALLEL_MIN_WORK);
      overrideParallelMinWork(123);
      expect(parallelMinWork()).toBe(123);
    },
  );

  it.skipIf(CORES < 2)(
    'runs a product between the two thresholds on the pool only while threads spin',
    async () => {
      // 100 × 160 × 400 = 6.4 × 10⁶: above the spinning threshold, below the sleeping one
      const { A, B, C, want } = operands(100, 160, 400);
      expect(100 * 160 * 400).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK_SPINNING);
      expect(100 * 160 * 400).toBeLessThan(PARALLEL_MIN_WORK);
      for (const [spin, warm, pooled] of [
        [0, true, false],
        [20_000, true, true],
        [20_000, false, false],
      ] as const) {
        setThreadSpin(spin);
        job();
        if (!warm) await pause(40);
        const before = poolStats()!.jobs;
        C.data.fill(Number.NaN);
        gemm(1, A, B, 0, C);
        expect(poolStats()!.jobs).toBe(before + (pooled ? 1 : 0));
        expect(sameBytes(C.data, want)).toBe(true);
      }
    },
  );

  it('gives the same bits with workers spinning, sleeping, and running every share', async () => {
    const { A, B, C, want } = operands(60, 70, 90);
    overrideParallelMinWork(1);
    for (const spin of [0, 50, 20_000]) {
      setThreadSpin(spin);
      for (const workersOnly of [false, true]) {
        overrideMainShares(!workersOnly);
        const shares = poolStats()?.workerShares ?? 0;
        // back to back (workers still polling), then after a pause longer than the spin (asleep)
        for (let r = 0; r < 20; r++) {
          C.data.fill(Number.NaN);
          gemm(1, A, B, 0, C);
          expect(sameBytes(C.data, want)).toBe(true);
        }
        await new Promise((resolve) => setTimeout(resolve, spin / 1000 + 30));
        C.data.fill(Number.NaN);
        gemm(1, A, B, 0, C);
        expect(sameBytes(C.data, want)).toBe(true);
        if (workersOnly) expect(poolStats()!.workerShares).toBeGreaterThan(shares);
      }
      expect(poolStats()!.spin).toBe(CORES >= 2 ? spin : 0);
    }
  });

  it('keeps the spin time of a pool that is replaced; a pool of more threads than cores never spins', () => {
    setThreadSpin(77);
    closeThreads();
    job();
    expect(poolStats()!.spin).toBe(CORES >= 2 ? 77 : 0);
    setThreads(CORES + 1);
    job();
    expect(poolStats()!.workers).toBe(CORES);
    expect(poolStats()!.spin).toBe(0);
    expect(poolSpinning()).toBe(false);
    setThreadSpin(90);
    expect(poolStats()!.spin).toBe(0);
    setThreads(2);
    job();
    expect(poolStats()!.spin).toBe(CORES >= 2 ? 90 : 0);
  });
});
