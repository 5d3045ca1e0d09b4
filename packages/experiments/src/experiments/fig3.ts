import type { Experiment, PointDef } from '../experiment.js';
import { ALPHADIGITS_RBM, letter } from './common.js';

const Q = [1, 10, 100, 320, 500, 1000, 10_000, 100_000];

/** The final reconstruction error (EQM) the study reports under each subfigure. */
const STUDY_EQM: Record<string, number> = {
  q1: 0.27668,
  q10: 0.17965,
  q100: 0.03221,
  q320: 0.00938,
  q500: 0.00288,
  q1000: 0.00208,
  q10000: 0.00032,
  q100000: 0.00016,
};

/**
 * Figure 3 — generations of '0' by RBMs with q ∈ {1, 10, 100, 320, 500, 1000, 10000, 100000}
 * hidden units (p = 320, batch 5, lr 0.1, 100 epochs, 50 Gibbs steps, the 39 images of '0'),
 * each captioned with its final-epoch reconstruction error. q = 100000 needs a 320 × 100000
 * float32 weight matrix (128 MB): where that cannot be allocated the point fails as
 * 'out-of-memory' and the sweep goes on.
 *
 * Quick scale: 20 epochs instead of 100; q = 100000 trains 2 epochs and generates with 10 Gibbs
 * steps instead of 50 (its generation alone costs 5 epochs of training at 50 steps).
 */
export const fig3: Experiment = {
  name: 'fig3',
  title: "RBM generations of '0' against the number of hidden units q",
  study: {
    ref: 'Figure 3',
    claim:
      'The final reconstruction error keeps falling as q grows (0.277 at q = 1 to 0.00016 at q = 100000) although samples look best for q = 320–1000, so the error is not a measure of generation quality',
    reference: { metric: 'reconstructionError', values: STUDY_EQM },
  },
  base: { ...ALPHADIGITS_RBM, chars: ['0'], epochs: 100 },
  scales: { paper: {}, quick: { epochs: 20 } },
  quick: '20 epochs instead of 100; q = 100000: 2 epochs and 10 Gibbs steps',
  figure: { kind: 'mosaic', caption: 'reconstructionError' },
  points: Q.map(
    (q, i): PointDef => ({
      id: `q${q}`,
      label: `${letter(i)} q = ${q}`,
      set: { hidden: [q] },
      ...(q === 100_000 ? { scales: { quick: { epochs: 2, gibbsSteps: 10 } } } : {}),
    }),
  ),
};
