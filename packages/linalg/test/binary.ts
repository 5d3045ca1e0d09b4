import type { Matrix } from '@dbn/linalg';
import { matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { expect } from 'vitest';
import { at, gemmRef, outsideView, tolerance } from './reference.js';

/** Helpers shared by the binary-product tests (not a test file itself). */

/** Densities 0…1 with the edges weighted: all zeros, all ones, sparse, random. */
export const densityArb = fc.oneof(
  fc.constantFrom(0, 1, 0.13),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

/**
 * A random 0/1 matrix view (any strides, negative ones included, NaN in its gaps): the elements
 * of a uniform [0, 1) matrix below `density` become 1, the others 0.
 */
export function binaryArb(
  rows: number,
  cols: number,
  dtype: 'f32' | 'f64',
  density: number,
): fc.Arbitrary<Matrix> {
  return matrixArb({
    rows,
    cols,
    dtype,
    layout: 'strided',
    negativeStrides: true,
    min: 0,
    max: 1,
  }).map((a: Matrix) => {
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < a.cols; j++) {
        const q = a.offset + i * a.rowStride + j * a.colStride;
        a.data[q] = a.data[q]! < density ? 1 : 0;
      }
    }
    return a;
  });
}

/** A deterministic rows × cols 0/1 float32 matrix with about `density` ones. */
export function binaryFilled(rows: number, cols: number, density: number, seed: number) {
  const data = new Float32Array(rows * cols);
  for (let q = 0; q < data.length; q++) {
    const u = Math.abs(Math.sin(q * 12.9898 + seed * 78.233) * 43758.5453) % 1;
    data[q] = u < density ? 1 : 0;
  }
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 } as Matrix<Float32Array>;
}

/**
 * Asserts C against the float64 reference α·A·B + β·C with the float32 summation bound
 * max(1e-6, (k + 2)·2⁻²⁴) relative to |α|·Σ|a·b| + |β·c| (float64: 1e-13) plus (k + 2) steps of
 * the subnormal grid, gaps untouched.
 */
export function expectProduct(
  alpha: number,
  a: Matrix,
  b: Matrix,
  beta: number,
  c: Matrix,
  run: () => void,
): void {
  const ref = gemmRef(alpha, a, b, beta, c);
  const gaps = outsideView(c).map((q) => [q, c.data[q]!] as const);
  run();
  const f64 = c.data instanceof Float64Array;
  const tol = f64 ? tolerance('f64') : Math.max(tolerance('f32'), (a.cols + 2) * 2 ** -24);
  // subnormal results, which no relative bound covers: each of the ≤ k + 2 roundings may be off by
  // half a step of the subnormal grid (2⁻¹⁵⁰ in float32), and a float32 α below the grid rounds
  // to a step or to 0, off by ≤ 2⁻¹⁵⁰·Σ|b| ≤ k·2⁻¹⁵⁰ for the arbitraries' |b| ≤ 1 (a CI failure had
  // α = 5.2e-46 → 0 against a reference of −2.8e-45, just over the old floor 2⁻¹⁴⁸)
  const floor = (a.cols + 2) * (f64 ? 2 ** -1074 : 2 ** -149);
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) {
      const got = at(c, i, j);
      const want = ref.value[i * c.cols + j]!;
      const bound = tol * ref.scale[i * c.cols + j]! + floor;
      if (!(Math.abs(got - want) <= bound)) expect.fail(`C[${i},${j}] = ${got}, want ${want}`);
    }
  }
  for (const [q, v] of gaps) expect(Object.is(c.data[q], v)).toBe(true);
}
