import type { Experiment } from '../experiment.js';
import { ALPHADIGITS_RBM } from './common.js';

/**
 * Figure 2 — generations of 'A' by eight RBMs: (a) the base p = 320, q = 200, batch 5, lr 0.1,
 * 20 epochs, 50 Gibbs steps, trained on the 39 images of 'A'; (b)–(h) change one setting each:
 * q = 10, q = 1000, q = 10000, lr = 1, batch 15, 100 epochs, 200 Gibbs steps.
 *
 * Quick scale: the base trains 10 epochs instead of 20 and variant (g) 50 instead of 100 (the
 * same 1 : 5 ratio); everything else is the paper's.
 */
export const fig2: Experiment = {
  name: 'fig2',
  title: "RBM generations of 'A': the effect of each hyper-parameter",
  study: {
    ref: 'Figure 2',
    claim:
      "Every hyper-parameter changes how well the RBM generates 'A': q = 10 and q = 10000 reproduce it badly, so a good hidden size lies between 100 and 1000",
  },
  base: { ...ALPHADIGITS_RBM, chars: ['A'], hidden: [200], epochs: 20 },
  scales: { paper: {}, quick: { epochs: 10 } },
  quick: 'base 10 epochs instead of 20, variant (g) 50 epochs instead of 100',
  figure: { kind: 'mosaic' },
  points: [
    { id: 'base', label: '(a) base: q = 200, batch 5, lr 0.1, 20 epochs, 50 Gibbs steps', set: {} },
    { id: 'q10', label: '(b) q = 10', set: { hidden: [10] } },
    { id: 'q1000', label: '(c) q = 1000', set: { hidden: [1000] } },
    { id: 'q10000', label: '(d) q = 10000', set: { hidden: [10000] } },
    { id: 'lr1', label: '(e) lr = 1', set: { learningRate: 1 } },
    { id: 'batch15', label: '(f) batch size 15', set: { batchSize: 15 } },
    {
      id: 'epochs100',
      label: '(g) 100 epochs',
      set: { epochs: 100 },
      scales: { quick: { epochs: 50 } },
    },
    { id: 'gibbs200', label: '(h) 200 Gibbs steps', set: { gibbsSteps: 200 } },
  ],
};
