import type { FloatArray, Matrix } from '@dbn/linalg';

/**
 * A binary–binary RBM: energy E(v, h) = −aᵀv − bᵀh − vᵀWh with W of shape visible × hidden
 * (row-major), visible bias a and hidden bias b.
 */
export interface Rbm<T extends FloatArray = FloatArray> {
  readonly kind: 'rbm';
  readonly visible: number;
  readonly hidden: number;
  readonly W: Matrix<T>;
  readonly a: T;
  readonly b: T;
}

/** A stack of RBMs with sizes [p, q1, …, qL]: layer l maps q_{l−1} → q_l. */
export interface Dbn<T extends FloatArray = FloatArray> {
  readonly kind: 'dbn';
  readonly layers: readonly Rbm<T>[];
}

/** One affine layer x ↦ xW + b with W of shape in × out. */
export interface DenseLayer<T extends FloatArray = FloatArray> {
  readonly W: Matrix<T>;
  readonly b: T;
}

/**
 * A feed-forward classifier: sigmoid hidden layers, then a softmax output layer
 * (the last entry of `layers`).
 */
export interface Dnn<T extends FloatArray = FloatArray> {
  readonly kind: 'dnn';
  readonly layers: readonly DenseLayer<T>[];
}

export type Model<T extends FloatArray = FloatArray> = Rbm<T> | Dbn<T> | Dnn<T>;

/** Per-epoch record of unsupervised training (the study's "EQM" is `reconstructionError`). */
export interface RbmEpoch {
  readonly epoch: number;
  /** Mean over all training elements of (x − σ(σ(xW + b)Wᵀ + a))². */
  readonly reconstructionError: number;
  /** Wall-clock seconds spent in this epoch (training plus the error pass). */
  readonly seconds: number;
}

/** Per-epoch record of supervised training. */
export interface DnnEpoch {
  readonly epoch: number;
  /** Mean cross-entropy −(1/n)Σ log p(y|x) over the training set after the epoch. */
  readonly loss: number;
  /** Fraction of training examples classified correctly after the epoch. */
  readonly accuracy: number;
  readonly seconds: number;
}

/** Training hooks shared by every trainer. */
export interface TrainHooks<E> {
  /** Called after every epoch; `snapshot()` returns a copy of the current parameters. */
  readonly onEpoch?: (event: E) => void;
  /** Aborting stops training between two minibatches with the signal's reason. */
  readonly signal?: AbortSignal;
}
