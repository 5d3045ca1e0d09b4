import { describe, expect, it } from 'vitest';
import { derive, stream } from '../src/index.js';
import { meanVar } from './stats.js';

const twins = (...path: Array<string | number>) => [derive(11, ...path), derive(11, ...path)];

describe('uniform()', () => {
  it('is k·2^-53 from two draws, in [0, 1), with mean 1/2 and variance 1/12', () => {
    const [s, t] = twins('uniform');
    const n = 100_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = s!.uniform();
      const k = (t!.uint32() >>> 5) * 2 ** 26 + (t!.uint32() >>> 6);
      if (u !== k * 2 ** -53) expect(u).toBe(k * 2 ** -53);
      xs[i] = u;
    }
    const { mean, variance } = meanVar(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var of (U − 1/2)² is 1/180.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });
});

describe('fillUniform', () => {
  it('float32 on [0, 1): exact multiples 2^-24 of one draw each, never 1', () => {
    const [s, t] = twins('f32');
    const n = 200_000;
    const out = s!.fillUniform(new Float32Array(n));
    let max = 0;
    for (let i = 0; i < n; i++) {
      const want = (t!.uint32() >>> 8) * 2 ** -24;
      if (out[i] !== want) expect(out[i]).toBe(want);
      max = Math.max(max, out[i]!);
    }
    expect(max).toBeLessThan(1);
    const { mean, variance } = meanVar(out);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('float64 on [0, 1) gives the same numbers as uniform()', () => {
    const [s, t] = twins('f64');
    const out = s!.fillUniform(new Float64Array(10_001));
    for (let i = 0; i < out.length; i++) {
      const u = t!.uniform();
      if (out[i] !== u) expect(out[i]).toBe(u);
    }
    // Both streams consumed the same number of draws.
    expect(s!.uint32()).toBe(t!.uint32());
  });

  it('maps to lo + (hi − lo)·U on [lo, hi)', () => {
    const n = 100_000;
    for (const out of [new Float32Array(n), new Float64Array(n)]) {
      const [s, t] = twins('range', out.constructor.name);
      s!.fillUniform(out, -3, 5);
      const ref = t!.fillUniform(
        out instanceof Float32Array ? new Float32Array(n) : new Float64Array(n),
      );
      for (let i = 0; i < n; i++) {
        const want = out instanceof Float32Array ? Math.fround(-3 + 8 * ref[i]!) : -3 + 8 * ref[i]!;
        if (out[i] !== want) expect(out[i]).toBe(want);
      }
      const { mean, variance } = meanVar(out);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(-3);
      expect(Math.max(...out)).toBeLessThan(5);
      expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(64 / 12 / n));
      expect(Math.abs(variance - 64 / 12)).toBeLessThan(5 * Math.sqrt(64 ** 2 / 180 / n));
    }
  });

  it('never returns hi or anything below lo where rounding would', () => {
    const s = stream('edges');
    // float32 ulp at 1e6 is 1/16: about 3 % of draws would round up to hi.
    const a = s.fillUniform(new Float32Array(100_000), 1e6, 1e6 + 1);
    expect(a.every((v) => v >= 1e6 && v < 1e6 + 1)).toBe(true);
    expect(a.includes(Math.fround(1e6 + 1 - 1 / 16))).toBe(true);
    // double ulp at 1e15 is 1/8: about 6 % of draws would round up to hi.
    const b = s.fillUniform(new Float64Array(100_000), 1e15, 1e15 + 1);
    expect(b.every((v) => v >= 1e15 && v < 1e15 + 1)).toBe(true);
    expect(b.includes(1e15 + 1 - 1 / 8)).toBe(true);
    // fround(0.7) < 0.7: values must be clamped up to the first float32 ≥ lo.
    const lo = 0.7;
    const hi = 0.7 + 3e-7;
    const c = s.fillUniform(new Float32Array(10_000), lo, hi);
    expect(c.every((v) => v >= lo && v < hi)).toBe(true);
    // [1, 2) in float32: 1 + U rounds to 2 for U = 1 − 2^-24; the clamp keeps it below 2.
    const d = s.fillUniform(new Float32Array(10_000), 1, 2);
    expect(d.every((v) => v >= 1 && v < 2)).toBe(true);
  });

  it('handles empty and odd lengths, and returns out', () => {
    const s = stream(0);
    const empty = new Float32Array(0);
    expect(s.fillUniform(empty)).toBe(empty);
    const odd = new Float64Array(4097);
    expect(s.fillUniform(odd)).toBe(odd);
    expect(odd[4096]).toBeGreaterThan(0);
  });

  it('validates its arguments', () => {
    const s = stream(0);
    const out = new Float32Array(4);
    expect(() => s.fillUniform([1, 2] as unknown as Float32Array)).toThrow(TypeError);
    expect(() => s.fillUniform([1, 2] as unknown as Float32Array)).toThrow(/out must be/);
    expect(() => s.fillUniform(out, 1, 1)).toThrow(RangeError);
    expect(() => s.fillUniform(out, 2, 1)).toThrow(/lo must be less than hi/);
    expect(() => s.fillUniform(out, Number.NaN, 1)).toThrow(/lo must be a finite number, got NaN/);
    expect(() => s.fillUniform(out, 0, Number.POSITIVE_INFINITY)).toThrow(/hi/);
    expect(() => s.fillUniform(out, -Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(/finite/);
    expect(() => s.fillUniform(out, 0.7, 0.7 + 1e-9)).toThrow(/no float32 value/);
    expect(() => s.fillUniform(new Float64Array(4), 0.7, 0.7 + 1e-9)).not.toThrow();
  });
});
