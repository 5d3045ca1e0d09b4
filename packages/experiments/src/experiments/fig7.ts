import type { Experiment, PointDef } from '../experiment.js';
import { ALPHADIGITS_DBN, CHAR_SEQUENCE, charList, letter } from './common.js';

/**
 * Figure 7 — DBN of 5 layers of 500 (batch 5, lr 0.1, 100 epochs per layer, 50 Gibbs steps)
 * trained on the first n of '2', '4', 'B', 'Z', '9', 'P', 'T', 'N', '0', 'K' for n = 1…10.
 *
 * Quick scale: 5 epochs per layer instead of 100.
 */
export const fig7: Experiment = {
  name: 'fig7',
  title: 'DBN (5 × 500) generations against the number of characters learnt',
  study: {
    ref: 'Figure 7',
    claim:
      'A 5 × 500 DBN generates recognisable characters for up to 5 characters, more than the RBM (3)',
  },
  base: { ...ALPHADIGITS_DBN, epochs: 100 },
  scales: { paper: {}, quick: { epochs: 5 } },
  quick: '5 epochs per layer instead of 100',
  figure: { kind: 'mosaic' },
  points: Array.from({ length: 10 }, (_, i): PointDef => {
    const chars = CHAR_SEQUENCE.slice(0, i + 1);
    return { id: `n${i + 1}`, label: `${letter(i)} ${charList(chars)}`, set: { chars } };
  }),
};
