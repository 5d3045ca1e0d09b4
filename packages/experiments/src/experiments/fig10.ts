import type { Experiment, PointDef } from '../experiment.js';
import { layers, MNIST_DNN, MNIST_QUICK } from './common.js';

const WIDTHS = [100, 200, 300, 400, 500, 600, 700, 800];

/**
 * Figure 10 — MNIST test error against the units per layer (100…800 by 100, 2 hidden layers),
 * pretrained and random (two points per width). 10,000 training images, lr 0.1, batch 5,
 * 100 RBM epochs, 200 backprop epochs, 10,000 test images.
 *
 * Quick scale: 1,000 training and 2,000 test images, 2 RBM epochs, 5 backprop epochs.
 */
export const fig10: Experiment = {
  name: 'fig10',
  title: 'MNIST test error against width (2 hidden layers), pretrained vs random',
  study: {
    ref: 'Figure 10',
    claim:
      'Pretraining beats random initialisation and the gap shrinks with width; the best width is 200–400 pretrained and 600 random',
  },
  base: { ...MNIST_DNN, trainSize: 10_000 },
  scales: { paper: {}, quick: { ...MNIST_QUICK } },
  quick: '1,000 training / 2,000 test images, 2 RBM epochs, 5 backprop epochs',
  figure: {
    kind: 'line',
    x: 'width',
    xLabel: 'units per hidden layer (2 layers)',
    logX: false,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  points: WIDTHS.flatMap((w): PointDef[] =>
    [true, false].map((pretrain) => ({
      id: `width${w}-${pretrain ? 'pretrained' : 'random'}`,
      label: `2 × ${w}, ${pretrain ? 'pretrained' : 'random init'}`,
      set: { hidden: layers(2, w), pretrain },
    })),
  ),
};
