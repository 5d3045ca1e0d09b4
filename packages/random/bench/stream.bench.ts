import { stream } from '../src/index.js';
import { type BenchRow, perElement } from './row.js';

/** derive(): seeding a child stream (ARC4 key schedule + 12 warm-up steps), per call. */
export function benchDerive(): BenchRow[] {
  const s = stream('bench/derive');
  let i = 0;
  return [perElement('derive (per call)', 1, () => s.derive('epoch', i++))];
}
