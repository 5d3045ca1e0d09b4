// Shared base configurations of the study's experiments.
import type { PointConfig } from '../config.js';
import type { PointDef } from '../experiment.js';

/**
 * The study's RBM on Binary AlphaDigits (fig. 2.(a) with 100 epochs, the settings §1.1 fixes for
 * what follows): p = 320, q = 200, batch 5, lr 0.1, CD-1, 50 Gibbs steps, 16 generated images.
 * MNIST-only fields hold the study's MNIST values so that `--set dataset=mnist` is meaningful.
 * Measurements (issue #7, docs/0006-quality.md) are off: quality false (100 chains scored at
 * τ = 0.9 when on), aisRuns 0 (the paper's 14,500 AIS steps when on); training is plain CD.
 */
export const ALPHADIGITS_RBM: PointConfig = Object.freeze({
  model: 'rbm',
  dataset: 'alphadigits',
  chars: Object.freeze(['A']),
  trainSize: 60_000,
  testSize: 10_000,
  subsetSeed: null,
  hidden: Object.freeze([200]),
  epochs: 100,
  batchSize: 5,
  learningRate: 0.1,
  k: 1,
  gibbsSteps: 50,
  samples: 16,
  pretrain: true,
  backpropEpochs: 200,
  threshold: 128,
  quality: false,
  qualitySamples: 100,
  tau: 0.9,
  aisRuns: 0,
  aisSteps: 14_500,
  boundSamples: 10,
  persistent: false,
});

/** The study's DBN on Binary AlphaDigits (§1.2): L = 5 layers of 500, otherwise as the RBM. */
export const ALPHADIGITS_DBN: PointConfig = Object.freeze({
  ...ALPHADIGITS_RBM,
  model: 'dbn',
  hidden: Object.freeze([500, 500, 500, 500, 500]),
});

/**
 * The study's DNN on binarised MNIST (§2): pixel > 128, lr 0.1, batch 5, 100 RBM epochs of
 * pretraining per layer, 200 backprop epochs, 2 × 200 hidden, 10,000 training images (the first
 * of the training split), error measured on the 10,000 test images.
 */
export const MNIST_DNN: PointConfig = Object.freeze({
  ...ALPHADIGITS_RBM,
  model: 'dnn',
  dataset: 'mnist',
  trainSize: 10_000,
  testSize: 10_000,
  hidden: Object.freeze([200, 200]),
  pretrain: true,
  epochs: 100,
  backpropEpochs: 200,
});

/**
 * The quick scale of the MNIST experiments: the first 1,000 training images and 2,000 test
 * images, 2 RBM epochs per layer and 5 backprop epochs (batch 5 and lr 0.1 are kept).
 */
export const MNIST_QUICK: Partial<PointConfig> = Object.freeze({
  trainSize: 1000,
  testSize: 2000,
  epochs: 2,
  backpropEpochs: 5,
});

/** `n` repeated `size`: the hidden sizes of n equal layers. */
export function layers(n: number, size: number): number[] {
  return Array.from({ length: n }, () => size);
}

/** The characters of fig. 4 and fig. 7, in the order the study adds them. */
export const CHAR_SEQUENCE: readonly string[] = Object.freeze([
  '2',
  '4',
  'B',
  'Z',
  '9',
  'P',
  'T',
  'N',
  '0',
  'K',
]);

/** "'2', '4' and 'B'": the characters of a point label. */
export function charList(chars: readonly string[]): string {
  const q = chars.map((c) => `'${c}'`);
  return q.length === 1 ? q[0]! : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** The subfigure letter of point i: (a), (b), … */
export function letter(i: number): string {
  return `(${String.fromCharCode(97 + i)})`;
}

/** "2 characters: 2,4": the label of a capacity point trained on `chars`. */
export function capacityLabel(chars: readonly string[]): string {
  return `${chars.length} character${chars.length === 1 ? '' : 's'}: ${chars.join(',')}`;
}

/**
 * The points of a capacity sweep (issue #7): `n<K>` trains on the first K characters of
 * {@link CHAR_SEQUENCE}, K = 1…10, labelled by {@link capacityLabel}.
 */
export function capacityPoints(): PointDef[] {
  return CHAR_SEQUENCE.map((_, i): PointDef => {
    const chars = CHAR_SEQUENCE.slice(0, i + 1);
    return { id: `n${i + 1}`, label: capacityLabel(chars), set: { chars } };
  });
}
