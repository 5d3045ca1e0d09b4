// Benchmark: 100 alternating Gibbs steps of 64 chains on a 320→500 RBM (the Binary AlphaDigits
// shape: 20×16 images) — sampleRbm (float32) against the same loop in bench/numpy_rbm.py
// (float64 and float32, numpy's default BLAS threads). Weights are a random N(0, 0.1²) init:
// the cost of a dense step does not depend on their values. A second case (ours only) sets the
// visible biases to −2, so the chains are sparse (23 % ones after 100 steps, measured; 57 % in
// the first case) and the up pass v·W is a binary gather.
import { derive } from '@dbn/random';
import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import { initRbm, sampleRbm } from '../src/index.js';
import {
  fmt,
  isMain,
  load,
  machine,
  oursLabel,
  packageDir,
  resultsName,
  runNumpy,
  table,
} from './common.js';

const VISIBLE = 320;
const HIDDEN = 500;
const CHAINS = 64;
const STEPS = 100;

interface NumpyGibbs {
  readonly numpy: string;
  readonly threads: number | null;
  readonly results: { dtype: string; bestSeconds: number; medianSeconds: number }[];
}

/**
 * Runs the Gibbs benchmark: prints a table and writes bench/results/gibbs.json
 * (gibbs-2threads.json with DBN_THREADS=2: see resultsName).
 */
export async function run(): Promise<void> {
  const start = machine();
  const rbm = initRbm(VISIBLE, HIDDEN, derive(1, 'bench', 'gibbs-init'));
  const rng = derive(1, 'bench', 'gibbs');
  const options = { samples: CHAINS, gibbsSteps: STEPS };
  const ours = time(() => sampleRbm(rbm, options, rng), 7, 0.5);
  // the same RBM with visible biases −2: sparse chains (23 % ones), so the up pass v·W runs as a
  // binary gather (ours only)
  const sparseRbm = { ...rbm, a: new Float32Array(VISIBLE).fill(-2) };
  const sparse = time(() => sampleRbm(sparseRbm, options, rng), 7, 0.5);
  const np = runNumpy<NumpyGibbs>('numpy_rbm.py', {
    mode: 'gibbs',
    visible: VISIBLE,
    hidden: HIDDEN,
    chains: CHAINS,
    steps: STEPS,
    dtypes: ['f64', 'f32'],
    repeats: 7,
    seed: 1,
  });
  const n64 = np?.results.find((r) => r.dtype === 'f64');
  const n32 = np?.results.find((r) => r.dtype === 'f32');
  const t = np?.threads ?? '?';
  console.log(
    `\nGibbs sampling: ${STEPS} steps × ${CHAINS} chains, RBM ${VISIBLE}→${HIDDEN} — ms per call` +
      ` (best of 7; ours/numpy > 1: ours slower; numpy ${t}T = default threads)`,
  );
  const line = (name: string, c: { bestSeconds: number; medianSeconds: number } | undefined) => [
    name,
    fmt(c && c.bestSeconds * 1000, 1),
    fmt(c && c.medianSeconds * 1000, 1),
    fmt(c && (c.bestSeconds * 1000) / STEPS, 3),
    fmt(c && ours.bestSeconds / c.bestSeconds),
  ];
  console.log(
    table(
      ['impl', 'best ms', 'median ms', 'ms/step', 'ours/this'],
      [
        line(oursLabel(), ours),
        line(`${oursLabel()}, sparse chains`, sparse),
        line(`numpy f64 ${t}T`, n64),
        line(`numpy f32 ${t}T`, n32),
      ],
    ),
  );
  if (!np)
    console.log(
      'numpy rows skipped: python3 with numpy is not available, failed, or DBN_BENCH_NUMPY=0',
    );
  const path = writeResults(packageDir, resultsName('gibbs'), {
    machine: start,
    what: `${STEPS} Gibbs steps of ${CHAINS} chains on a random ${VISIBLE}→${HIDDEN} RBM (sampleRbm)`,
    ours: { dtype: 'f32', ...ours },
    oursSparseChains: { dtype: 'f32', visibleBias: -2, ...sparse },
    numpy: np
      ? {
          version: np.numpy,
          threads: np.threads,
          f64: n64 ?? null,
          f32: n32 ?? null,
          oursOverNumpyF64: n64 ? ours.bestSeconds / n64.bestSeconds : null,
          oursOverNumpyF32: n32 ? ours.bestSeconds / n32.bestSeconds : null,
        }
      : null,
    loadavgEnd: load(),
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
