import type { Experiment, PointDef } from '../experiment.js';
import { MNIST_DNN, MNIST_QUICK } from './common.js';

const SIZES = [1000, 3000, 7000, 10_000, 30_000, 60_000];

/** Quick-scale training sizes: the paper's divided by 20 (the ratios between points are kept). */
const QUICK_SIZE = (n: number): number => n / 20;

/**
 * Figure 11 — MNIST test error against the number of training images (1000, 3000, 7000, 10000,
 * 30000, 60000; the first N of the training split) for 2 × 200 networks, pretrained and random.
 * lr 0.1, batch 5, 100 RBM epochs, 200 backprop epochs, 10,000 test images.
 *
 * Quick scale: the training sizes divided by 20 (50 … 3000), 2,000 test images, 2 RBM epochs,
 * 5 backprop epochs.
 */
export const fig11: Experiment = {
  name: 'fig11',
  title: 'MNIST test error against training-set size (2 × 200), pretrained vs random',
  study: {
    ref: 'Figure 11',
    claim:
      'Pretraining beats random initialisation at every training size, the error falls as data grows, and the gap shrinks with data',
  },
  base: { ...MNIST_DNN },
  scales: { paper: {}, quick: { ...MNIST_QUICK } },
  quick: 'training sizes ÷ 20 (50 … 3000), 2,000 test images, 2 RBM epochs, 5 backprop epochs',
  figure: {
    kind: 'line',
    x: 'trainSize',
    xLabel: 'training images',
    logX: true,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  points: SIZES.flatMap((n): PointDef[] =>
    [true, false].map((pretrain) => ({
      id: `train${n}-${pretrain ? 'pretrained' : 'random'}`,
      label: `${n} images, ${pretrain ? 'pretrained' : 'random init'}`,
      set: { trainSize: n, pretrain },
      scales: { quick: { trainSize: QUICK_SIZE(n) } },
    })),
  ),
};
