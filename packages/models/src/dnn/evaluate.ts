import {
  clone,
  type FloatArray,
  logSumExpRows,
  type Matrix,
  rowArgmax,
  rowSlice,
} from '@dbn/linalg';
import type { Dnn } from '../types.js';
import { arrayLike, checkData } from '../util.js';
import { DnnWorkspace, type Labels, residentDnn } from './workspace.js';

const CHUNK = 1024;

/** Mean cross-entropy, accuracy and error rate of a classifier on a labelled set. */
export interface Evaluation {
  /** −(1/n)Σ_i log p(y_i | x_i), computed from logits with a stable log-sum-exp. */
  readonly loss: number;
  readonly accuracy: number;
  /** 1 − accuracy. */
  readonly errorRate: number;
  /** predictions[i] = argmax_k p(k | x_i). */
  readonly predictions: Int32Array;
}

/** Checks labels against n rows and `classes` classes, naming the problem. */
export function checkLabels(labels: Labels, n: number, classes: number): void {
  if (labels.length !== n)
    throw new RangeError(`labels must have ${n} entries (one per row), got ${labels.length}`);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!(y >= 0 && y < classes) || !Number.isInteger(y)) {
      throw new RangeError(`labels[${i}] must be a class index in 0..${classes - 1}, got ${y}`);
    }
  }
}

/**
 * A forward-only workspace over chunks of at most CHUNK of n rows, on a resident copy of `dnn`
 * (the buffers trainDnn's end-of-epoch evaluation uses, so both give the same values).
 */
function chunkWorkspace<T extends FloatArray>(dnn: Dnn<T>, n: number): DnnWorkspace<T> {
  const rows = Math.max(1, Math.min(CHUNK, n));
  const { dnn: resident, buffers } = residentDnn(dnn, [{ rows, gradients: false }]);
  return new DnnWorkspace(resident, rows, 'none', buffers);
}

/** Internal: evaluation with a caller-owned workspace (rows ≥ 1) and no checks. */
export function evaluateWith<T extends FloatArray>(
  ws: DnnWorkspace<T>,
  X: Matrix<T>,
  labels: Labels,
): Evaluation {
  const n = X.rows;
  const predictions = new Int32Array(n);
  const like = ws.dnn.layers[0]!.b;
  const lse = arrayLike(like, ws.rows);
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < n; s += ws.rows) {
    const e = Math.min(n, s + ws.rows);
    const z = ws.forward(rowSlice(X, s, e), false);
    const m = e - s;
    const lseM = lse.subarray(0, m) as T;
    logSumExpRows(z, lseM);
    const pred = predictions.subarray(s, e);
    rowArgmax(z, pred);
    const zd = z.data;
    for (let i = 0; i < m; i++) {
      const y = labels[s + i]!;
      loss += lseM[i]! - zd[z.offset + i * z.rowStride + y]!;
      if (pred[i] === y) correct++;
    }
  }
  const accuracy = n === 0 ? 0 : correct / n;
  return { loss: n === 0 ? 0 : loss / n, accuracy, errorRate: 1 - accuracy, predictions };
}

/** Loss, accuracy, error rate and predictions of `dnn` on rows X with class labels. */
export function evaluate<T extends FloatArray>(
  dnn: Dnn<T>,
  X: Matrix<T>,
  labels: Labels,
): Evaluation {
  const inputs = dnn.layers[0]!.W.rows;
  const classes = dnn.layers[dnn.layers.length - 1]!.W.cols;
  checkData('X', X, inputs);
  checkLabels(labels, X.rows, classes);
  return evaluateWith(chunkWorkspace(dnn, X.rows), X, labels);
}

/** Fraction of rows of X whose predicted class differs from the label. */
export function errorRate<T extends FloatArray>(dnn: Dnn<T>, X: Matrix<T>, labels: Labels): number {
  return evaluate(dnn, X, labels).errorRate;
}

/** Class probabilities softmax(z_L) for every row of X (n × classes, a new matrix). */
export function predict<T extends FloatArray>(dnn: Dnn<T>, X: Matrix<T>): Matrix<T> {
  const inputs = dnn.layers[0]!.W.rows;
  checkData('X', X, inputs);
  const classes = dnn.layers[dnn.layers.length - 1]!.W.cols;
  const n = X.rows;
  const ws = chunkWorkspace(dnn, n);
  const c = ws.rows;
  const like = dnn.layers[0]!.b;
  const out = arrayLike(like, n * classes);
  for (let s = 0; s < n; s += c) {
    const e = Math.min(n, s + c);
    const P = ws.forward(rowSlice(X, s, e), true);
    out.set(P.data.subarray(0, (e - s) * classes), s * classes);
  }
  return { data: out, rows: n, cols: classes, rowStride: classes, colStride: 1, offset: 0 };
}

/**
 * Every layer's activations for the rows of X: [X, a_1, …, a_L] with a_l = σ(z_l) for hidden
 * layers and a_L = softmax(z_L) (new matrices; X itself is the first entry).
 */
export function forward<T extends FloatArray>(dnn: Dnn<T>, X: Matrix<T>): Matrix<T>[] {
  checkData('X', X, dnn.layers[0]!.W.rows);
  const rows = Math.max(1, X.rows);
  const { dnn: resident, buffers } = residentDnn(dnn, [{ rows, gradients: false }]);
  const ws = new DnnWorkspace(resident, rows, 'none', buffers);
  ws.forward(X, true);
  // copies: the activations must not alias the run's arena
  return [X, ...ws.acts.slice(1).map((a) => clone(rowSlice(a, 0, X.rows)))];
}
