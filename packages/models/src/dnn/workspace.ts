import {
  addRowVector,
  colSums,
  type FloatArray,
  gemm,
  type Matrix,
  rowSlice,
  sigmoid,
  sigmoidBackward,
  softmaxRows,
  transpose,
} from '@dbn/linalg';
import type { DenseLayer, Dnn } from '../types.js';
import { arrayLike, zerosLike } from '../util.js';

/** Labels as class indices 0..classes−1. */
export type Labels = Uint8Array | Int32Array | Uint16Array;

/**
 * Buffers for forward and backward passes over up to `rows` examples: acts[0] is the input,
 * acts[l] the output of layer l (sigmoid, or softmax for the last), deltas[l] = ∂loss/∂z_l,
 * and one gradient per parameter. Internal: no argument checks.
 */
export class DnnWorkspace<T extends FloatArray> {
  readonly acts: Matrix<T>[];
  readonly deltas: Matrix<T>[];
  readonly gradW: Matrix<T>[];
  readonly gradB: T[];

  constructor(
    readonly dnn: Dnn<T>,
    readonly rows: number,
    withGradients: boolean,
  ) {
    const like = dnn.layers[0]!.b;
    const sizes = [dnn.layers[0]!.W.rows, ...dnn.layers.map((l) => l.W.cols)];
    this.acts = sizes.map((s) => zerosLike(like, rows, s));
    this.deltas = withGradients ? sizes.map((s) => zerosLike(like, rows, s)) : [];
    this.gradW = withGradients ? dnn.layers.map((l) => zerosLike(like, l.W.rows, l.W.cols)) : [];
    this.gradB = withGradients ? dnn.layers.map((l) => arrayLike(like, l.b.length)) : [];
  }

  /**
   * Forward pass over the m rows of `input` (any contiguous-row view; acts[0] is a buffer the
   * caller may gather rows into): z_l = a_{l−1}W_l + b_l, a_l = σ(z_l)
   * for hidden layers; when `softmax` the last layer holds softmax(z_L), else the logits z_L.
   */
  forward(input: Matrix<T>, softmax = true): Matrix<T> {
    const m = input.rows;
    const layers = this.dnn.layers;
    const L = layers.length;
    for (let l = 1; l <= L; l++) {
      const { W, b } = layers[l - 1] as DenseLayer<T>;
      const x = l === 1 ? input : rowSlice(this.acts[l - 1]!, 0, m);
      const z = rowSlice(this.acts[l]!, 0, m);
      gemm(1, x, W, 0, z);
      addRowVector(z, b, z);
      if (l < L) {
        const d = z.data.subarray(0, m * z.cols) as T;
        sigmoid(d, d);
      } else if (softmax) {
        softmaxRows(z, z);
      }
    }
    return rowSlice(this.acts[L]!, 0, m);
  }

  /**
   * Backward pass after forward(input) with the same input: gradients of the mean cross-entropy
   * (1/m)Σ_i −log p(y_i | x_i): δ_L = (P − Y)/m, ∇W_l = a_{l−1}ᵀδ_l, ∇b_l = Σ_i δ_l,
   * δ_{l−1} = (δ_l W_lᵀ) ⊙ a_{l−1}(1 − a_{l−1}).
   */
  backward(input: Matrix<T>, labels: Labels, labelOffset: number, order?: Int32Array): void {
    const m = input.rows;
    const layers = this.dnn.layers;
    const L = layers.length;
    const P = rowSlice(this.acts[L]!, 0, m);
    const dL = rowSlice(this.deltas[L]!, 0, m);
    const k = P.cols;
    const inv = 1 / m;
    const pd = P.data;
    const dd = dL.data;
    for (let i = 0; i < m; i++) {
      const src = order === undefined ? labelOffset + i : order[labelOffset + i]!;
      const y = labels[src]!;
      const base = i * k;
      for (let j = 0; j < k; j++) dd[base + j] = (pd[base + j]! - (j === y ? 1 : 0)) * inv;
    }
    for (let l = L; l >= 1; l--) {
      const { W } = layers[l - 1] as DenseLayer<T>;
      const x = l === 1 ? input : rowSlice(this.acts[l - 1]!, 0, m);
      const d = rowSlice(this.deltas[l]!, 0, m);
      gemm(1, transpose(x), d, 0, this.gradW[l - 1]!);
      colSums(1, d, 0, this.gradB[l - 1]!);
      if (l > 1) {
        const prev = rowSlice(this.deltas[l - 1]!, 0, m);
        gemm(1, d, transpose(W), 0, prev);
        const n = m * prev.cols;
        const pdv = prev.data.subarray(0, n) as T;
        sigmoidBackward(pdv, x.data.subarray(x.offset, x.offset + n) as T, pdv);
      }
    }
  }
}
