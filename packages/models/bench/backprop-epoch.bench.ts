// Benchmark: one backprop epoch of a 784-400-400-400-400-10 classifier (sigmoid hidden layers,
// softmax output, cross-entropy, SGD) on binarised MNIST at batch 5, 32 and 128 — trainDnn
// (float32, in-process) against bench/numpy_dnn.py (float64 like the study, and float32; numpy
// with its default BLAS threads, and with one). An epoch is what trainDnn times in its history:
// the minibatch loop plus the loss/accuracy pass over the whole training set.
//
// Rows per case: the full 60,000 when our epoch takes ≤ 60 s, else 3,200 with times extrapolated
// to 60k (labelled); see timeOurs in epochs.ts. Env: DBN_BENCH_N (force a row count),
// DBN_BENCH_FULL_LIMIT (seconds, 60), DBN_BENCH_REPEATS (2 full / 3 subset),
// DBN_BENCH_NUMPY_BUDGET (seconds per numpy case, 10), DBN_BENCH_NUMPY=0 (skip numpy).
import { rowSlice } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { writeResults } from '../../../tooling/testkit/src/bench.js';
import { type Dnn, evaluate, initDnn, trainDnn } from '../src/index.js';
import { isMain, machine, mnistRows, packageDir, resultsName } from './common.js';
import { compareEpochs, FULL, type OursEpoch, runNumpyEpochs, timeOurs } from './epochs.js';

const SIZES = [784, 400, 400, 400, 400, 10];
const BATCHES = [5, 32, 128];
const LR = 0.1;

/**
 * Runs the backprop-epoch benchmark: prints a table, writes bench/results/backprop-epoch.json
 * (backprop-epoch-2threads.json with DBN_THREADS=2: see resultsName).
 */
export async function run(): Promise<void> {
  const start = machine();
  console.log(`\nBackprop epoch, ${SIZES.join('-')}, binarised MNIST, lr ${LR}`);
  const { X, labels, bits } = await mnistRows('train', FULL);
  const init = initDnn(SIZES, derive(1, 'bench', 'init'));

  const ours: OursEpoch[] = BATCHES.map((batch) => {
    const config = { epochs: 1, batchSize: batch, learningRate: LR };
    let trained: Dnn = init;
    let r = 0;
    return timeOurs(
      batch,
      (rows) => {
        const rng = derive(1, 'bench', 'train', batch, r++);
        trained = trainDnn(init, rowSlice(X, 0, rows), labels.subarray(0, rows), config, rng).dnn;
      },
      (rows) => evaluate(trained, rowSlice(X, 0, rows), labels.subarray(0, rows)),
    );
  });

  const numpy = runNumpyEpochs(
    'numpy_dnn.py',
    { mode: 'backprop-epoch', sizes: SIZES, dtypes: ['f64', 'f32'], lr: LR, seed: 1 },
    ours,
    bits,
    SIZES[0]!,
    labels,
  );
  const result = compareEpochs({
    title: `Backprop epoch ${SIZES.join('-')} (minibatch loop + training-set evaluation)`,
    passName: 'eval pass',
    ours,
    numpy,
  });
  const path = writeResults(packageDir, resultsName('backprop-epoch'), {
    machine: start,
    what:
      'one backprop epoch (SGD minibatch loop + loss/accuracy pass over the training rows) of a ' +
      `${SIZES.join('-')} sigmoid/softmax classifier on binarised MNIST; seconds per 60k = best × scaleTo60k`,
    sizes: SIZES,
    learningRate: LR,
    ...result,
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
