import type { Experiment, PointDef } from '../experiment.js';
import { layers, MNIST_DNN, MNIST_QUICK } from './common.js';

const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [2, 200],
  [2, 300],
  [2, 400],
  [4, 200],
  [4, 300],
  [4, 400],
];

/**
 * Table 1 — MNIST test error of six pretrained networks (2 × 200, 2 × 300, 2 × 400, 4 × 200,
 * 4 × 300, 4 × 400) trained on all 60,000 training images; lr 0.1, batch 5, 100 RBM epochs,
 * 200 backprop epochs, 10,000 test images.
 *
 * Quick scale: 2,000 training and 2,000 test images, 2 RBM epochs, 5 backprop epochs.
 */
export const table1: Experiment = {
  name: 'table1',
  title: 'MNIST test error of six pretrained configurations on 60,000 images',
  study: {
    ref: 'Table 1',
    claim: 'The best configuration is the pretrained 4 × 400 network, at about 1.5 % test error',
  },
  base: { ...MNIST_DNN, trainSize: 60_000, pretrain: true },
  scales: { paper: {}, quick: { ...MNIST_QUICK, trainSize: 2000 } },
  quick: '2,000 training / 2,000 test images, 2 RBM epochs, 5 backprop epochs',
  figure: { kind: 'table', metric: 'testErrorRate' },
  points: SHAPES.map(
    ([L, w]): PointDef => ({
      id: `${L}x${w}`,
      label: `${L} × ${w}`,
      set: { hidden: layers(L, w) },
    }),
  ),
};
