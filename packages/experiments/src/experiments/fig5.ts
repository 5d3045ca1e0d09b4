import type { PointConfig } from '../config.js';
import type { Experiment, PointDef } from '../experiment.js';
import { ALPHADIGITS_DBN, layers, letter } from './common.js';

const DEPTHS = [2, 5, 10, 20, 50, 100, 500, 1000];

/** Quick-scale epochs per layer by depth: the deepest DBNs are trimmed to fit the budget. */
const QUICK_EPOCHS: Record<number, number> = {
  2: 20,
  5: 20,
  10: 20,
  20: 10,
  50: 4,
  100: 2,
  500: 1,
  1000: 1,
};

/**
 * Figure 5 — DBNs of L ∈ {2, 5, 10, 20, 50, 100, 500, 1000} layers of 500 units trained on the
 * 39 images of 'W' (each RBM: batch 5, lr 0.1, 100 epochs; generation: 50 Gibbs steps on the
 * top RBM, then a sampled down pass).
 *
 * Quick scale: fewer epochs per layer, trimmed with depth — 20 for L ≤ 10, 10 for L = 20,
 * 4 for L = 50, 2 for L = 100 and 1 for L = 500 and 1000.
 */
export const fig5: Experiment = {
  name: 'fig5',
  title: "DBN generations of 'W' against the number of layers",
  study: {
    ref: 'Figure 5',
    claim:
      "Depth has almost no effect: 'W' is recognisable from L = 2 to L = 100 and, although quality degrades at L = 500 and 1000, still recognisable there",
  },
  base: { ...ALPHADIGITS_DBN, chars: ['W'], epochs: 100 },
  scales: { paper: {}, quick: {} },
  quick: 'epochs per layer 20 (L ≤ 10), 10 (L = 20), 4 (L = 50), 2 (L = 100), 1 (L = 500, 1000)',
  figure: { kind: 'mosaic' },
  points: DEPTHS.map(
    (L, i): PointDef => ({
      id: `L${L}`,
      label: `${letter(i)} L = ${L}`,
      set: { hidden: layers(L, 500) },
      scales: { quick: { epochs: QUICK_EPOCHS[L]! } satisfies Partial<PointConfig> },
    }),
  ),
};
