import type { Experiment } from '../experiment.js';
import { ALPHADIGITS_RBM, capacityPoints } from './common.js';

/**
 * Capacity of the RBM, measured (issue #7): fig. 4's RBM (p = 320, q = 500, batch 5, lr 0.1,
 * CD-1, 100 epochs, 50 Gibbs steps) trained on the first K of '2', '4', 'B', 'Z', '9', 'P', 'T',
 * 'N', '0', 'K' for K = 1…10, three seeds per point. Each point scores 100 independent chains
 * with the AlphaDigits classifier (τ = 0.9: recognised fraction, coverage of the K characters)
 * and estimates the mean log-likelihood of its training images by AIS (docs/0006-quality.md).
 *
 * Paper scale: the study's training and the AIS of Salakhutdinov & Murray (2008), 100 runs of
 * 14,500 temperatures. Quick scale: 10 epochs, AIS with 16 runs of 400 temperatures.
 */
export const capacityRbm: Experiment = {
  name: 'capacity-rbm',
  title: 'RBM capacity: recognised samples and log-likelihood against the number of characters',
  study: {
    ref: 'Figure 4',
    claim:
      'An RBM learns about 3 characters; from 4 on the samples are hard to identify (judged by eye)',
  },
  base: { ...ALPHADIGITS_RBM, hidden: [500], epochs: 100, quality: true, aisRuns: 100 },
  scales: { paper: {}, quick: { epochs: 10, aisRuns: 16, aisSteps: 400 } },
  quick: '10 epochs instead of 100; AIS with 16 runs × 400 temperatures instead of 100 × 14,500',
  figure: { kind: 'capacity' },
  seeds: 3,
  points: capacityPoints(),
};
