// The study's experiments by name (the names are the contract: fig2 … fig11, table1), then the
// measurements of issue #7 (capacity-rbm, capacity-dbn, ais-mnist).
import type { Experiment } from './experiment.js';
import { aisMnist } from './experiments/ais-mnist.js';
import { capacityDbn } from './experiments/capacity-dbn.js';
import { capacityRbm } from './experiments/capacity-rbm.js';
import { fig2 } from './experiments/fig2.js';
import { fig3 } from './experiments/fig3.js';
import { fig4 } from './experiments/fig4.js';
import { fig5 } from './experiments/fig5.js';
import { fig6 } from './experiments/fig6.js';
import { fig7 } from './experiments/fig7.js';
import { fig8 } from './experiments/fig8.js';
import { fig9 } from './experiments/fig9.js';
import { fig10 } from './experiments/fig10.js';
import { fig11 } from './experiments/fig11.js';
import { table1 } from './experiments/table1.js';

/** Every registered experiment, in the study's order, then the issue #7 measurements. */
export const EXPERIMENTS: readonly Experiment[] = Object.freeze([
  fig2,
  fig3,
  fig4,
  fig5,
  fig6,
  fig7,
  fig8,
  fig9,
  fig10,
  fig11,
  table1,
  capacityRbm,
  capacityDbn,
  aisMnist,
]);

/** The names of the registered experiments, in the study's order. */
export function listExperiments(): string[] {
  return EXPERIMENTS.map((e) => e.name);
}

/** The experiment called `name`, or undefined when there is none. */
export function getExperiment(name: string): Experiment | undefined {
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${String(name)}`);
  return EXPERIMENTS.find((e) => e.name === name);
}
