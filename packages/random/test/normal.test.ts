import { describe, expect, it } from 'vitest';
import { derive, stream } from '../src/index.js';
import { ksStatistic, meanVar, normalCdf } from './stats.js';

const twins = (...path: Array<string | number>) => [derive(5, ...path), derive(5, ...path)];

describe('fillNormal', () => {
  it('has mean 0, std 1, normal tails and passes a Kolmogorov–Smirnov check', () => {
    const n = 200_000;
    const z = stream('normal').fillNormal(new Float64Array(n));
    const { mean, variance } = meanVar(z);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // Var of the sample variance of N(0, 1) is 2/n.
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    let beyond3 = 0;
    for (let i = 0; i < n; i++) if (Math.abs(z[i]!) > 3) beyond3++;
    const p3 = 2 * normalCdf(-3);
    expect(Math.abs(beyond3 - n * p3)).toBeLessThan(4 * Math.sqrt(n * p3) + 1);
    // Critical KS value at α = 0.001 is about 1.95/√n.
    expect(ksStatistic(z, normalCdf)).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('has no correlation between consecutive values (pairs included)', () => {
    const z = stream('pairs').fillNormal(new Float64Array(100_000));
    let even = 0;
    let odd = 0;
    for (let i = 0; i + 2 < z.length; i += 2) {
      even += z[i]! * z[i + 1]!;
      odd += z[i + 1]! * z[i + 2]!;
    }
    expect(Math.abs(even / 50_000)).toBeLessThan(5 / Math.sqrt(50_000));
    expect(Math.abs(odd / 50_000)).toBeLessThan(5 / Math.sqrt(50_000));
  });

  it('float32 output is the float32 rounding of the float64 output', () => {
    const [s, t] = twins('f32');
    const a = s!.fillNormal(new Float32Array(9999), 0.5, 2);
    const b = t!.fillNormal(new Float64Array(9999), 0.5, 2);
    for (let i = 0; i < a.length; i++) if (a[i] !== Math.fround(b[i]!)) expect(a[i]).toBe(b[i]);
  });

  it('applies mean and std as mean + std·z, std 0 gives mean', () => {
    const [s, t] = twins('scale');
    const a = s!.fillNormal(new Float64Array(5000), -3, 0.25);
    const z = t!.fillNormal(new Float64Array(5000));
    for (let i = 0; i < a.length; i++)
      if (a[i] !== -3 + 0.25 * z[i]!) expect(a[i]).toBe(-3 + 0.25 * z[i]!);
    expect(
      stream(1)
        .fillNormal(new Float32Array(7), 4, 0)
        .every((v) => v === 4),
    ).toBe(true);
  });

  it('does not depend on chunking: a shorter fill is a prefix of a longer one', () => {
    for (const n of [1, 5, 4095, 4096, 4097, 9001]) {
      const [s, t] = twins('prefix', n);
      const short = s!.fillNormal(new Float64Array(n));
      const long = t!.fillNormal(new Float64Array(n + 1));
      expect(Array.from(short)).toEqual(Array.from(long.subarray(0, n)));
      if (n % 2 === 1) {
        // An odd fill uses the same draws as the next even length.
        expect(s!.uint32()).toBe(t!.uint32());
      }
    }
  });

  it('is reproducible and never returns a non-finite value', () => {
    const a = derive(9, 'repro').fillNormal(new Float32Array(50_000));
    const b = derive(9, 'repro').fillNormal(new Float32Array(50_000));
    expect(a).toEqual(b);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('validates its arguments', () => {
    const s = stream(0);
    const out = new Float64Array(3);
    expect(() => s.fillNormal(out, 0, -1)).toThrow(RangeError);
    expect(() => s.fillNormal(out, 0, -1)).toThrow(/std must be ≥ 0, got -1/);
    expect(() => s.fillNormal(out, Number.NaN)).toThrow(/mean/);
    expect(() => s.fillNormal(out, 0, Number.POSITIVE_INFINITY)).toThrow(/std/);
    expect(() => s.fillNormal(new Int32Array(3) as unknown as Float64Array)).toThrow(TypeError);
  });
});
