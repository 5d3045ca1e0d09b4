import type { FloatArray, Matrix } from '@dbn/linalg';
import type { DenseLayer, Dnn } from '../types.js';
import { checkData, copyMatrix } from '../util.js';
import { checkLabels, evaluateWith } from './evaluate.js';
import { DnnWorkspace, type Labels } from './workspace.js';

/**
 * The mean cross-entropy L = (1/n)Σ_i −log softmax(z_L(x_i))_{y_i} over all rows of X and its
 * gradient with respect to every W_l and b_l, by backpropagation (new arrays; nothing changed).
 */
export function lossAndGradients<T extends FloatArray>(
  dnn: Dnn<T>,
  X: Matrix<T>,
  labels: Labels,
): { loss: number; gradients: DenseLayer<T>[] } {
  const inputs = dnn.layers[0]!.W.rows;
  const classes = dnn.layers[dnn.layers.length - 1]!.W.cols;
  checkData('X', X, inputs);
  checkLabels(labels, X.rows, classes);
  if (X.rows === 0) throw new RangeError('X must have at least one row');
  const ws = new DnnWorkspace(dnn, X.rows, 'buffers');
  const { loss } = evaluateWith(ws, X, labels);
  ws.forward(X, true);
  ws.backward(X, labels, 0);
  const gradients = ws.gradW.map((gW, l) => ({ W: copyMatrix(gW), b: ws.gradB[l]!.slice() as T }));
  return { loss, gradients };
}
