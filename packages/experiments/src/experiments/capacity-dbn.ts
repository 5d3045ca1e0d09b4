import type { Experiment } from '../experiment.js';
import { ALPHADIGITS_DBN, capacityPoints } from './common.js';

/**
 * Capacity of the DBN, measured (issue #7): fig. 7's DBN (5 layers of 500, batch 5, lr 0.1, CD-1,
 * 100 epochs per layer, 50 Gibbs steps) trained on the first K of '2', '4', 'B', 'Z', '9', 'P',
 * 'T', 'N', '0', 'K' for K = 1…10, three seeds per point. Each point scores 100 independent
 * chains with the AlphaDigits classifier (τ = 0.9) and estimates the variational lower bound on
 * the mean log-likelihood of its training images, with AIS on the top RBM (docs/0006-quality.md).
 *
 * Paper scale: the study's training, 100 AIS runs of 14,500 temperatures and 10 posterior
 * samples per image. Quick scale: 3 epochs per layer, AIS with 10 runs of 200 temperatures, 2
 * posterior samples per image.
 */
export const capacityDbn: Experiment = {
  name: 'capacity-dbn',
  title: 'DBN (5 × 500) capacity: recognised samples and log-likelihood bound against characters',
  study: {
    ref: 'Figure 7',
    claim:
      'A 5 × 500 DBN generates recognisable characters for up to about 5 characters, more than the RBM (3) (judged by eye)',
  },
  base: { ...ALPHADIGITS_DBN, epochs: 100, quality: true, aisRuns: 100 },
  scales: { paper: {}, quick: { epochs: 3, aisRuns: 10, aisSteps: 200, boundSamples: 2 } },
  quick:
    '3 epochs per layer instead of 100; AIS 10 runs × 200 temperatures instead of 100 × 14,500; 2 posterior samples per image instead of 10',
  figure: { kind: 'capacity' },
  seeds: 3,
  points: capacityPoints(),
};
