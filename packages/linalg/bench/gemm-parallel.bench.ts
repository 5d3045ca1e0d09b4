import { loadavg } from 'node:os';
import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import { gemm, getThreadSpin, type Matrix, setThreadSpin, transpose, zeros } from '../src/index.js';
import { overrideParallelMinWork, parallelMinWork } from '../src/parallel/gemm-parallel.js';
import { overrideMainShares, poolStats } from '../src/parallel/pool.js';
import { filled, machine, onTwoThreads, packageDir, table } from './common.js';

interface Shape {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** A is the transposed view of a row-major k×m matrix. */
  readonly transA: boolean;
  /** Part of the threshold sweep (small products) rather than the headline shapes. */
  readonly sweep: boolean;
}

const shape = (m: number, k: number, n: number, transA = false, sweep = false): Shape => ({
  name: transA ? `(${k}×${m})ᵀ·${k}×${n}` : m === k && k === n ? `${m}³` : `${m}×${k}·${k}×${n}`,
  m,
  k,
  n,
  transA,
  sweep,
});

const SHAPES: Shape[] = [
  shape(1024, 1024, 1024),
  shape(128, 784, 500),
  shape(5, 784, 500),
  // training-like, large: the weight gradient Xᵀ·δ of a 128 batch, and a 1000-row forward pass
  shape(784, 128, 500, true),
  shape(1000, 784, 500),
  // the backprop products of a 128 batch through 400-unit layers (forward, weight gradient), and
  // one Gibbs step of 64 chains on a 320→500 RBM
  shape(128, 400, 400),
  shape(400, 128, 400, true),
  shape(64, 320, 500),
  // threshold sweep: m·n·k from 2.6 × 10⁵ to 2.5 × 10⁷
  ...[64, 101, 161, 203, 256].map((s) => shape(s, s, s, false, true)),
  ...[2, 10, 20, 40, 64].map((m) => shape(m, 784, 500, false, true)),
];

interface Measured {
  readonly bestSeconds: number;
  readonly medianSeconds: number;
  readonly gflops: number;
  readonly medianGflops: number;
}

/** Rounds of timing per shape; each round times 1 thread, then 2 threads, 3 samples each. */
const ROUNDS = 5;

function rate(s: Shape, bests: number[], medians: number[]): Measured {
  const flops = 2 * s.m * s.k * s.n;
  const best = Math.min(...bests);
  const median = [...medians].sort((x, y) => x - y)[medians.length >> 1]!;
  return {
    bestSeconds: best,
    medianSeconds: median,
    gflops: flops / best / 1e9,
    medianGflops: flops / median / 1e9,
  };
}

/**
 * Times C ← A·B on 1 thread and on 2 threads (forced even below the threshold), interleaved
 * in rounds so that both see the same background load; best = fastest sample, median = median of
 * the rounds' medians. Also reports whether the 2-thread runs went through the pool.
 */
function measure(s: Shape, a: Matrix, b: Matrix, c: Matrix) {
  const one: [number[], number[]] = [[], []];
  const two: [number[], number[]] = [[], []];
  const jobs = poolStats()?.jobs ?? 0;
  for (let r = 0; r < ROUNDS; r++) {
    overrideParallelMinWork(Number.POSITIVE_INFINITY);
    const t1 = time(() => gemm(1, a, b, 0, c), 3);
    overrideParallelMinWork(1);
    const t2 = time(() => gemm(1, a, b, 0, c), 3);
    one[0].push(t1.bestSeconds);
    one[1].push(t1.medianSeconds);
    two[0].push(t2.bestSeconds);
    two[1].push(t2.medianSeconds);
  }
  overrideParallelMinWork(undefined);
  return {
    one: rate(s, ...one),
    two: rate(s, ...two),
    parallel: (poolStats()?.jobs ?? 0) > jobs,
  };
}

/**
 * The hand-off round trip in µs: a tiny product (8×16·16×16, two shares) run by the workers only
 * (the caller just publishes the job and waits) minus the same product on one thread; best and
 * median over 7 back-to-back samples, with the current spin time (threads.ts setThreadSpin).
 */
function handOffMicroseconds(): { best: number; median: number } {
  const a = filled(8, 16, 'f32', 1);
  const b = filled(16, 16, 'f32', 2);
  const c = zeros(8, 16);
  overrideParallelMinWork(Number.POSITIVE_INFINITY);
  const one = time(() => gemm(1, a, b, 0, c));
  overrideParallelMinWork(1);
  overrideMainShares(false);
  const two = time(() => gemm(1, a, b, 0, c));
  overrideMainShares(true);
  overrideParallelMinWork(undefined);
  return {
    best: (two.bestSeconds - one.bestSeconds) * 1e6,
    median: (two.medianSeconds - one.medianSeconds) * 1e6,
  };
}

/**
 * Runs the threads benchmark: float32 gemm on the wasm backend with 1 and 2 threads (the 2-thread
 * figure forces the pool even below the threshold, to show where the hand-off pays), prints a
 * table and writes bench/results/gemm-parallel.json. The two are timed in alternating rounds per
 * shape, and the load average is recorded before and after, because the machine may be shared.
 */
export function run(): void {
  onTwoThreads('gemm-parallel', measureAll);
}

function measureAll(): void {
  const loadBefore = loadavg();
  const rows = SHAPES.map((s) => {
    const a: Matrix = s.transA ? transpose(filled(s.k, s.m, 'f32', 1)) : filled(s.m, s.k, 'f32', 1);
    const b = filled(s.k, s.n, 'f32', 2);
    const { one, two, parallel } = measure(s, a, b, zeros(s.m, s.n));
    return {
      shape: s.name,
      m: s.m,
      k: s.k,
      n: s.n,
      transA: s.transA,
      work: s.m * s.n * s.k,
      thresholdSweep: s.sweep,
      /** What gemm does by default with 2 threads set (m·n·k ≥ parallelMinWork()). */
      defaultThreads: s.m * s.n * s.k >= parallelMinWork() ? 2 : 1,
      oneThread: one,
      twoThreads: parallel ? two : null,
      speedup: parallel ? one.bestSeconds / two.bestSeconds : null,
      medianSpeedup: parallel ? one.medianSeconds / two.medianSeconds : null,
    };
  });
  const spin = getThreadSpin();
  const handOff = handOffMicroseconds();
  setThreadSpin(0);
  const handOffAsleep = handOffMicroseconds();
  setThreadSpin(spin);
  const loadAfter = loadavg();

  const f = (x: number | null | undefined, d = 2) => (x == null ? '—' : x.toFixed(d));
  console.log(
    `\ngemm on threads, float32 wasm, C ← A·B (GFLOP/s = 2mkn / best time, median in parentheses; load average ${f(loadBefore[0])} before, ${f(loadAfter[0])} after)`,
  );
  console.log(
    table(
      ['shape', 'm·n·k', '1 thread', '2 threads', 'speedup (median)', 'default'],
      rows.map((r) => [
        r.shape,
        String(r.work),
        `${f(r.oneThread.gflops)} (${f(r.oneThread.medianGflops)})`,
        r.twoThreads ? `${f(r.twoThreads.gflops)} (${f(r.twoThreads.medianGflops)})` : '—',
        `${f(r.speedup)} (${f(r.medianSpeedup)})`,
        `${r.defaultThreads}T`,
      ]),
    ),
  );
  const path = writeResults(packageDir, 'gemm-parallel', {
    machine: machine(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    parallelMinWork: parallelMinWork(),
    threadSpinMicroseconds: spin,
    handOffMicroseconds: handOff,
    handOffMicrosecondsSleeping: handOffAsleep,
    rows,
  });
  console.log(
    `hand-off round trip (workers only, tiny product): ${f(handOff.best, 1)} µs best, ${f(handOff.median, 1)} µs median with a ${spin} µs spin; ${f(handOffAsleep.best, 1)} / ${f(handOffAsleep.median, 1)} µs with threads that sleep at once`,
  );
  console.log(`→ ${path}`);
}

if (import.meta.url === `file://${process.argv[1]}`) run();
