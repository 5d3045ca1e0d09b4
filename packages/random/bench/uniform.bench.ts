import { stream } from '../src/index.js';
import { type BenchRow, perElement } from './row.js';

/** fillUniform on 10^6 float32 and float64 elements. */
export function benchUniform(n = 1_000_000): BenchRow[] {
  const s = stream('bench/uniform');
  const f32 = new Float32Array(n);
  const f64 = new Float64Array(n);
  return [
    perElement('fillUniform f32', n, () => s.fillUniform(f32)),
    perElement('fillUniform f64', n, () => s.fillUniform(f64)),
  ];
}
