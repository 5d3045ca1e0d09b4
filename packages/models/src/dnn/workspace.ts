import {
  addRowVector,
  biasSigmoid,
  colSums,
  type FloatArray,
  gemm,
  type Matrix,
  rowSlice,
  sigmoidBackward,
  softmaxRows,
  transpose,
} from '@dbn/linalg';
import { BinaryOperand, type Buffers, runBuffers } from '../rbm/binary.js';
import type { DenseLayer, Dnn } from '../types.js';
import { arrayLike, zerosLike } from '../util.js';
import { dnnSizes } from './init.js';

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
  /**
   * The input as a 0/1 operand: forward indexes each input (which also checks that it is 0/1,
   * stopping at the first other value) and the first layer's X·W₁ and X₁ᵀ·δ₁ use the binary
   * kernels when it is 0/1 and sparse enough.
   */
  private readonly input: BinaryOperand<T>;

  /**
   * `gradients`: 'none' (forward only), 'buffers' (backward writes gradW and gradB) or 'apply'
   * (backward applies the SGD step to the network's parameters directly, see backward). Buffers
   * come from `buffers` when given (a training run's arena), else are ordinary arrays.
   */
  constructor(
    readonly dnn: Dnn<T>,
    readonly rows: number,
    gradients: 'none' | 'buffers' | 'apply',
    buffers?: Buffers<T>,
  ) {
    const like = dnn.layers[0]!.b;
    const zeros = (r: number, c: number) => buffers?.zeros(r, c) ?? zerosLike(like, r, c);
    const sizes = [dnn.layers[0]!.W.rows, ...dnn.layers.map((l) => l.W.cols)];
    const withGradients = gradients !== 'none';
    const withBuffers = gradients === 'buffers';
    this.acts = sizes.map((s) => zeros(rows, s));
    this.deltas = withGradients ? sizes.map((s) => zeros(rows, s)) : [];
    this.gradW = withBuffers ? dnn.layers.map((l) => zeros(l.W.rows, l.W.cols)) : [];
    this.gradB = withBuffers ? dnn.layers.map((l) => arrayLike(like, l.b.length)) : [];
    this.input = new BinaryOperand(like, rows, sizes[0]!, buffers?.arena);
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
      if (l === 1) {
        this.input.fill(x);
        this.input.times(1, W, 0, z);
      } else {
        gemm(1, x, W, 0, z);
      }
      if (l < L) {
        // one fused pass (a wasm kernel on resident buffers; else addRowVector then sigmoid)
        biasSigmoid(z, b, z);
      } else {
        addRowVector(z, b, z);
        if (softmax) softmaxRows(z, z);
      }
    }
    return rowSlice(this.acts[L]!, 0, m);
  }

  /**
   * Backward pass after forward(input) with the same input (its index is reused): gradients of the mean cross-entropy
   * (1/m)Σ_i −log p(y_i | x_i): δ_L = (P − Y)/m, ∇W_l = a_{l−1}ᵀδ_l, ∇b_l = Σ_i δ_l,
   * δ_{l−1} = (δ_l W_lᵀ) ⊙ a_{l−1}(1 − a_{l−1}). With `learningRate` (a workspace made with
   * 'apply') the SGD step W_l ← W_l − lr·∇W_l, b_l ← b_l − lr·∇b_l is applied to the network's
   * parameters as each layer's gradient is formed (after δ_{l−1} is computed with the old W_l), in
   * the same gemm / binary product, instead of into gradient buffers.
   */
  backward(
    input: Matrix<T>,
    labels: Labels,
    labelOffset: number,
    order?: Int32Array,
    learningRate?: number,
  ): void {
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
      const { W, b } = layers[l - 1] as DenseLayer<T>;
      const x = l === 1 ? input : rowSlice(this.acts[l - 1]!, 0, m);
      const d = rowSlice(this.deltas[l]!, 0, m);
      if (l > 1) {
        // δ_{l−1} with the W_l of this forward pass (before an applied step changes it)
        const prev = rowSlice(this.deltas[l - 1]!, 0, m);
        gemm(1, d, transpose(W), 0, prev);
        const n = m * prev.cols;
        const pdv = prev.data.subarray(0, n) as T;
        sigmoidBackward(pdv, x.data.subarray(x.offset, x.offset + n) as T, pdv);
      }
      // ∇W_l = a_{l−1}ᵀδ_l into gradW (β = 0), or W_l ← W_l − lr·a_{l−1}ᵀδ_l applied directly
      const lr = learningRate;
      const target = lr === undefined ? this.gradW[l - 1]! : W;
      const alpha = lr === undefined ? 1 : -lr;
      const beta = lr === undefined ? 0 : 1;
      if (l === 1) this.input.transposeTimes(alpha, d, beta, target);
      else gemm(alpha, transpose(x), d, beta, target);
      colSums(alpha, d, beta, lr === undefined ? this.gradB[l - 1]! : b);
    }
  }
}

/**
 * A copy of `dnn` in the buffers of one run (an arena of WebAssembly memory on the 'wasm'
 * backend, sized once, so no product copies a W; ordinary arrays otherwise), with room for
 * workspaces of the given row counts (`gradients` marks those that also hold deltas: 'apply'
 * workspaces; a 'buffers' workspace's gradW is not counted). Internal.
 */
export function residentDnn<T extends FloatArray>(
  dnn: Dnn<T>,
  workspaces: readonly { readonly rows: number; readonly gradients: boolean }[],
): { dnn: Dnn<T>; buffers: Buffers<T> } {
  const sizes = dnnSizes(dnn);
  const like = dnn.layers[0]!.b;
  const shapes: [number, number][] = [];
  for (let l = 1; l < sizes.length; l++) shapes.push([sizes[l - 1]!, sizes[l]!], [1, sizes[l]!]);
  for (const w of workspaces) {
    for (const s of sizes) {
      shapes.push([w.rows, s]);
      if (w.gradients) shapes.push([w.rows, s]);
    }
  }
  const widest = Math.max(...sizes);
  const most = Math.max(...workspaces.map((w) => w.rows));
  const buffers = runBuffers(
    like,
    shapes,
    workspaces.map((w) => [w.rows, sizes[0]!] as const),
    [most, widest, widest],
  );
  const copy: Dnn<T> = {
    kind: 'dnn',
    layers: dnn.layers.map((layer) => {
      const b = buffers.vector(layer.b.length);
      b.set(layer.b);
      return { W: buffers.copyOf(layer.W), b };
    }),
  };
  return { dnn: copy, buffers };
}
