// Benchmark: one CD-1 epoch of a 784→500 RBM on binarised MNIST at batch 5, 32 and 128 —
// trainRbm (float32, in-process) against bench/numpy_rbm.py (float64 like the study, and float32;
// numpy with its default BLAS threads, and with one). An epoch is what trainRbm times in its
// history: the minibatch loop plus the reconstruction-error pass over the whole training set.
//
// Rows per case: the full 60,000 when our epoch takes ≤ 60 s, else 3,200 with times extrapolated
// to 60k (labelled); see timeOurs in epochs.ts. Env: DBN_BENCH_N (force a row count),
// DBN_BENCH_FULL_LIMIT (seconds, 60), DBN_BENCH_REPEATS (2 full / 3 subset),
// DBN_BENCH_NUMPY_BUDGET (seconds per numpy case, 10), DBN_BENCH_NUMPY=0 (skip numpy).
import { rowSlice } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { writeResults } from '../../../tooling/testkit/src/bench.js';
import { initRbm, type Rbm, reconstructionError, trainRbm } from '../src/index.js';
import { isMain, machine, mnistRows, packageDir, resultsName } from './common.js';
import { compareEpochs, FULL, type OursEpoch, runNumpyEpochs, timeOurs } from './epochs.js';

const VISIBLE = 784;
const HIDDEN = 500;
const BATCHES = [5, 32, 128];
const LR = 0.1;

/**
 * Runs the CD-epoch benchmark: prints a table and writes bench/results/cd-epoch.json
 * (cd-epoch-2threads.json with DBN_THREADS=2: see resultsName).
 */
export async function run(): Promise<void> {
  const start = machine();
  console.log(`\nCD-1 epoch, RBM ${VISIBLE}→${HIDDEN}, binarised MNIST, lr ${LR}`);
  const { X, bits } = await mnistRows('train', FULL);
  const init = initRbm(VISIBLE, HIDDEN, derive(1, 'bench', 'init'));

  const ours: OursEpoch[] = BATCHES.map((batch) => {
    const config = { epochs: 1, batchSize: batch, learningRate: LR };
    let trained: Rbm = init;
    let r = 0;
    return timeOurs(
      batch,
      (rows) => {
        const rng = derive(1, 'bench', 'train', batch, r++);
        trained = trainRbm(init, rowSlice(X, 0, rows), config, rng).rbm;
      },
      (rows) => reconstructionError(trained, rowSlice(X, 0, rows)),
    );
  });

  const numpy = runNumpyEpochs(
    'numpy_rbm.py',
    { mode: 'cd-epoch', hidden: HIDDEN, dtypes: ['f64', 'f32'], lr: LR, seed: 1 },
    ours,
    bits,
    VISIBLE,
  );
  const result = compareEpochs({
    title: `CD-1 epoch ${VISIBLE}→${HIDDEN} (minibatch loop + reconstruction-error pass)`,
    passName: 'err pass',
    ours,
    numpy,
  });
  const path = writeResults(packageDir, resultsName('cd-epoch'), {
    machine: start,
    what:
      'one CD-1 epoch (minibatch loop + reconstruction-error pass over the training rows) of a ' +
      '784→500 RBM on binarised MNIST; seconds per 60k = best × scaleTo60k',
    learningRate: LR,
    ...result,
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
