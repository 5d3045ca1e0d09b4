import { fromArray } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLogPartition, freeEnergy, MAX_ENUMERATED_UNITS } from '../src/index.js';
import { logPartitionByEnumeration } from '../src/likelihood/exact-log-partition.js';
import { allBinary, logSumExp, rbm64 } from './helpers.js';
import {
  bruteLogZ,
  randomRbm,
  rbmArb,
  rbmArrays,
  swapLayers,
  toF32,
} from './likelihood-helpers.js';

/** |x − y| ≤ tol·max(1, |y|). */
function expectClose(x: number, y: number, tol: number): void {
  expect(Math.abs(x - y)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(y)));
}

describe('exactLogPartition', () => {
  it('equals brute-force enumeration over both layers, whichever layer it enumerates', () => {
    fc.assert(
      fc.property(rbmArb(7, 6, 3), (r) => {
        const ref = bruteLogZ(r);
        expectClose(exactLogPartition(r), ref, 1e-12);
        expectClose(logPartitionByEnumeration(r, 'visible'), ref, 1e-12);
        expectClose(logPartitionByEnumeration(r, 'hidden'), ref, 1e-12);
      }),
      { numRuns: 80 },
    );
  });

  it('is symmetric in the layers: swapping visible and hidden (W → Wᵀ, a ↔ b) keeps log Z', () => {
    fc.assert(
      fc.property(rbmArb(9, 9, 2), (r) => {
        expectClose(exactLogPartition(swapLayers(r)), exactLogPartition(r), 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('stays exact for large weights (saturated softplus, arguments below −745)', () => {
    fc.assert(
      fc.property(rbmArb(6, 5, 400), (r) => {
        const ref = bruteLogZ(r);
        expectClose(logPartitionByEnumeration(r, 'visible'), ref, 1e-12);
        expectClose(logPartitionByEnumeration(r, 'hidden'), ref, 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('crosses its 2^10 Gray-code blocks correctly (13 and 14 units against LSE_v −F(v))', () => {
    const rng = derive(11, 'likelihood', 'blocks');
    for (const [p, q] of [
      [13, 14],
      [14, 13],
    ] as const) {
      const r = randomRbm(rng.derive(p, q), p, q, 0.8);
      // reference: LSE over all 2^p visible states of −F(v), with freeEnergy and Math.exp/log1p
      const ref = logSumExp(freeEnergy(r, allBinary(p)).map((f) => -f));
      expectClose(logPartitionByEnumeration(r, 'visible'), ref, 1e-12);
      expectClose(logPartitionByEnumeration(r, 'hidden'), ref, 1e-12);
      expectClose(exactLogPartition(r), ref, 1e-12);
    }
  });

  it('enumerates 2^20 states of a 40 → 20 RBM and agrees with the other layer order on 20 → 40', () => {
    const r = randomRbm(derive(3, 'likelihood', 'twenty'), 40, 20, 0.3);
    const t0 = performance.now();
    const z = exactLogPartition(r);
    const seconds = (performance.now() - t0) / 1000;
    expect(Number.isFinite(z)).toBe(true);
    // the same model with layers swapped enumerates its (now visible) 20 units through −F(v)
    expectClose(exactLogPartition(swapLayers(r)), z, 1e-12);
    expect(seconds).toBeLessThan(30);
  });

  it('gives the float32 model the value of the float64 model holding the same numbers', () => {
    const { f32, f64 } = toF32(randomRbm(derive(5, 'likelihood', 'f32'), 6, 9, 1));
    expect(exactLogPartition(f32)).toBe(exactLogPartition(f64));
  });

  it('handles a model with W = 0: log Z = Σ softplus(a) + Σ softplus(b)', () => {
    const r = rbm64(3, 2, [0, 0, 0, 0, 0, 0], [1, -2, 0.5], [-1, 3]);
    const sp = (x: number) => Math.log1p(Math.exp(x));
    const expected = sp(1) + sp(-2) + sp(0.5) + sp(-1) + sp(3);
    expectClose(exactLogPartition(r), expected, 1e-14);
  });

  it('does not change its input', () => {
    const r = randomRbm(derive(9, 'likelihood', 'pure'), 5, 4, 1);
    const before = rbmArrays(r);
    exactLogPartition(r);
    logPartitionByEnumeration(r, 'visible');
    logPartitionByEnumeration(r, 'hidden');
    expect(rbmArrays(r)).toEqual(before);
  });

  it('throws naming the sizes when both layers exceed the enumeration limit', () => {
    const n = MAX_ENUMERATED_UNITS + 1;
    const r = rbm64(
      n,
      n + 1,
      new Array(n * (n + 1)).fill(0),
      new Array(n).fill(0),
      new Array(n + 1).fill(0),
    );
    expect(() => exactLogPartition(r)).toThrow(RangeError);
    expect(() => exactLogPartition(r)).toThrow(`visible = ${n}, hidden = ${n + 1}`);
  });

  it('rejects malformed RBMs, naming the field', () => {
    const good = rbm64(2, 2, [1, 2, 3, 4], [0, 0], [0, 0]);
    expect(() => exactLogPartition(null as never)).toThrow(TypeError);
    expect(() => exactLogPartition({ ...good, kind: 'dbn' } as never)).toThrow(
      /rbm must be an RBM/,
    );
    expect(() => exactLogPartition({ ...good, visible: 3 })).toThrow(/rbm\.W must be 3×2/);
    expect(() => exactLogPartition({ ...good, a: new Float64Array(3) })).toThrow(
      /rbm\.a must have length 2/,
    );
    expect(() => exactLogPartition({ ...good, b: new Float64Array([0, Number.NaN]) })).toThrow(
      /rbm\.b must be finite, got rbm\.b\[1\] = NaN/,
    );
    const W = fromArray(2, 2, new Float64Array([1, Number.POSITIVE_INFINITY, 0, 0]));
    expect(() => exactLogPartition({ ...good, W })).toThrow(
      /rbm\.W must be finite, got rbm\.W\[0, 1\]/,
    );
    expect(() => exactLogPartition({ ...good, hidden: 0 })).toThrow(
      /rbm\.hidden must be a positive integer/,
    );
  });
});
