import {
  type Backend,
  BinaryIndex,
  binaryGemmT,
  gemm,
  getBackend,
  type Matrix,
  setBackend,
  transpose,
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

/** A (m×k, 0/1), B (m×n) and C (k×n), all strided views. */
function caseArb(m: fc.Arbitrary<number>, k: fc.Arbitrary<number>, n: fc.Arbitrary<number>) {
  return fc
    .record({ m, k, n, density: densityArb, dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64') })
    .chain(({ m, k, n, density, dtype }) =>
      fc.record({
        alpha: scalarArb,
        beta: scalarArb,
        a: binaryArb(m, k, dtype, density),
        b: matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
        c: matrixArb({ rows: k, cols: n, dtype, layout: 'strided', negativeStrides: true }),
      }),
    );
}

describe.each(BACKENDS)('binaryGemmT (%s backend for float32)', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend(DEFAULT_BACKEND));

  it('equals the dense Aᵀ·B for random shapes, densities, strides, α and β', () => {
    fc.assert(
      fc.property(
        caseArb(dimArb({ max: 9 }), dimArb({ max: 12 }), dimArb({ max: 41 })),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          expect(index.fill(a)).toBe(true);
          expectProduct(alpha, transpose(a), b, beta, c, () => {
            expect(binaryGemmT(alpha, index, b, beta, c)).toBe(c);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals the dense Aᵀ·B on larger shapes (24-column blocks, the overlapping last block, 4-column and scalar tails)', () => {
    fc.assert(
      fc.property(
        caseArb(
          dimArb({ min: 1, max: 40 }),
          dimArb({ min: 10, max: 60 }),
          dimArb({ min: 30, max: 75 }),
        ),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          index.fill(a);
          expectProduct(alpha, transpose(a), b, beta, c, () =>
            binaryGemmT(alpha, index, b, beta, c),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with dense gemm on the CD update (W += r·v0ᵀ·ph0 at batch 5 and 128)', () => {
    for (const m of [5, 128]) {
      const v = binaryFilled(m, 784, 0.13, m);
      const ph = filled(m, 500, 'f32', 3) as Matrix<Float32Array>;
      const W = filled(784, 500, 'f32', 4) as Matrix<Float32Array>;
      const dense = { ...W, data: W.data.slice() };
      gemm(0.02, transpose(v), ph, 1, dense);
      const index = new BinaryIndex(m, 784);
      index.fill(v);
      const c = { ...W, data: W.data.slice() };
      expectProduct(0.02, transpose(v), ph, 1, c, () => binaryGemmT(0.02, index, ph, 1, c));
      // rows of W whose pixel is 0 in every row of v are exactly unchanged
      let changed = 0;
      for (let i = 0; i < 784; i++) {
        if (index.colPtr[i] !== index.colPtr[i + 1]) continue;
        for (let j = 0; j < 500; j++) if (c.data[i * 500 + j] !== W.data[i * 500 + j]) changed++;
      }
      expect(changed).toBe(0);
      let worst = 0;
      for (let q = 0; q < c.data.length; q++) {
        worst = Math.max(worst, Math.abs(c.data[q]! - dense.data[q]!));
      }
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('ignores the old C when β = 0 (even NaN) and zeroes rows with no ones', () => {
    const a = binaryFilled(6, 9, 0.2, 1);
    a.data.fill(0, 0, 9); // row 0 empty: no effect
    for (let r = 0; r < 6; r++) a.data[r * 9 + 4] = 0; // column 4 empty: row 4 of C becomes 0
    const index = new BinaryIndex(6, 9);
    index.fill(a);
    const b = filled(6, 37, 'f32', 2) as Matrix<Float32Array>;
    const c = zeros(9, 37);
    c.data.fill(Number.NaN);
    binaryGemmT(1, index, b, 0, c);
    expect(c.data.every(Number.isFinite)).toBe(true);
    expect(c.data.subarray(4 * 37, 5 * 37).every((x) => x === 0)).toBe(true);
  });

  it('never changes A, B or the index lists, and is deterministic', () => {
    fc.assert(
      fc.property(
        caseArb(dimArb({ max: 8 }), dimArb({ max: 10 }), dimArb({ max: 40 })),
        ({ alpha, a, b, beta, c }) => {
          const index = new BinaryIndex(a.rows, a.cols);
          index.fill(a);
          const inputs = [a.data, b.data, index.colPtr, index.colIdx];
          const snaps = inputs.map(bytesOf);
          const c1 = { ...c, data: c.data.slice() };
          const c2 = { ...c, data: c.data.slice() };
          binaryGemmT(alpha, index, b, beta, c1);
          binaryGemmT(alpha, index, b, beta, c2);
          expect(inputs.every((x, q) => sameBytes(x, snaps[q]!))).toBe(true);
          expect(bytesOf(c1.data)).toEqual(bytesOf(c2.data));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names mismatched shapes and a non-index', () => {
    const index = new BinaryIndex(2, 3);
    index.fill(zeros(2, 3));
    expect(() => binaryGemmT(1, index, zeros(3, 4), 0, zeros(3, 4))).toThrow(
      /B\.rows must equal index\.rows = 2, got 3/,
    );
    expect(() => binaryGemmT(1, index, zeros(2, 4), 0, zeros(2, 4))).toThrow(
      /C\.rows must equal index\.cols = 3, got 2/,
    );
    expect(() => binaryGemmT(1, null as never, zeros(2, 4), 0, zeros(3, 4))).toThrow(
      /index must be a BinaryIndex/,
    );
  });
});
