import { stream } from '../src/index.js';
import { type BenchRow, perElement } from './row.js';

/** permutation(60000) (allocates its result, as callers do once per epoch). */
export function benchPermutation(n = 60_000): BenchRow[] {
  const s = stream('bench/permutation');
  return [perElement(`permutation(${n})`, n, () => s.permutation(n))];
}
