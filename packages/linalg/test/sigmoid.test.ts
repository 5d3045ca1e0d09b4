import { sigmoid } from '@dbn/linalg';
import { floatArrayArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ref = (x: number) => 1 / (1 + Math.exp(-x));

describe('sigmoid', () => {
  it('float32: relative error ≤ 1e-6 against 1/(1+Math.exp(−x)) in float64 over [−88, 88]', () => {
    const n = 352_001;
    const x = new Float32Array(n);
    for (let q = 0; q < n; q++) x[q] = -88 + (176 * q) / (n - 1);
    const out = sigmoid(x, new Float32Array(n));
    let worst = 0;
    for (let q = 0; q < n; q++) {
      const want = ref(x[q]!);
      worst = Math.max(worst, Math.abs(out[q]! - want) / want);
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('float64 equals the Math.exp formula', () => {
    fc.assert(
      fc.property(
        floatArrayArb(fc.integer({ min: 0, max: 30 }), 'f64', { min: -800, max: 800 }),
        (x) => {
          const out = sigmoid(x, new Float64Array(x.length));
          for (let i = 0; i < x.length; i++) expect(out[i]).toBe(ref(x[i]!));
        },
      ),
    );
  });

  it('is symmetric: σ(−x) = 1 − σ(x) (float32 within rounding)', () => {
    fc.assert(
      fc.property(
        floatArrayArb(fc.integer({ min: 1, max: 50 }), 'f32', { min: -30, max: 30 }),
        (x) => {
          const neg = x.map((v) => -v);
          const a = sigmoid(x, new Float32Array(x.length));
          const b = sigmoid(neg, new Float32Array(x.length));
          for (let i = 0; i < x.length; i++)
            expect(Math.abs(b[i]! - (1 - a[i]!))).toBeLessThan(1.2e-7);
        },
      ),
    );
  });

  it('saturates at ±large, handles ±∞ and never returns NaN for non-NaN float32 input', () => {
    const x = new Float32Array([
      -1e30,
      -200,
      -104,
      104,
      200,
      1e30,
      -Infinity,
      Infinity,
      Number.NaN,
    ]);
    const out = sigmoid(x, new Float32Array(x.length));
    expect(Array.from(out.subarray(0, 8))).toEqual([0, 0, 0, 1, 1, 1, 0, 1]);
    expect(out[8]).toBeNaN();
    fc.assert(
      fc.property(
        floatArrayArb(fc.integer({ min: 1, max: 40 }), 'f32', { min: -3.4e38, max: 3.4e38 }),
        (v) => {
          const s = sigmoid(v, new Float32Array(v.length));
          for (let i = 0; i < v.length; i++) {
            expect(s[i]).toBeGreaterThanOrEqual(0);
            expect(s[i]).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('works in place and validates its arguments', () => {
    const x = new Float32Array([0, 2]);
    sigmoid(x, x);
    expect(x[0]).toBe(0.5);
    expect(x[1]).toBeCloseTo(ref(2), 7);
    expect(() => sigmoid(new Float32Array(2), new Float32Array(3))).toThrow(
      /out\.length must equal x\.length = 2, got 3/,
    );
    expect(() => sigmoid(new Float32Array(2), new Float64Array(2) as never)).toThrow(TypeError);
    expect(() => sigmoid(new Int32Array(2) as never, new Float32Array(2))).toThrow(/x must be/);
  });
});
