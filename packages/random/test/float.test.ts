import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32AtLeast, float32Below, prevFloat64 } from '../src/float.js';

const view = new DataView(new ArrayBuffer(8));

/** The next float32 above the float32 value f (test-side, via DataView). */
function nextUp32(f: number): number {
  if (f === 0) return 2 ** -149;
  view.setFloat32(0, f);
  const bits = view.getUint32(0);
  view.setUint32(0, f > 0 ? bits + 1 : bits - 1);
  return view.getFloat32(0);
}

/** The next double above x (test-side, via BigInt bits). */
function nextUp64(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const inFloat32Range = fc.double({ min: -3e38, max: 3e38, noNaN: true });

describe('prevFloat64', () => {
  it('is the largest double below x', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const p = prevFloat64(x);
        expect(p).toBeLessThan(x);
        expect(nextUp64(p) === x).toBe(true);
      }),
    );
    expect(prevFloat64(1)).toBe(1 - 2 ** -53);
    expect(prevFloat64(2)).toBe(2 - 2 ** -52);
    expect(prevFloat64(0)).toBe(-Number.MIN_VALUE);
    expect(prevFloat64(Number.POSITIVE_INFINITY)).toBe(Number.MAX_VALUE);
    expect(prevFloat64(-1)).toBe(-1 - 2 ** -52);
  });
});

describe('float32Below / float32AtLeast', () => {
  it('float32Below(x) is the largest float32 < x', () => {
    fc.assert(
      fc.property(inFloat32Range, (x) => {
        const r = float32Below(x);
        expect(Math.fround(r)).toBe(r);
        expect(r).toBeLessThan(x);
        expect(nextUp32(r)).toBeGreaterThanOrEqual(x);
      }),
    );
    expect(float32Below(1)).toBe(1 - 2 ** -24);
    expect(float32Below(0)).toBe(-(2 ** -149));
  });

  it('float32AtLeast(x) is the smallest float32 ≥ x', () => {
    fc.assert(
      fc.property(inFloat32Range, (x) => {
        const r = float32AtLeast(x);
        expect(Math.fround(r)).toBe(r);
        expect(r).toBeGreaterThanOrEqual(x);
        expect(float32Below(r)).toBeLessThan(x);
      }),
    );
    expect(float32AtLeast(0.7)).toBeGreaterThan(0.7);
    expect(float32AtLeast(0.5)).toBe(0.5);
  });
});
