import {
  arenaBytes,
  type Backend,
  BinaryIndex,
  binaryGemm,
  createArena,
  gemm,
  getBackend,
  type Matrix,
  setBackend,
  zeros,
} from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSimd } from '../src/wasm/backend.js';
import { binaryArb, binaryFilled, densityArb, expectProduct } from './binary.js';
import { bytesOf, filled, sameBytes } from './reference.js';

const BACKENDS: Backend[] = detectSimd() ? ['js', 'wasm'] : ['js'];
const DEFAULT_BACKEND = getBackend();

const scalarArb = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

function caseArb(m: fc.Arbitrary<number>, k: fc.Arbitrary<number>, n: fc.Arbitrary<number>) {
  return fc
    .record({ m, k, n, density: densityArb, dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64') })
    .chain(({ m, k, n, density, dtype }) =>
      fc.record({
        alpha: scalarArb,
        beta: scalarArb,
        a: binaryArb(m, k, dtype, density),
        b: matrixArb({ rows: k, cols: n, dtype, layout: 'strided', negativeStrides: true }),
        c: matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
      }),
    );
}

describe.each(BACKENDS)('binaryGemm (%s backend for float32)', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend(DEFAULT_BACKEND));

  it('equals the dense product for random shapes, densities, strides, α and β', () => {
    fc.assert(
      fc.property(
        caseArb(dimArb({ max: 9 }), dimArb({ max: 12 }), dimArb({ max: 41 })),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          expect(index.fill(a)).toBe(true);
          expectProduct(alpha, a, b, beta, c, () => {
            expect(binaryGemm(alpha, index, b, beta, c)).toBe(c);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals the dense product on larger shapes (24-column blocks, the overlapping last block, 4-column and scalar tails)', () => {
    fc.assert(
      fc.property(
        caseArb(
          dimArb({ min: 1, max: 20 }),
          dimArb({ min: 20, max: 90 }),
          dimArb({ min: 30, max: 75 }),
        ),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          index.fill(a);
          expectProduct(alpha, a, b, beta, c, () => binaryGemm(alpha, index, b, beta, c));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with dense gemm on the CD shapes (5, 128 × 784 · 784 × 500, 13% ones)', () => {
    for (const m of [5, 128]) {
      const a = binaryFilled(m, 784, 0.13, m);
      const b = filled(784, 500, 'f32', 3) as Matrix<Float32Array>;
      const dense = gemm(0.5, a, b, 0, zeros(m, 500));
      const index = new BinaryIndex(m, 784);
      index.fill(a);
      const c = zeros(m, 500);
      expectProduct(0.5, a, b, 0, c, () => binaryGemm(0.5, index, b, 0, c));
      let worst = 0;
      for (let q = 0; q < c.data.length; q++) {
        worst = Math.max(worst, Math.abs(c.data[q]! - dense.data[q]!));
      }
      // both within (k + 2)·2⁻²⁴·Σ|b| ≤ 786·2⁻²⁴·784 of the exact value
      expect(worst).toBeLessThan(2 * 786 * 2 ** -24 * 784);
    }
  });

  it('ignores the old C when β = 0 (even NaN) and does not read B when α = 0', () => {
    const a = binaryFilled(6, 9, 0.4, 1);
    const index = new BinaryIndex(6, 9);
    index.fill(a);
    const b = filled(9, 37, 'f32', 2) as Matrix<Float32Array>;
    const c = zeros(6, 37);
    c.data.fill(Number.NaN);
    binaryGemm(1, index, b, 0, c);
    expect(c.data.every(Number.isFinite)).toBe(true);
    const nanB = zeros(9, 37);
    nanB.data.fill(Number.NaN);
    const c2 = filled(6, 37, 'f32', 4) as Matrix<Float32Array>;
    const before = Array.from(c2.data);
    binaryGemm(0, index, nanB, 2, c2);
    expect(Array.from(c2.data)).toEqual(before.map((x) => Math.fround(2 * x)));
  });

  it('never changes A, B or the index lists, and is deterministic', () => {
    fc.assert(
      fc.property(
        caseArb(dimArb({ max: 8 }), dimArb({ max: 10 }), dimArb({ max: 40 })),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          index.fill(a);
          const inputs = [a.data, b.data, index.rowPtr, index.rowIdx];
          const snaps = inputs.map(bytesOf);
          const c1 = { ...c, data: c.data.slice() };
          const c2 = { ...c, data: c.data.slice() };
          binaryGemm(alpha, index, b, beta, c1);
          binaryGemm(alpha, index, b, beta, c2);
          expect(inputs.every((x, q) => sameBytes(x, snaps[q]!))).toBe(true);
          expect(bytesOf(c1.data)).toEqual(bytesOf(c2.data));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('indexes wide rows in an arena (4 columns at a time on wasm) and rejects a bad value in any column', () => {
    const arena = createArena(arenaBytes([3 * 75], [4, 76, 3 * 75, 3 * 75]));
    const index = new BinaryIndex(3, 75, arena);
    // A resident too, so that fill runs the wasm kernel in place
    const room = arena.zeros(3, 75);
    fc.assert(
      fc.property(
        dimArb({ min: 1, max: 75 }),
        densityArb,
        fc.integer({ min: 0, max: 1000 }),
        (k, d, seed) => {
          const a = { ...room, cols: k, rowStride: k };
          a.data.set(binaryFilled(3, k, d, seed).data);
          expect(index.fill(a)).toBe(true);
          for (let i = 0; i < 3; i++) {
            const want: number[] = [];
            for (let j = 0; j < k; j++) if (a.data[i * k + j] === 1) want.push(j);
            const got = Array.from(index.rowIdx.subarray(index.rowPtr[i]!, index.rowPtr[i + 1]!));
            expect(got).toEqual(want);
          }
          const q = seed % (3 * k);
          const keep = a.data[q]!;
          for (const bad of [0.5, -1, Number.NaN]) {
            a.data[q] = bad;
            expect(index.fill(a)).toBe(false);
          }
          a.data[q] = keep === 0 ? -0 : keep;
          expect(index.fill(a)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  describe('validation', () => {
    const index = new BinaryIndex(2, 3);
    index.fill(zeros(2, 3));
    it('names mismatched shapes, wrong types and overlapping C', () => {
      expect(() => binaryGemm(1, index, zeros(4, 4), 0, zeros(2, 4))).toThrow(
        /B\.rows must equal index\.cols = 3, got 4/,
      );
      expect(() => binaryGemm(1, index, zeros(3, 4), 0, zeros(3, 4))).toThrow(
        /C\.rows must equal index\.rows = 2, got 3/,
      );
      expect(() => binaryGemm(1, {} as never, zeros(3, 4), 0, zeros(2, 4))).toThrow(TypeError);
      expect(() => binaryGemm(1, index, zeros(3, 4), 0, zeros(2, 4, 'f64') as never)).toThrow(
        /C\.data/,
      );
      expect(() => binaryGemm(Number.NaN, index, zeros(3, 4), 0, zeros(2, 4))).toThrow(/alpha/);
      const sq = zeros(3, 4);
      expect(() => binaryGemm(1, index, sq, 0, { ...sq, rows: 2 })).toThrow(
        /C must not share memory with B/,
      );
    });
  });
});
