import { describe, expect, it } from 'vitest';
import { checkGradient, numericalGradient } from '../src/finite-diff.js';

describe('finite differences', () => {
  it('matches the analytic gradient of a smooth function', () => {
    // f(x) = Σ sin(x_i)·x_{i+1} + x_0³, ∇f known in closed form
    const f = (x: Float64Array) => {
      let s = x[0]! ** 3;
      for (let i = 0; i + 1 < x.length; i++) s += Math.sin(x[i]!) * x[i + 1]!;
      return s;
    };
    const x = Float64Array.from([0.3, -1.2, 2.0, 0.7]);
    const g = new Float64Array(x.length);
    g[0] = 3 * x[0]! ** 2;
    for (let i = 0; i + 1 < x.length; i++) {
      g[i] = g[i]! + Math.cos(x[i]!) * x[i + 1]!;
      g[i + 1] = g[i + 1]! + Math.sin(x[i]!);
    }
    const before = Float64Array.from(x);
    const res = checkGradient(f, x, g);
    expect(res.maxRelativeError).toBeLessThan(1e-7);
    expect(Array.from(x)).toEqual(Array.from(before));
  });

  it('detects a wrong gradient', () => {
    const f = (x: Float64Array) => x[0]! * x[0]!;
    const x = Float64Array.from([1.5]);
    const res = checkGradient(f, x, Float64Array.from([2.0]));
    expect(res.maxRelativeError).toBeGreaterThan(0.1);
    expect(res.worstIndex).toBe(0);
    expect(numericalGradient(f, x)[0]).toBeCloseTo(3, 6);
  });
});
