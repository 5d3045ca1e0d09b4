import { type DType, type FloatArray, zeros } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import type { Dbn, DenseLayer, Dnn } from '../types.js';
import { allocLike, checkNonNegative, checkPositiveInt, copyMatrix } from '../util.js';

/** Options of {@link initDnn} and {@link dnnFromDbn}. */
export interface DnnInitOptions {
  /** Standard deviation of random weights (0.1, as for RBMs). */
  readonly sigma?: number;
  readonly dtype?: DType;
}

function randomLayer(
  inputs: number,
  outputs: number,
  rng: Stream,
  sigma: number,
  dtype: DType,
): DenseLayer {
  const W = dtype === 'f64' ? zeros(inputs, outputs, 'f64') : zeros(inputs, outputs, 'f32');
  rng.fillNormal(W.data, 0, sigma);
  return { W, b: allocLike(dtype, outputs) };
}

/**
 * A randomly initialised classifier with sizes [p, q1, …, qL, classes]: layer l has
 * W ~ Normal(0, σ²) from `rng.derive('layer', l)` and b = 0; hidden layers are sigmoid, the
 * last is softmax.
 */
export function initDnn(sizes: readonly number[], rng: Stream, options: DnnInitOptions = {}): Dnn {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`sizes must list at least 2 sizes [inputs, …, classes], got [${sizes}]`);
  }
  for (let i = 0; i < sizes.length; i++) checkPositiveInt(`sizes[${i}]`, sizes[i]!);
  const sigma = options.sigma ?? 0.1;
  checkNonNegative('sigma', sigma);
  const dtype = options.dtype ?? 'f32';
  const layers: DenseLayer[] = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push(randomLayer(sizes[l - 1]!, sizes[l]!, rng.derive('layer', l), sigma, dtype));
  }
  return { kind: 'dnn', layers };
}

/**
 * A classifier whose hidden layers copy the DBN's weights and hidden biases exactly
 * (layer l: W_l, b_l of RBM l) and whose softmax output layer (q_L → classes) is random,
 * W ~ Normal(0, σ²) from `rng.derive('output')`, b = 0. The DBN is not changed.
 */
export function dnnFromDbn<T extends FloatArray>(
  dbn: Dbn<T>,
  classes: number,
  rng: Stream,
  options: Omit<DnnInitOptions, 'dtype'> = {},
): Dnn<T> {
  checkPositiveInt('classes', classes);
  const sigma = options.sigma ?? 0.1;
  checkNonNegative('sigma', sigma);
  const hidden: DenseLayer<T>[] = dbn.layers.map((r) => ({
    W: copyMatrix(r.W),
    b: r.b.slice() as T,
  }));
  const top = dbn.layers[dbn.layers.length - 1]!;
  const dtype: DType = top.a instanceof Float64Array ? 'f64' : 'f32';
  const out = randomLayer(top.hidden, classes, rng.derive('output'), sigma, dtype) as DenseLayer<T>;
  return { kind: 'dnn', layers: [...hidden, out] };
}

/** Sizes [p, q1, …, qL, classes] of a classifier. */
export function dnnSizes(dnn: Dnn): number[] {
  return [dnn.layers[0]!.W.rows, ...dnn.layers.map((l) => l.W.cols)];
}

/** A deep copy of a classifier's parameters. */
export function cloneDnn<T extends FloatArray>(dnn: Dnn<T>): Dnn<T> {
  return {
    kind: 'dnn',
    layers: dnn.layers.map((l) => ({ W: copyMatrix(l.W), b: l.b.slice() as T })),
  };
}
