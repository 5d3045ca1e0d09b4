import { stream } from '../src/index.js';
import { type BenchRow, perElement } from './row.js';

/** fillNormal on 10^6 float32 and float64 elements. */
export function benchNormal(n = 1_000_000): BenchRow[] {
  const s = stream('bench/normal');
  const f32 = new Float32Array(n);
  const f64 = new Float64Array(n);
  return [
    perElement('fillNormal f32', n, () => s.fillNormal(f32)),
    perElement('fillNormal f64', n, () => s.fillNormal(f64)),
  ];
}
