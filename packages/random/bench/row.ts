import { time } from '../../../tooling/testkit/src/bench.js';

/** One benchmark result: nanoseconds per element (best and median over the timed samples). */
export interface BenchRow {
  readonly name: string;
  readonly elements: number;
  readonly bestNsPerElement: number;
  readonly medianNsPerElement: number;
}

/** Times `fn`, which processes `elements` elements per call, and reports ns per element. */
export function perElement(name: string, elements: number, fn: () => void): BenchRow {
  const t = time(fn, 9, 0.1);
  return {
    name,
    elements,
    bestNsPerElement: (t.bestSeconds * 1e9) / elements,
    medianNsPerElement: (t.medianSeconds * 1e9) / elements,
  };
}
