import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aisBetas, DEFAULT_AIS_STEPS } from '../src/index.js';

describe('aisBetas', () => {
  it('defaults to the paper: 500 steps of 1e-3, 4,000 of 1e-4 and 10,000 of 1e-5', () => {
    const b = aisBetas();
    expect(DEFAULT_AIS_STEPS).toBe(14_500);
    expect(b.length).toBe(14_501);
    expect(b[0]).toBe(0);
    expect(b[500]).toBe(0.5);
    expect(b[4500]).toBe(0.9);
    expect(b[14_500]).toBe(1);
    let worst = 0;
    for (let k = 1; k <= 14_500; k++) {
      const step = k <= 500 ? 1e-3 : k <= 4500 ? 1e-4 : 1e-5;
      worst = Math.max(worst, Math.abs(b[k]! - b[k - 1]! - step));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('is a non-decreasing schedule from 0 to 1 with K + 1 values for any K', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (K) => {
        const b = aisBetas(K);
        expect(b.length).toBe(K + 1);
        expect(b[0]).toBe(0);
        expect(b[K]).toBe(1);
        let bad = -1;
        for (let k = 1; k <= K && bad < 0; k++) if (!(b[k]! > b[k - 1]! && b[k]! <= 1)) bad = k;
        expect(bad).toBe(-1);
      }),
    );
  });

  it('keeps the three segments in proportion 1 : 8 : 20', () => {
    const b = aisBetas(290);
    expect(b[10]).toBe(0.5);
    expect(b[90]).toBe(0.9);
  });

  it('rejects a step count that is not a positive integer', () => {
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      expect(() => aisBetas(bad)).toThrow(RangeError);
      expect(() => aisBetas(bad)).toThrow(/steps must be a positive integer/);
    }
  });
});
