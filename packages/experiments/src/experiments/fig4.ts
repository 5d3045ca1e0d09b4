import type { Experiment, PointDef } from '../experiment.js';
import { ALPHADIGITS_RBM, CHAR_SEQUENCE, charList, letter } from './common.js';

/**
 * Figure 4 — RBM (p = 320, q = 500, batch 5, lr 0.1, 100 epochs, 50 Gibbs steps) trained on the
 * first n of '2', '4', 'B', 'Z', '9', 'P', 'T', 'N' for n = 1…8 (39 images per character).
 *
 * Quick scale: 20 epochs instead of 100.
 */
export const fig4: Experiment = {
  name: 'fig4',
  title: 'RBM generations against the number of characters learnt',
  study: {
    ref: 'Figure 4',
    claim: 'An RBM learns about 3 characters; from 4 on the samples are hard to identify',
  },
  base: { ...ALPHADIGITS_RBM, hidden: [500], epochs: 100 },
  scales: { paper: {}, quick: { epochs: 20 } },
  quick: '20 epochs instead of 100',
  figure: { kind: 'mosaic' },
  points: Array.from({ length: 8 }, (_, i): PointDef => {
    const chars = CHAR_SEQUENCE.slice(0, i + 1);
    return { id: `n${i + 1}`, label: `${letter(i)} ${charList(chars)}`, set: { chars } };
  }),
};
