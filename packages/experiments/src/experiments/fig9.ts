import type { Experiment, PointDef } from '../experiment.js';
import { layers, MNIST_DNN, MNIST_QUICK } from './common.js';

const DEPTHS = [2, 3, 4, 5, 6, 7, 8, 9];

/**
 * Figure 9 — MNIST test error against the number of hidden layers (2…9 layers of 200), for a
 * DBN-pretrained network and a randomly initialised one: pretraining is a swept dimension, so
 * each depth has two points. 10,000 training images, lr 0.1, batch 5, 100 RBM epochs per layer,
 * 200 backprop epochs, test error on the 10,000 test images.
 *
 * Quick scale: 1,000 training and 2,000 test images, 2 RBM epochs, 5 backprop epochs.
 */
export const fig9: Experiment = {
  name: 'fig9',
  title: 'MNIST test error against depth (layers of 200), pretrained vs random',
  study: {
    ref: 'Figure 9',
    claim:
      'Pretraining beats random initialisation and the gap shrinks with depth; the best depth is 2–4 pretrained and 6–7 random',
  },
  base: { ...MNIST_DNN, trainSize: 10_000 },
  scales: { paper: {}, quick: { ...MNIST_QUICK } },
  quick: '1,000 training / 2,000 test images, 2 RBM epochs, 5 backprop epochs',
  figure: {
    kind: 'line',
    x: 'layers',
    xLabel: 'hidden layers (200 units each)',
    logX: false,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  points: DEPTHS.flatMap((L): PointDef[] =>
    [true, false].map((pretrain) => ({
      id: `layers${L}-${pretrain ? 'pretrained' : 'random'}`,
      label: `${L} × 200, ${pretrain ? 'pretrained' : 'random init'}`,
      set: { hidden: layers(L, 200), pretrain },
    })),
  ),
};
