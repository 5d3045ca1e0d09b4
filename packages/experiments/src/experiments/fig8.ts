import type { Experiment } from '../experiment.js';
import { MNIST_DNN } from './common.js';

/**
 * Figure 8 — the binarisation of MNIST: the first four training images ('5', '0', '4', '1') in
 * grey levels (top row) and binarised with pixel > 128 → 1 (bottom row). Nothing is trained.
 *
 * Quick scale: identical to the paper (it takes milliseconds).
 */
export const fig8: Experiment = {
  name: 'fig8',
  title: 'Binarisation of MNIST images (pixel > 128)',
  study: {
    ref: 'Figure 8',
    claim:
      "MNIST grey images ('5', '0', '4', '1') are binarised with pixel > 128 → 1 before every model sees them",
  },
  base: { ...MNIST_DNN, model: 'binarisation', trainSize: 4, threshold: 128 },
  scales: { paper: {}, quick: {} },
  quick: 'same as the paper',
  figure: { kind: 'binarisation' },
  points: [
    { id: 'binarisation', label: "'5', '0', '4', '1': grey and binarised at > 128", set: {} },
  ],
};
