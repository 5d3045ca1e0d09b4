import { stream } from '../src/index.js';
import { type BenchRow, perElement } from './row.js';

/** bernoulli on 10^6 float32 probabilities (uniform on [0, 1), so outcomes are unpredictable). */
export function benchBernoulli(n = 1_000_000): BenchRow[] {
  const s = stream('bench/bernoulli');
  const p = s.fillUniform(new Float32Array(n));
  const out = new Float32Array(n);
  const p64 = s.fillUniform(new Float64Array(n));
  const out64 = new Float64Array(n);
  return [
    perElement('bernoulli f32', n, () => s.bernoulli(p, out)),
    perElement('bernoulli f64', n, () => s.bernoulli(p64, out64)),
  ];
}
