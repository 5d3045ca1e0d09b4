import type { Experiment, PointDef } from '../experiment.js';
import { ALPHADIGITS_DBN, layers, letter } from './common.js';

const Q = [1, 10, 100, 200, 320, 500, 1000, 10_000];

/**
 * Figure 6 — DBNs of L = 5 layers of q ∈ {1, 10, 100, 200, 320, 500, 1000, 10000} units on the
 * 39 images of 'F' (batch 5, lr 0.1, 100 epochs per layer, 50 Gibbs steps). q = 10000 has four
 * 10000 × 10000 weight matrices (1.6 GB of float32).
 *
 * Quick scale: 20 epochs per layer instead of 100; q = 10000 trains 1 epoch per layer and
 * generates with 10 Gibbs steps instead of 50.
 */
export const fig6: Experiment = {
  name: 'fig6',
  title: "DBN (L = 5) generations of 'F' against the units per layer",
  study: {
    ref: 'Figure 6',
    claim:
      "With L = 5 the best width lies between q = 100 and q = 1000; below 100 and above 1000 'F' is not clearly identifiable",
  },
  base: { ...ALPHADIGITS_DBN, chars: ['F'], epochs: 100 },
  scales: { paper: {}, quick: { epochs: 20 } },
  quick: '20 epochs per layer instead of 100; q = 10000: 1 epoch and 10 Gibbs steps',
  figure: { kind: 'mosaic' },
  points: Q.map(
    (q, i): PointDef => ({
      id: `q${q}`,
      label: `${letter(i)} q = ${q}`,
      set: { hidden: layers(5, q) },
      ...(q === 10_000 ? { scales: { quick: { epochs: 1, gibbsSteps: 10 } } } : {}),
    }),
  ),
};
