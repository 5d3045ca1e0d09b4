import { type FloatArray, type Matrix, rowSlice } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { DivergedError } from '../errors.js';
import type { Dnn, DnnEpoch, TrainHooks } from '../types.js';
import {
  checkData,
  checkNonNegative,
  checkPositiveInt,
  gatherRows,
  secondsSince,
} from '../util.js';
import { checkLabels, evaluateWith } from './evaluate.js';
import { cloneDnn } from './init.js';
import { DnnWorkspace, type Labels, residentDnn } from './workspace.js';

/** Hyper-parameters of backpropagation. */
export interface DnnTrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /**
   * First epoch to run (default 1); epoch e draws only from `rng.derive('epoch', e)`, so resuming
   * a snapshot taken after epoch e − 1 with `startEpoch: e` reproduces the uninterrupted run.
   */
  readonly startEpoch?: number;
}

/** An epoch event of {@link trainDnn}, with a copy-on-demand of the network. */
export interface DnnEpochEvent<T extends FloatArray> extends DnnEpoch {
  readonly epochs: number;
  snapshot(): Dnn<T>;
}

export interface DnnTrainResult<T extends FloatArray> {
  readonly dnn: Dnn<T>;
  readonly history: readonly DnnEpoch[];
}

/** Checks a {@link DnnTrainConfig}, naming the bad field. */
export function checkDnnConfig(config: DnnTrainConfig): void {
  checkPositiveInt('epochs', config.epochs);
  checkPositiveInt('batchSize', config.batchSize);
  checkNonNegative('learningRate', config.learningRate, true);
  const start = config.startEpoch ?? 1;
  if (!Number.isInteger(start) || start < 1 || start > config.epochs + 1) {
    throw new RangeError(
      `startEpoch must be an integer in 1..epochs + 1 = ${config.epochs + 1}, got ${start}`,
    );
  }
}

/**
 * Trains a copy of `dnn` by minibatch SGD on the mean cross-entropy: per epoch e the rows are
 * visited in the order of `rng.derive('epoch', e).permutation(n)`, and per minibatch
 * W_l ← W_l − lr·∇W_l, b_l ← b_l − lr·∇b_l (gradients of the batch mean, see lossAndGradients).
 * After each epoch the training loss and accuracy are measured on all of X. Inputs are not
 * changed. Throws DivergedError when the loss stops being finite.
 */
export function trainDnn<T extends FloatArray>(
  dnn: Dnn<T>,
  X: Matrix<T>,
  labels: Labels,
  config: DnnTrainConfig,
  rng: Stream,
  hooks: TrainHooks<DnnEpochEvent<T>> = {},
): DnnTrainResult<T> {
  checkDnnConfig(config);
  const inputs = dnn.layers[0]!.W.rows;
  const classes = dnn.layers[dnn.layers.length - 1]!.W.cols;
  checkData('X', X, inputs);
  checkLabels(labels, X.rows, classes);
  if (X.data.constructor !== dnn.layers[0]!.b.constructor) {
    throw new TypeError(
      `X must hold ${dnn.layers[0]!.b.constructor.name} like the network, got ${X.data.constructor.name}`,
    );
  }
  const { epochs, batchSize, learningRate: lr } = config;
  const n = X.rows;
  const m0 = Math.max(1, Math.min(batchSize, n));
  const evalRows = Math.max(1, Math.min(1024, n));
  // The network and both workspaces in one arena of WebAssembly memory on the 'wasm' backend
  // (sized once here: no product copies W), ordinary arrays otherwise; results are copies.
  const { dnn: out, buffers } = residentDnn(dnn, [
    { rows: m0, gradients: true },
    { rows: evalRows, gradients: false },
  ]);
  const ws = new DnnWorkspace(out, m0, 'apply', buffers);
  const evalWs = new DnnWorkspace(out, evalRows, 'none', buffers);
  const history: DnnEpoch[] = [];
  for (let epoch = config.startEpoch ?? 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const perm = rng.derive('epoch', epoch).permutation(n);
    const input = ws.acts[0]!;
    for (let start = 0; start < n; start += batchSize) {
      hooks.signal?.throwIfAborted();
      const m = Math.min(batchSize, n - start);
      gatherRows(X, perm, start, m, input.data);
      const x: Matrix<T> = rowSlice(input, 0, m);
      ws.forward(x, true);
      ws.backward(x, labels, start, perm, lr);
    }
    const ev = evaluateWith(evalWs, X, labels);
    if (!Number.isFinite(ev.loss)) throw new DivergedError(epoch, 'the training loss');
    const record: DnnEpoch = {
      epoch,
      loss: ev.loss,
      accuracy: ev.accuracy,
      seconds: secondsSince(t0),
    };
    history.push(record);
    hooks.onEpoch?.({ ...record, epochs, snapshot: () => cloneDnn(out) });
  }
  // the result is a plain copy: it must not alias the run's arena
  return { dnn: buffers.arena ? cloneDnn(out) : out, history };
}
