import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  closeThreads,
  gemm,
  getBackend,
  getThreads,
  type Matrix,
  setBackend,
  setThreads,
  transpose,
  zeros,
} from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  overrideParallelMinWork,
  PARALLEL_MIN_WORK,
  SHARES_PER_THREAD,
} from '../src/parallel/gemm-parallel.js';
import { overrideMainShares, poolStats, threadsSupported } from '../src/parallel/pool.js';
import { MAX_THREADS, threadsFromEnvironment } from '../src/parallel/threads.js';
import { detectSimd, gemmWasm } from '../src/wasm/backend.js';
import { filled } from './reference.js';

const RUN = detectSimd() && threadsSupported();
const DEFAULT_BACKEND = getBackend();
const DEFAULT_THREADS = getThreads();
const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A deterministic float32 rows×cols row-major matrix (reference.ts's fill). */
function fill32(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  return filled(rows, cols, 'f32', seed) as Matrix<Float32Array>;
}

/** A copy of C0 with its own data (gaps included). */
function copyOf(c0: Matrix<Float32Array>): Matrix<Float32Array> {
  return { ...c0, data: c0.data.slice() };
}

/** The single-thread wasm result of C ← α·A·B + β·C on a copy of C0. */
function single(
  alpha: number,
  a: Matrix<Float32Array>,
  b: Matrix<Float32Array>,
  beta: number,
  c0: Matrix<Float32Array>,
): Matrix<Float32Array> {
  const c = copyOf(c0);
  expect(gemmWasm(alpha, a, b, beta, c)).toBe(true);
  return c;
}

/** gemm on a copy of C0; asserts that it ran as one job of the pool (it did go parallel). */
function parallel(
  alpha: number,
  a: Matrix<Float32Array>,
  b: Matrix<Float32Array>,
  beta: number,
  c0: Matrix<Float32Array>,
): Matrix<Float32Array> {
  const c = copyOf(c0);
  const before = poolStats()?.jobs ?? 0;
  gemm(alpha, a, b, beta, c);
  expect(poolStats()?.jobs).toBe(before + 1);
  return c;
}

/** True when x and y hold the same bits everywhere (NaN payloads and −0 included). */
function sameBits(x: Float32Array, y: Float32Array): boolean {
  if (x.length !== y.length) return false;
  const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const v = new Uint32Array(y.buffer, y.byteOffset, y.length);
  for (let q = 0; q < u.length; q++) if (u[q] !== v[q]) return false;
  return true;
}

const scalarArb = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

const caseArb = fc
  .record({
    m: dimArb({ min: 1, max: 70 }),
    k: dimArb({ min: 1, max: 40 }),
    n: dimArb({ min: 1, max: 70 }),
  })
  .chain(({ m, k, n }) =>
    fc.record({
      alpha: scalarArb.filter((x) => x !== 0),
      beta: scalarArb,
      a: matrixArb({ rows: m, cols: k, dtype: 'f32', layout: 'strided', negativeStrides: true }),
      b: matrixArb({ rows: k, cols: n, dtype: 'f32', layout: 'strided', negativeStrides: true }),
      c: matrixArb({ rows: m, cols: n, dtype: 'f32', layout: 'strided', negativeStrides: true }),
    }),
  );

describe('DBN_THREADS and setThreads', () => {
  it('reads DBN_THREADS from process.env, else from globalThis, and rejects other values', () => {
    expect(threadsFromEnvironment({})).toBeUndefined();
    expect(threadsFromEnvironment({ process: { env: {} } })).toBeUndefined();
    expect(threadsFromEnvironment({ process: { env: { DBN_THREADS: '2' } } })).toBe(2);
    expect(threadsFromEnvironment({ process: { env: { DBN_THREADS: '1' } } })).toBe(1);
    expect(threadsFromEnvironment({ DBN_THREADS: 4 })).toBe(4);
    for (const bad of ['0', 'two', '1.5', '-2', ' 2', String(MAX_THREADS + 1)]) {
      expect(() => threadsFromEnvironment({ process: { env: { DBN_THREADS: bad } } })).toThrow(
        RangeError,
      );
      expect(() => threadsFromEnvironment({ process: { env: { DBN_THREADS: bad } } })).toThrow(
        `DBN_THREADS must be an integer from 1 to ${MAX_THREADS}, got '${bad}'`,
      );
    }
    expect(() => threadsFromEnvironment({ DBN_THREADS: 0 })).toThrow(/globalThis.DBN_THREADS/);
  });

  it('setThreads rejects anything but an integer from 1 to MAX_THREADS, naming it', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, MAX_THREADS + 1]) {
      expect(() => setThreads(bad)).toThrow(RangeError);
      expect(() => setThreads(bad)).toThrow(
        `threads must be an integer from 1 to ${MAX_THREADS}, got ${bad}`,
      );
    }
    expect(() => setThreads('2' as unknown as number)).toThrow(TypeError);
    expect(() => setThreads('2' as unknown as number)).toThrow(
      'threads must be a number, got string',
    );
    expect(getThreads()).toBe(DEFAULT_THREADS);
  });

  it('defaults to one thread unless DBN_THREADS says otherwise', () => {
    expect(DEFAULT_THREADS).toBe(threadsSupported() ? (threadsFromEnvironment() ?? 1) : 1);
  });
});

describe.skipIf(!RUN)('gemm on two threads', () => {
  beforeAll(() => {
    setBackend('wasm');
    setThreads(2);
    overrideParallelMinWork(1);
  });
  afterEach(() => {
    overrideMainShares(true);
    overrideParallelMinWork(1);
    setThreads(2);
  });
  afterAll(() => {
    overrideParallelMinWork(undefined);
    setThreads(DEFAULT_THREADS);
    closeThreads();
    setBackend(DEFAULT_BACKEND);
  });

  it('reports the thread count and opens a pool of one worker', () => {
    expect(getThreads()).toBe(2);
    parallel(1, fill32(16, 8, 1), fill32(8, 16, 2), 0, zeros(16, 16));
    expect(poolStats()?.workers).toBe(1);
  });

  it('is bit-identical to one thread for random shapes, strides, transposes and α, β', () => {
    fc.assert(
      fc.property(caseArb, ({ alpha, a, b, beta, c }) => {
        const m = c.rows;
        const n = c.cols;
        // a split needs two strips: of 8 columns (m ≤ n, or B read in place) or of 5 rows
        const byCols = m <= n || (m <= 32 && b.colStride === 1);
        fc.pre(byCols ? n > 8 : m > 5);
        const want = single(alpha, a, b, beta, c);
        expect(sameBits(parallel(alpha, a, b, beta, c).data, want.data)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('is bit-identical on training shapes, all transpose combinations, every split mode', () => {
    // [m, k, n]: batch 5 (B read in place), batch 128 forward, the weight gradient, tall C
    const shapes: [number, number, number][] = [
      [5, 784, 500],
      [128, 784, 500],
      [500, 128, 784],
      [301, 257, 45],
      [37, 520, 530],
    ];
    let seed = 0;
    for (const [m, k, n] of shapes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          seed++;
          const a = ta ? transpose(fill32(k, m, seed)) : fill32(m, k, seed);
          const b = tb ? transpose(fill32(n, k, -seed)) : fill32(k, n, -seed);
          const c0 = fill32(m, n, 2 * seed);
          for (const [alpha, beta] of [
            [1, 0],
            [-0.75, 0.5],
          ] as const) {
            const want = single(alpha, a, b, beta, c0);
            const got = parallel(alpha, a, b, beta, c0);
            expect(sameBits(got.data, want.data)).toBe(true);
          }
        }
      }
    }
  });

  it('gives the same bits when the workers run every share (and with three threads)', () => {
    const bt = transpose(fill32(61, 90, 4));
    // [A, B, C0, splits]: row mode (70 > 61: 14 strips of 5 rows), column mode (B read in place:
    // 8 strips of 8 columns), dot products A·Bᵀ (20 rows: 16 groups of 4 columns)
    const cases = [
      [fill32(70, 90, 3), bt, fill32(70, 61, 5), 14],
      [fill32(20, 90, 6), fill32(90, 61, 8), fill32(20, 61, 7), 8],
      [fill32(20, 90, 6), bt, fill32(20, 61, 7), 16],
    ] as const;
    for (const threads of [2, 3]) {
      setThreads(threads);
      overrideMainShares(false);
      for (const [a, b, c0, splits] of cases) {
        const before = poolStats()?.workerShares ?? 0;
        for (const [alpha, beta] of [
          [0.5, -2],
          [2, 0],
        ] as const) {
          const want = single(alpha, a, b, beta, c0);
          expect(sameBits(parallel(alpha, a, b, beta, c0).data, want.data)).toBe(true);
        }
        const shares = Math.min(splits, SHARES_PER_THREAD * threads);
        expect(poolStats()!.workerShares - before).toBe(2 * shares);
      }
      expect(poolStats()!.workers).toBe(threads - 1);
    }
  });

  it('handles sparse views (gathered operands, C folded through its strides)', () => {
    const big = new Float32Array(40_000).map((_, q) => Math.cos(q));
    const a: Matrix<Float32Array> = {
      data: big,
      rows: 12,
      cols: 7,
      rowStride: 1000,
      colStride: -3,
      offset: 50,
    };
    const b: Matrix<Float32Array> = {
      data: big,
      rows: 7,
      cols: 40,
      rowStride: 7,
      colStride: 900,
      offset: 20,
    };
    for (const beta of [0, 0.25]) {
      for (const sparseC of [false, true]) {
        const data = new Float32Array(sparseC ? 20_000 : 600).fill(Number.NaN);
        const c0: Matrix<Float32Array> = sparseC
          ? { data, rows: 12, cols: 40, rowStride: 1500, colStride: 2, offset: 5 }
          : { data, rows: 12, cols: 40, rowStride: 44, colStride: 1, offset: 3 };
        for (let i = 0; i < 12; i++) {
          for (let j = 0; j < 40; j++)
            data[c0.offset + i * c0.rowStride + j * c0.colStride] = i - j;
        }
        const got = parallel(-1.5, a, b, beta, c0);
        expect(sameBits(got.data, single(-1.5, a, b, beta, c0).data)).toBe(true);
      }
    }
  });

  it('keeps small products on one thread (below PARALLEL_MIN_WORK)', () => {
    overrideParallelMinWork(undefined);
    const jobs = poolStats()?.jobs ?? 0;
    const [m, k, n] = [20, 50, 60];
    expect(m * k * n).toBeLessThan(PARALLEL_MIN_WORK);
    const a = fill32(m, k, 1);
    const b = fill32(k, n, 2);
    const c = zeros(m, n);
    gemm(1, a, b, 0, c);
    expect(poolStats()?.jobs ?? 0).toBe(jobs);
    expect(sameBits(c.data, single(1, a, b, 0, zeros(m, n)).data)).toBe(true);
    // one 5-row strip and one 8-column strip: nothing to split even above the threshold
    overrideParallelMinWork(1);
    gemm(1, fill32(3, 9, 1), fill32(9, 7, 2), 0, zeros(3, 7));
    expect(poolStats()?.jobs ?? 0).toBe(jobs);
  });

  it('closes and re-opens the pool (closeThreads, setThreads(1), setThreads(2))', () => {
    const a = fill32(40, 30, 8);
    const b = fill32(30, 50, 9);
    const c0 = fill32(40, 50, 10);
    const want = single(1.25, a, b, 0.5, c0);
    expect(sameBits(parallel(1.25, a, b, 0.5, c0).data, want.data)).toBe(true);
    closeThreads();
    expect(poolStats()).toBeUndefined();
    expect(getThreads()).toBe(2);
    expect(sameBits(parallel(1.25, a, b, 0.5, c0).data, want.data)).toBe(true);
    expect(poolStats()?.jobs).toBe(1);
    setThreads(1);
    expect(getThreads()).toBe(1);
    expect(poolStats()).toBeUndefined();
    const c = copyOf(c0);
    gemm(1.25, a, b, 0.5, c);
    expect(poolStats()).toBeUndefined();
    expect(sameBits(c.data, want.data)).toBe(true);
    setThreads(2);
    expect(sameBits(parallel(1.25, a, b, 0.5, c0).data, want.data)).toBe(true);
  });

  it('stays on the js kernels when the js backend is chosen', () => {
    const jobs = poolStats()?.jobs ?? 0;
    setBackend('js');
    try {
      gemm(1, fill32(40, 30, 1), fill32(30, 50, 2), 0, zeros(40, 50));
      expect(poolStats()?.jobs ?? 0).toBe(jobs);
    } finally {
      setBackend('wasm');
    }
  });

  /** Runs `script` as an ES module in a child Node (sources through tsx) with DBN_THREADS set. */
  function child(script: string, threads: string) {
    return spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@dbn/source', '--input-type=module', '-e', script],
      {
        cwd: pkg,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, DBN_THREADS: threads, DBN_BACKEND: 'wasm' },
      },
    );
  }

  it('reads DBN_THREADS at load; the open pool does not keep the process alive', () => {
    const res = child(
      `
        const { gemm, getThreads, zeros } = await import('@dbn/linalg');
        const { poolStats } = await import('./src/parallel/pool.ts');
        const a = zeros(320, 256), b = zeros(256, 256);
        a.data.fill(1); b.data.fill(1);
        const c = zeros(320, 256);
        gemm(1, a, b, 0, c);
        console.log(getThreads(), poolStats()?.jobs, c.data[0]);
      `,
      '2',
    );
    expect(res.error).toBeUndefined();
    expect(res.stdout.trim()).toBe('2 1 256');
    expect(res.status).toBe(0);
  }, 90_000);

  it('fails to load with a RangeError naming an invalid DBN_THREADS', () => {
    const res = child(`await import('@dbn/linalg');`, 'many');
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(
      /RangeError: DBN_THREADS must be an integer from 1 to 64, got 'many'/,
    );
  }, 90_000);
});
