import {
  arenaBytes,
  createArena,
  gemm,
  gemmScratchBytes,
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
import { expectProduct } from './binary.js';
import { filled } from './reference.js';

const DEFAULT_BACKEND = getBackend();

/** A row-major rows × cols view whose columns are contiguous in memory (Xᵀ of a row-major X). */
function transposedArb(rows: number, cols: number) {
  return matrixArb({ rows: cols, cols: rows, dtype: 'f32', layout: 'contiguous' }).map(transpose);
}

// A·Bᵀ with A's rows and Bᵀ's rows contiguous and m ≤ 32: the dot-product kernel (asm/gemm-nt.ts)
describe.skipIf(!detectSimd())('gemm, A·Xᵀ dot-product path (wasm)', () => {
  beforeAll(() => setBackend('wasm'));
  afterAll(() => setBackend(DEFAULT_BACKEND));

  it('matches the float64 reference for random shapes, α, β and C strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ min: 1, max: 32 }),
            k: dimArb({ max: 40 }),
            n: dimArb({ max: 23 }),
          })
          .chain(({ m, k, n }) =>
            fc.record({
              alpha: fc.double({ min: -2, max: 2, noNaN: true }),
              beta: fc.constantFrom(0, 1, -0.5),
              a: matrixArb({ rows: m, cols: k, dtype: 'f32', layout: 'contiguous' }),
              b: transposedArb(k, n),
              c: matrixArb({
                rows: m,
                cols: n,
                dtype: 'f32',
                layout: 'strided',
                negativeStrides: true,
              }),
            }),
          ),
        ({ alpha, a, b, beta, c }) => {
          expectProduct(alpha, a, b, beta, c, () => gemm(alpha, a, b, beta, c));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same bits with resident operands (the RBM down pass h·Wᵀ)', () => {
    const h = filled(5, 500, 'f32', 1) as Matrix<Float32Array>;
    const W = filled(784, 500, 'f32', 2) as Matrix<Float32Array>;
    const want = gemm(1, h, transpose(W), 0, zeros(5, 784));
    const arena = createArena(
      arenaBytes([5 * 500, 784 * 500, 5 * 784], [], gemmScratchBytes(5, 500, 784)),
    );
    const C = arena.zeros(5, 784);
    gemm(1, arena.copyOf(h), transpose(arena.copyOf(W)), 0, C);
    expect(Array.from(C.data)).toEqual(Array.from(want.data));
    const C2 = zeros(5, 784);
    expectProduct(1, h, transpose(W), 0, C2, () => gemm(1, h, transpose(W), 0, C2));
  });

  it('falls back to packing when a sparse view is gathered', () => {
    const big = new Float32Array(20_000).map((_, q) => Math.cos(q));
    const a: Matrix<Float32Array> = {
      data: big,
      rows: 3,
      cols: 6,
      rowStride: 3000,
      colStride: 1,
      offset: 7,
    };
    const b: Matrix<Float32Array> = {
      data: big,
      rows: 6,
      cols: 5,
      rowStride: 1,
      colStride: 2500,
      offset: 11,
    };
    for (const beta of [0, 2]) {
      const c = filled(3, 5, 'f32', 3);
      expectProduct(0.5, a, b, beta, c, () => gemm(0.5, a, b, beta, c));
    }
  });
});
