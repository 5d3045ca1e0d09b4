import { loadavg } from 'node:os';
import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import {
  BinaryIndex,
  biasSigmoid,
  binaryGemm,
  binaryGemmT,
  createArena,
  getThreadSpin,
} from '../src/index.js';
import { poolStats } from '../src/parallel/pool.js';
import {
  BINARY_MIN_ADDS,
  overrideBinaryMinAdds,
  overrideRowsMinElements,
  ROWS_MIN_ELEMENTS,
  ROWS_MIN_ELEMENTS_SPINNING,
} from '../src/parallel/rows-parallel.js';
import { binaryFilled } from './binary.js';
import { machine, onTwoThreads, packageDir, table } from './common.js';

/*
 * Where splitting the row-wise kernels over two threads pays: bias + sigmoid, the binary gather
 * A·B and the binary scatter Aᵀ·B (0/1 A at MNIST's 13 % density), on operands resident in one
 * shared arena as in training, at batch sizes 2…256. One thread and two threads (thresholds
 * overridden both ways, on one open pool) are timed in alternating rounds; the result file records the spin time
 * (threads.ts setThreadSpin) and the thresholds the code sets from such runs.
 */

const ROUNDS = 5;

interface Case {
  readonly kernel: 'biasSigmoid' | 'gather' | 'scatter';
  readonly m: number;
  /** Elements (bias + sigmoid) or adds (list entries × columns, binary kernels). */
  readonly work: number;
  readonly run: () => void;
}

function cases(): Case[] {
  const arena = createArena(64 << 20);
  const out: Case[] = [];
  const n = 500;
  const k = 784;
  const W = arena.zeros(k, n);
  for (let q = 0; q < W.data.length; q++) W.data[q] = Math.sin(q * 0.37);
  const b = arena.zeros(1, n).data;
  const G = arena.zeros(k, n);
  for (const m of [2, 5, 16, 32, 64, 128, 256]) {
    const Z = arena.zeros(m, n);
    for (let q = 0; q < Z.data.length; q++) Z.data[q] = Math.sin(q * 0.11) * 4;
    const H = arena.zeros(m, n);
    out.push({ kernel: 'biasSigmoid', m, work: m * n, run: () => biasSigmoid(Z, b, H) });
    const V = binaryFilled(m, k, 0.13, 1, arena.zeros(m, k).data);
    const index = new BinaryIndex(m, k, arena);
    index.fill(V);
    const adds = index.nnz * n;
    out.push({ kernel: 'gather', m, work: adds, run: () => binaryGemm(1, index, W, 0, H) });
    out.push({ kernel: 'scatter', m, work: adds, run: () => binaryGemmT(0.1, index, Z, 1, G) });
  }
  return out;
}

/** Best and median seconds of `run` on 1 and on 2 threads (forced), interleaved in rounds. */
function measure(c: Case) {
  const one = { best: [] as number[], median: [] as number[] };
  const two = { best: [] as number[], median: [] as number[] };
  const jobs = poolStats()?.jobs ?? 0;
  for (let r = 0; r < ROUNDS; r++) {
    // one thread: thresholds no job reaches; two: thresholds every job reaches (same open pool)
    overrideRowsMinElements(Number.POSITIVE_INFINITY);
    overrideBinaryMinAdds(Number.POSITIVE_INFINITY);
    const t1 = time(c.run, 3, 0.02);
    overrideRowsMinElements(1);
    overrideBinaryMinAdds(1);
    const t2 = time(c.run, 3, 0.02);
    overrideRowsMinElements(undefined);
    overrideBinaryMinAdds(undefined);
    one.best.push(t1.bestSeconds);
    one.median.push(t1.medianSeconds);
    two.best.push(t2.bestSeconds);
    two.median.push(t2.medianSeconds);
  }
  const med = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;
  return {
    oneThread: { bestSeconds: Math.min(...one.best), medianSeconds: med(one.median) },
    twoThreads: { bestSeconds: Math.min(...two.best), medianSeconds: med(two.median) },
    parallel: (poolStats()?.jobs ?? 0) > jobs,
  };
}

/**
 * Runs the row-split benchmark (wasm backend, 2 threads; skipped without threads), prints a table
 * and writes bench/results/rows-parallel.json.
 */
export function run(): void {
  onTwoThreads('rows-parallel', measureAll);
}

function measureAll(): void {
  const loadBefore = loadavg();
  const rows = cases().map((c) => {
    const r = measure(c);
    return {
      kernel: c.kernel,
      m: c.m,
      work: c.work,
      ...r,
      speedup: r.oneThread.bestSeconds / r.twoThreads.bestSeconds,
      medianSpeedup: r.oneThread.medianSeconds / r.twoThreads.medianSeconds,
    };
  });
  const loadAfter = loadavg();
  const f = (x: number, d = 2) => x.toFixed(d);
  const us = (s: number) => f(s * 1e6, 1);
  console.log(
    `\nrow-split kernels on 2 threads, float32 wasm, resident operands, n = 500, k = 784, density 0.13 (µs; spin ${getThreadSpin()} µs; load ${f(loadBefore[0]!)} → ${f(loadAfter[0]!)})`,
  );
  console.log(
    table(
      ['kernel', 'm', 'work', '1 thread', '2 threads', 'speedup (median)'],
      rows.map((r) => [
        r.kernel,
        String(r.m),
        String(r.work),
        `${us(r.oneThread.bestSeconds)} (${us(r.oneThread.medianSeconds)})`,
        `${us(r.twoThreads.bestSeconds)} (${us(r.twoThreads.medianSeconds)})`,
        `${f(r.speedup)} (${f(r.medianSpeedup)})`,
      ]),
    ),
  );
  const path = writeResults(packageDir, 'rows-parallel', {
    machine: machine(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    threadSpinMicroseconds: getThreadSpin(),
    thresholds: {
      binaryMinAdds: BINARY_MIN_ADDS,
      rowsMinElements: ROWS_MIN_ELEMENTS,
      rowsMinElementsSpinning: ROWS_MIN_ELEMENTS_SPINNING,
    },
    rows,
  });
  console.log(`→ ${path}`);
}

if (import.meta.url === `file://${process.argv[1]}`) run();
