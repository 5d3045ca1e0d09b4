import {
  arenaBytes,
  BinaryIndex,
  colSums,
  createArena,
  getBackend,
  type Matrix,
  setBackend,
  zeros,
} from '@dbn/linalg';
import { dimArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSimd } from '../src/wasm/backend.js';
import { binaryArb, densityArb } from './binary.js';
import { at, bytesOf } from './reference.js';

const DEFAULT_BACKEND = getBackend();

/** The naive row and column lists of a 0/1 view. */
function lists(a: Matrix): { rows: number[][]; cols: number[][] } {
  const rows: number[][] = Array.from({ length: a.rows }, () => []);
  const cols: number[][] = Array.from({ length: a.cols }, () => []);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      if (at(a, i, j) === 1) {
        rows[i]!.push(j);
        cols[j]!.push(i);
      }
    }
  }
  return { rows, cols };
}

function read(ptr: Int32Array, idx: Int32Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(idx.subarray(ptr[i]!, ptr[i + 1]!)));
}

/** Index placements: ordinary arrays (TypeScript fill), or inside an arena (wasm fill). */
const PLACES = ['plain', 'arena'] as const;

describe.each(detectSimd() ? (['js', 'wasm'] as const) : (['js'] as const))(
  'BinaryIndex (%s backend)',
  (backend) => {
    beforeAll(() => setBackend(backend));
    afterAll(() => setBackend(DEFAULT_BACKEND));

    it.each(PLACES)('lists the ones by row and by column (%s lists, any strides)', (place) => {
      fc.assert(
        fc.property(
          fc
            .record({
              m: dimArb({ max: 12 }),
              k: dimArb({ max: 12 }),
              d: densityArb,
              dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64'),
            })
            .chain(({ m, k, d, dtype }) => binaryArb(m, k, dtype, d)),
          (a) => {
            const arena =
              place === 'arena'
                ? createArena(arenaBytes([], [13, 13, 144, 144], 4 * 400))
                : undefined;
            const index = new BinaryIndex(12, 12, arena);
            const before = bytesOf(a.data);
            expect(index.fill(a)).toBe(true);
            expect(bytesOf(a.data)).toEqual(before);
            const want = lists(a);
            expect([index.rows, index.cols]).toEqual([a.rows, a.cols]);
            expect(read(index.rowPtr, index.rowIdx, a.rows)).toEqual(want.rows);
            expect(read(index.colPtr, index.colIdx, a.cols)).toEqual(want.cols);
            const nnz = want.rows.reduce((s, r) => s + r.length, 0);
            expect(index.nnz).toBe(nnz);
            expect(index.density).toBe(a.rows * a.cols === 0 ? 0 : nnz / (a.rows * a.cols));
          },
        ),
        { numRuns: 150 },
      );
    });

    it.each(PLACES)(
      'colSums from the column lists equals colSums of the matrix, bit for bit (%s)',
      (place) => {
        fc.assert(
          fc.property(
            fc
              .record({
                m: dimArb({ max: 12 }),
                k: dimArb({ max: 12 }),
                d: densityArb,
                dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64'),
              })
              .chain(({ m, k, d, dtype }) => binaryArb(m, k, dtype, d)),
            fc.double({ min: -2, max: 2, noNaN: true }),
            fc.constantFrom(0, 1, -0.5),
            fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }),
            (a, alpha, beta, init) => {
              const arena =
                place === 'arena'
                  ? createArena(arenaBytes([], [13, 13, 144, 144], 4 * 400))
                  : undefined;
              const index = new BinaryIndex(12, 12, arena);
              expect(index.fill(a)).toBe(true);
              const make = () => {
                const o =
                  a.data instanceof Float32Array
                    ? new Float32Array(a.cols)
                    : new Float64Array(a.cols);
                for (let j = 0; j < a.cols; j++) o[j] = init[j]!;
                return o;
              };
              const want = colSums(alpha, a, beta, make());
              const got = index.colSums(alpha, beta, make());
              expect(bytesOf(got)).toEqual(bytesOf(want));
            },
          ),
          { numRuns: 100 },
        );
      },
    );

    it.each(PLACES)('refills without stale entries and rejects non-0/1 values (%s)', (place) => {
      const arena = place === 'arena' ? createArena(arenaBytes([], [5, 5, 16, 16])) : undefined;
      const index = new BinaryIndex(4, 4, arena);
      const a = zeros(4, 4);
      a.data.fill(1);
      expect(index.fill(a)).toBe(true);
      expect(index.nnz).toBe(16);
      const b = zeros(2, 3);
      b.data[4] = 1;
      expect(index.fill(b)).toBe(true);
      expect(read(index.rowPtr, index.rowIdx, 2)).toEqual([[], [1]]);
      expect(read(index.colPtr, index.colIdx, 3)).toEqual([[], [1], []]);
      for (const bad of [0.5, -1, Number.NaN, 2]) {
        const c = zeros(2, 2);
        c.data[3] = bad;
        expect(index.fill(c)).toBe(false);
        expect([index.rows, index.cols, index.nnz]).toEqual([0, 0, 0]);
      }
    });
  },
);

describe('BinaryIndex validation', () => {
  it('colSums names a bad output length', () => {
    const index = new BinaryIndex(2, 3);
    index.fill(zeros(2, 3));
    expect(() => index.colSums(1, 0, new Float32Array(2))).toThrow(/out\.length/);
    expect(() => index.colSums(Number.NaN, 0, new Float32Array(3))).toThrow(/alpha/);
  });

  it('names a matrix that does not fit and bad capacities', () => {
    const index = new BinaryIndex(2, 3);
    expect(() => index.fill(zeros(3, 3))).toThrow(/A \(3×3\) must fit the index \(at most 2×3\)/);
    expect(() => index.fill({} as never)).toThrow(TypeError);
    expect(() => new BinaryIndex(-1, 3)).toThrow(/maxRows must be a non-negative integer, got -1/);
  });
});
