// The fixed classifiers that score generated samples (issue #7, docs/0006-quality.md): one per
// data set, trained once per machine and kept in the dbn cache directory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALPHADIGITS_HEIGHT,
  ALPHADIGITS_LABELS,
  ALPHADIGITS_WIDTH,
  binarize,
  selectAlphaDigits,
} from '@dbn/datasets';
import { cacheDir } from '@dbn/datasets/node';
import { fromArray, getBackend, type Matrix } from '@dbn/linalg';
import { type Dnn, evaluate, initDnn, loadModel, saveModel, trainDnn } from '@dbn/models';
import { derive } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import { writeFileAtomicSync } from '../atomic.js';
import type { DatasetName } from '../config.js';
import { type DataError, type DataOptions, loadAlphaDigitsCached, mnistSubset } from '../data.js';
import { CODE_VERSION, canonicalJson } from '../identity.js';
import type { ClassifierInfo } from './quality-metrics.js';

/** The fixed configuration of a scoring classifier (its hash is the classifier's id). */
export interface ClassifierSpec {
  readonly dataset: DatasetName;
  /** Input pixels: 320 (AlphaDigits 20 × 16) or 784 (MNIST 28 × 28). */
  readonly inputs: number;
  /** Sigmoid hidden layer sizes. */
  readonly hidden: readonly number[];
  /** Output classes: 36 AlphaDigits characters ('0'–'9', 'A'–'Z') or 10 digits. */
  readonly classes: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Seed of the initialisation, the minibatch order and (AlphaDigits) the split. */
  readonly seed: number;
  /**
   * AlphaDigits: images per character held out for the accuracy (seeded, stratified); the
   * classifier is trained on the other 39 − heldOutPerClass. MNIST: 0 (the test split is used).
   */
  readonly heldOutPerClass: number;
  /** MNIST binarisation threshold (pixel > threshold → 1); 0 for AlphaDigits (already binary). */
  readonly threshold: number;
  /**
   * AlphaDigits: also train on every training image moved by one pixel up, down, left and right
   * (zero fill), 5 × the images; false for MNIST.
   */
  readonly shifts: boolean;
  /**
   * AlphaDigits: after measuring the held-out accuracy, train the same recipe again (same seeds)
   * on all 39 images per character and score with that network; false: score with the
   * split-trained network. False for MNIST.
   */
  readonly refitOnAll: boolean;
}

/**
 * The AlphaDigits scorer: 320-300-36, random init, 20 epochs of SGD (batch 16, lr 0.5) on images
 * and their one-pixel shifts. Its accuracy is measured with 8 images per character held out (the
 * network trained on the other 31); the scorer is the same recipe refit on all 1,404 images
 * (docs/0006).
 */
export const ALPHADIGITS_CLASSIFIER: ClassifierSpec = Object.freeze({
  dataset: 'alphadigits',
  inputs: 320,
  hidden: Object.freeze([300]),
  classes: 36,
  epochs: 20,
  batchSize: 16,
  learningRate: 0.5,
  seed: 7,
  heldOutPerClass: 8,
  threshold: 0,
  shifts: true,
  refitOnAll: true,
});

/**
 * The MNIST scorer: 784-200-10, random init, 4 epochs of SGD (batch 32, lr 0.5) on the 60,000
 * training images binarised at 128; accuracy on the 10,000 test images (docs/0006).
 */
export const MNIST_CLASSIFIER: ClassifierSpec = Object.freeze({
  dataset: 'mnist',
  inputs: 784,
  hidden: Object.freeze([200]),
  classes: 10,
  epochs: 4,
  batchSize: 32,
  learningRate: 0.5,
  seed: 7,
  heldOutPerClass: 0,
  threshold: 128,
  shifts: false,
  refitOnAll: false,
});

/** The scorer of a data set's samples. */
export function classifierSpec(dataset: DatasetName): ClassifierSpec {
  if (dataset === 'alphadigits') return ALPHADIGITS_CLASSIFIER;
  if (dataset === 'mnist') return MNIST_CLASSIFIER;
  throw new RangeError(`dataset must be 'alphadigits' or 'mnist', got ${String(dataset)}`);
}

/** Throws RangeError/TypeError naming the field unless `spec` is a usable ClassifierSpec. */
function checkSpec(spec: ClassifierSpec): void {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError(`spec must be a ClassifierSpec, got ${String(spec)}`);
  }
  if (spec.dataset !== 'alphadigits' && spec.dataset !== 'mnist') {
    throw new RangeError(
      `spec.dataset must be 'alphadigits' or 'mnist', got ${String(spec.dataset)}`,
    );
  }
  const want =
    spec.dataset === 'alphadigits' ? { inputs: 320, classes: 36 } : { inputs: 784, classes: 10 };
  if (spec.inputs !== want.inputs)
    throw new RangeError(`spec.inputs must be ${want.inputs}, got ${spec.inputs}`);
  if (spec.classes !== want.classes)
    throw new RangeError(`spec.classes must be ${want.classes}, got ${spec.classes}`);
  const positive = ['epochs', 'batchSize'] as const;
  for (const k of positive)
    if (!Number.isInteger(spec[k]) || spec[k] < 1)
      throw new RangeError(`spec.${k} must be a positive integer, got ${spec[k]}`);
  if (!Array.isArray(spec.hidden) || spec.hidden.some((h) => !Number.isInteger(h) || h < 1))
    throw new RangeError(`spec.hidden must list positive integers, got ${String(spec.hidden)}`);
  if (!(spec.learningRate > 0) || !Number.isFinite(spec.learningRate))
    throw new RangeError(`spec.learningRate must be a finite number > 0, got ${spec.learningRate}`);
  if (typeof spec.seed !== 'number' || !Number.isFinite(spec.seed))
    throw new TypeError(`spec.seed must be a finite number, got ${String(spec.seed)}`);
  const held = spec.dataset === 'alphadigits' ? [1, 38] : [0, 0];
  if (
    !Number.isInteger(spec.heldOutPerClass) ||
    spec.heldOutPerClass < held[0]! ||
    spec.heldOutPerClass > held[1]!
  )
    throw new RangeError(
      `spec.heldOutPerClass must be an integer in ${held[0]}..${held[1]}, got ${spec.heldOutPerClass}`,
    );
  if (typeof spec.shifts !== 'boolean' || (spec.shifts && spec.dataset !== 'alphadigits'))
    throw new RangeError(
      `spec.shifts must be a boolean, true only for AlphaDigits, got ${spec.shifts}`,
    );
  if (typeof spec.refitOnAll !== 'boolean' || (spec.refitOnAll && spec.dataset !== 'alphadigits'))
    throw new RangeError(
      `spec.refitOnAll must be a boolean, true only for AlphaDigits, got ${spec.refitOnAll}`,
    );
  if (!Number.isInteger(spec.threshold) || spec.threshold < 0 || spec.threshold > 255)
    throw new RangeError(`spec.threshold must be an integer in 0..255, got ${spec.threshold}`);
}

/**
 * A classifier's id: the first 16 hex digits of sha256(canonicalJson({spec, codeVersion,
 * backend})). The float32 backend is part of it because wasm and TS kernels round differently,
 * so a cache filled by one must not serve the other.
 */
export function classifierId(spec: ClassifierSpec): string {
  checkSpec(spec);
  return createHash('sha256')
    .update(canonicalJson({ spec, codeVersion: CODE_VERSION, backend: getBackend() }))
    .digest('hex')
    .slice(0, 16);
}

/** A trained scorer: its network and what {@link QualityMetrics}.classifier records. */
export interface Classifier {
  readonly spec: ClassifierSpec;
  readonly info: ClassifierInfo;
  readonly dnn: Dnn;
}

/** Where classifiers are looked up and trained from. */
export interface ClassifierOptions extends DataOptions {
  /** The directory of the disk cache (default `<cacheDir()>/classifiers`). */
  readonly cacheDir?: string;
  /** Another scorer configuration for the data set (default {@link classifierSpec}(dataset)). */
  readonly spec?: ClassifierSpec;
}

interface LabelledSet {
  readonly X: Matrix<Float32Array>;
  readonly labels: Int32Array;
}

/** (dy, dx) moves of the training images: none, then one pixel down, up, right, left. */
const SHIFTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

/** out[o + i·W + j] = src[s + (i − dy)·W + (j − dx)] on the 20 × 16 grid, 0 outside. */
function shiftInto(
  src: Float32Array,
  s: number,
  out: Float32Array,
  o: number,
  dy: number,
  dx: number,
): void {
  const H = ALPHADIGITS_HEIGHT;
  const W = ALPHADIGITS_WIDTH;
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      const si = i - dy;
      const sj = j - dx;
      out[o + i * W + j] = si >= 0 && si < H && sj >= 0 && sj < W ? src[s + si * W + sj]! : 0;
    }
}

/** Train and held-out sets of a spec, or a Left DataError. */
async function splits(
  spec: ClassifierSpec,
  options: DataOptions,
): Promise<E.Either<DataError, { train: LabelledSet; heldOut: LabelledSet; all?: LabelledSet }>> {
  if (spec.dataset === 'alphadigits') {
    const data = await loadAlphaDigitsCached(options);
    if (E.isLeft(data)) return data;
    const sel = selectAlphaDigits(data.right, ALPHADIGITS_LABELS);
    if (E.isLeft(sel))
      return E.left({ _tag: 'DataError', dataset: 'alphadigits', message: sel.left.message });
    const { images, labels, cols } = sel.right;
    // Stratified: per character, a seeded permutation of its images; the first k are held out.
    const rng = derive(spec.seed, 'classifier', 'alphadigits', 'split');
    const byClass: number[][] = Array.from({ length: spec.classes }, () => []);
    for (let r = 0; r < labels.length; r++) byClass[labels[r]!]!.push(r);
    const trainRows: number[] = [];
    const heldRows: number[] = [];
    for (const rows of byClass) {
      const perm = rng.permutation(rows.length);
      for (let i = 0; i < perm.length; i++)
        (i < spec.heldOutPerClass ? heldRows : trainRows).push(rows[perm[i]!]!);
    }
    const offsets = spec.shifts ? SHIFTS : SHIFTS.slice(0, 1);
    const take = (rows: readonly number[], moves: typeof SHIFTS): LabelledSet => {
      const n = rows.length * moves.length;
      const X = new Float32Array(n * cols);
      const y = new Int32Array(n);
      let k = 0;
      for (const [dy, dx] of moves)
        for (const r of rows) {
          shiftInto(images, r * cols, X, k * cols, dy, dx);
          y[k++] = labels[r]!;
        }
      return { X: fromArray(n, cols, X), labels: y };
    };
    return E.right({
      train: take(trainRows, offsets),
      heldOut: take(heldRows, SHIFTS.slice(0, 1)),
      ...(spec.refitOnAll ? { all: take([...heldRows, ...trainRows], offsets) } : {}),
    });
  }
  const load = async (split: 'train' | 'test', n: number) => {
    const sub = await mnistSubset(split, n, null, options);
    if (E.isLeft(sub)) return sub;
    const { grey, labels } = sub.right;
    return E.right({ X: fromArray(n, spec.inputs, binarize(grey, spec.threshold)), labels });
  };
  const train = await load('train', 60_000);
  if (E.isLeft(train)) return train;
  const test = await load('test', 10_000);
  if (E.isLeft(test)) return test;
  return E.right({ train: train.right, heldOut: test.right });
}

/**
 * Trains a spec's classifier from scratch and measures it: initDnn([inputs, …hidden, classes])
 * from derive(seed, 'classifier', dataset, 'init'), SGD (trainDnn) from …'train'; accuracy on
 * the held-out images (AlphaDigits) or the test split (MNIST). With `refitOnAll` the returned
 * network is the same recipe trained on every image (its accuracy is the split's estimate). Deterministic for the spec. A
 * Left DataError when the data cannot be loaded; throws RangeError/TypeError on a bad spec.
 */
export async function trainClassifier(
  spec: ClassifierSpec,
  options: DataOptions = {},
): Promise<E.Either<DataError, Classifier>> {
  checkSpec(spec);
  const data = await splits(spec, options);
  if (E.isLeft(data)) return data;
  const { train, heldOut, all } = data.right;
  const base = derive(spec.seed, 'classifier', spec.dataset);
  const fit = (set: LabelledSet): Dnn<Float32Array> =>
    trainDnn(
      initDnn(
        [spec.inputs, ...spec.hidden, spec.classes],
        base.derive('init'),
      ) as Dnn<Float32Array>,
      set.X,
      set.labels,
      { epochs: spec.epochs, batchSize: spec.batchSize, learningRate: spec.learningRate },
      base.derive('train'),
    ).dnn;
  const split = fit(train);
  const accuracy = 1 - evaluate(split, heldOut.X, heldOut.labels).errorRate;
  const dnn = all === undefined ? split : fit(all);
  return E.right({
    spec,
    dnn,
    info: {
      dataset: spec.dataset,
      classes: spec.classes,
      heldOutAccuracy: accuracy,
      id: classifierId(spec),
    },
  });
}

/** Reads a cached classifier; undefined when missing, unreadable or not this spec's. */
function readCached(path: string, spec: ClassifierSpec): Classifier | undefined {
  if (!existsSync(path)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const loaded = loadModel(bytes);
  if (E.isLeft(loaded) || loaded.right.model.kind !== 'dnn') return undefined;
  const { model, metadata } = loaded.right;
  const id = classifierId(spec);
  const acc = metadata.heldOutAccuracy;
  if (metadata.id !== id || typeof acc !== 'number' || !(acc >= 0 && acc <= 1)) return undefined;
  const sizes = [spec.inputs, ...spec.hidden, spec.classes];
  const ok =
    model.layers.length === sizes.length - 1 &&
    model.layers.every((l, i) => l.W.rows === sizes[i] && l.W.cols === sizes[i + 1]);
  if (!ok) return undefined;
  return {
    spec,
    dnn: model,
    info: { dataset: spec.dataset, classes: spec.classes, heldOutAccuracy: acc, id },
  };
}

const memo = new Map<string, Promise<E.Either<DataError, Classifier>>>();

/**
 * The scorer of `dataset`'s samples: memoised per process and id, else read from
 * `<cache>/<dataset>-<id>.safetensors`, else trained ({@link trainClassifier}) and written there
 * atomically (a cache that cannot be written only costs retraining). Resolves to a Left
 * DataError when the training data cannot be loaded. Throws RangeError on an unknown dataset or
 * an `options.spec` of another data set.
 */
export function getClassifier(
  dataset: DatasetName,
  options: ClassifierOptions = {},
): Promise<E.Either<DataError, Classifier>> {
  const spec = options.spec ?? classifierSpec(dataset);
  if (spec.dataset !== dataset) {
    throw new RangeError(`options.spec.dataset must be ${dataset}, got ${String(spec.dataset)}`);
  }
  const dir = options.cacheDir ?? join(cacheDir(), 'classifiers');
  const path = join(dir, `${dataset}-${classifierId(spec)}.safetensors`);
  let p = memo.get(path);
  if (p === undefined) {
    p = (async () => {
      const cached = readCached(path, spec);
      if (cached !== undefined) return E.right(cached);
      const trained = await trainClassifier(spec, options);
      if (E.isRight(trained)) {
        try {
          mkdirSync(dir, { recursive: true });
          writeFileAtomicSync(
            path,
            saveModel(trained.right.dnn, {
              id: trained.right.info.id,
              heldOutAccuracy: trained.right.info.heldOutAccuracy,
              spec: JSON.parse(canonicalJson(spec)),
              codeVersion: CODE_VERSION,
            }),
          );
        } catch {
          // The cache is an optimisation: the classifier is deterministic, retraining is exact.
        }
      }
      return trained;
    })();
    memo.set(path, p);
    void p.then((r) => {
      if (E.isLeft(r)) memo.delete(path);
    });
  }
  return p;
}
