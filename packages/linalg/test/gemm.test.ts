import {
  type Backend,
  type DType,
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
import { at, filled, gemmRef, outsideView, toF64, tolerance } from './reference.js';

/** The backends under test: 'wasm' only where this engine has WebAssembly SIMD. */
const BACKENDS: Backend[] = detectSimd() ? ['js', 'wasm'] : ['js'];
const DEFAULT_BACKEND = getBackend();

/**
 * Relative error bound of a float32 result. The 'js' backend accumulates in float64 and rounds
 * once; the 'wasm' backend accumulates k products in float32, whose error bound is γₖ ≈ k·2⁻²⁴
 * (relative to |α|·Σ|a·b|), plus the final rounding of α·Σ + β·c.
 */
function f32Tolerance(k: number): number {
  return getBackend() === 'wasm'
    ? Math.max(tolerance('f32'), (k + 2) * 2 ** -24)
    : tolerance('f32');
}

const dtypeArb = fc.constantFrom<DType>('f32', 'f64');
const scalarArb = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

/** Asserts C (after the call) against the float64 reference, and that C's gaps are untouched. */
function expectGemm(
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
  const tol = f64 ? tolerance('f64') : f32Tolerance(a.cols);
  // results below the smallest normal are rounded to a multiple of the smallest subnormal
  const floor = f64 ? 2 ** -1073 : 2 ** -148;
  const n = c.cols;
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < n; j++) {
      const got = at(c, i, j);
      const want = ref.value[i * n + j]!;
      const bound = tol * ref.scale[i * n + j]! + floor;
      if (!(Math.abs(got - want) <= bound)) {
        expect.fail(`C[${i},${j}] = ${got}, want ${want} ± ${bound}`);
      }
    }
  }
  for (const [q, v] of gaps) expect(Object.is(c.data[q], v)).toBe(true);
}

function caseArbOf(m: fc.Arbitrary<number>, k: fc.Arbitrary<number>, n: fc.Arbitrary<number>) {
  return fc.record({ m, k, n, dtype: dtypeArb }).chain(({ m, k, n, dtype }) =>
    fc.record({
      alpha: scalarArb,
      beta: scalarArb,
      a: matrixArb({ rows: m, cols: k, dtype, layout: 'strided', negativeStrides: true }),
      b: matrixArb({ rows: k, cols: n, dtype, layout: 'strided', negativeStrides: true }),
      c: matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
    }),
  );
}

/** Small shapes (0..9): the direct path (few rows, or few columns through Cᵀ = Bᵀ·Aᵀ). */
const caseArb = caseArbOf(dimArb({ max: 9 }), dimArb({ max: 9 }), dimArb({ max: 9 }));
/** Shapes with m, n ≥ 14: mostly the packed path, with ragged edge tiles. */
const packedCaseArb = caseArbOf(
  dimArb({ min: 14, max: 40 }),
  dimArb({ max: 40 }),
  dimArb({ min: 14, max: 40 }),
);

describe.each(BACKENDS)('gemm (%s backend for float32)', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend(DEFAULT_BACKEND));

  it('runs float32 on the requested backend', () => {
    expect(getBackend()).toBe(backend);
  });

  it('matches a float64 reference for random shapes, strides, offsets and α, β', () => {
    fc.assert(
      fc.property(caseArb, ({ alpha, a, b, beta, c }) => {
        expectGemm(alpha, a, b, beta, c, () => {
          expect(gemm(alpha, a, b, beta, c)).toBe(c);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('matches the reference on larger random shapes (packed path, edge tiles)', () => {
    fc.assert(
      fc.property(packedCaseArb, ({ alpha, a, b, beta, c }) => {
        expectGemm(alpha, a, b, beta, c, () => gemm(alpha, a, b, beta, c));
      }),
      { numRuns: 60 },
    );
  });

  it('covers all four transpose combinations across the blocking boundaries', () => {
    // sizes straddle the 4-wide tiles, the direct/packed switch (16), MC = 128, KC = 256, NC = 512
    const shapes: [number, number, number][] = [
      [5, 784, 20],
      [1, 300, 9],
      [17, 257, 6],
      [13, 33, 130],
      [130, 260, 37],
      [33, 70, 515],
      [21, 9, 19],
    ];
    let seed = 0;
    for (const [m, k, n] of shapes) {
      for (const dtype of ['f32', 'f64'] as const) {
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            seed++;
            const a = ta ? transpose(filled(k, m, dtype, seed)) : filled(m, k, dtype, seed);
            const b = tb ? transpose(filled(n, k, dtype, -seed)) : filled(k, n, dtype, -seed);
            const c = filled(m, n, dtype, 2 * seed);
            expectGemm(0.75, a, b, -0.5, c, () => gemm(0.75, a, b, -0.5, c));
          }
        }
      }
    }
  });

  it('writes into a transposed (column-major) C view', () => {
    for (const dtype of ['f32', 'f64'] as const) {
      const a = filled(23, 40, dtype, 1);
      const b = filled(40, 19, dtype, 2);
      const c = transpose(zeros(19, 23, dtype) as Matrix);
      expectGemm(1, a, b, 0, c, () => gemm(1, a, b, 0, c));
    }
  });

  it('is associative up to rounding: (A·B)·C ≈ A·(B·C)', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 7 }),
            k: dimArb({ max: 7 }),
            l: dimArb({ max: 7 }),
            n: dimArb({ max: 7 }),
          })
          .chain(({ m, k, l, n }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: k, dtype: 'f64', layout: 'strided' }),
              matrixArb({ rows: k, cols: l, dtype: 'f64', layout: 'strided' }),
              matrixArb({ rows: l, cols: n, dtype: 'f64', layout: 'strided' }),
            ),
          ),
        ([a, b, c]) => {
          const ab = gemm(1, a, b, 0, zeros(a.rows, b.cols, 'f64'));
          const left = gemm(1, ab, c, 0, zeros(a.rows, c.cols, 'f64'));
          const bc = gemm(1, b, c, 0, zeros(b.rows, c.cols, 'f64'));
          const right = gemm(1, a, bc, 0, zeros(a.rows, c.cols, 'f64'));
          const l = toF64(left);
          const r = toF64(right);
          // each entry is a sum of k·l products of values in [−1, 1]
          const bound = 1e-13 * Math.max(1, b.rows * b.cols);
          for (let q = 0; q < l.length; q++) expect(Math.abs(l[q]! - r[q]!)).toBeLessThan(bound);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores the old C when β = 0, even NaN, and does not read A, B when α = 0', () => {
    for (const dtype of ['f32', 'f64'] as const) {
      const a = filled(6, 5, dtype, 3);
      const b = filled(5, 7, dtype, 4);
      const c = zeros(6, 7, dtype) as Matrix;
      c.data.fill(Number.NaN);
      gemm(1, a, b, 0, c);
      expect(Array.from(c.data).every(Number.isFinite)).toBe(true);
      const nanA = zeros(6, 5, dtype) as Matrix;
      nanA.data.fill(Number.NaN);
      const c2 = filled(6, 7, dtype, 5);
      const before = toF64(c2);
      gemm(0, nanA, b, 2, c2);
      const after = toF64(c2);
      for (let q = 0; q < after.length; q++) expect(after[q]).toBe(2 * before[q]!);
    }
  });

  it('handles empty dimensions: k = 0 gives C ← β·C, m = 0 or n = 0 do nothing', () => {
    const c = filled(3, 4, 'f64', 6);
    const before = toF64(c);
    gemm(1, zeros(3, 0, 'f64'), zeros(0, 4, 'f64'), 0.5, c);
    const after = toF64(c);
    for (let q = 0; q < after.length; q++) expect(after[q]).toBe(0.5 * before[q]!);
    expect(gemm(1, zeros(0, 3), zeros(3, 4), 0, zeros(0, 4)).rows).toBe(0);
    expect(gemm(1, zeros(3, 3), zeros(3, 0), 0, zeros(3, 0)).cols).toBe(0);
  });

  it('gives the same bits on repeated calls (reused scratch holds no state)', () => {
    fc.assert(
      fc.property(caseArb, ({ alpha, a, b, c }) => {
        const c1 = zeros(c.rows, c.cols, c.data instanceof Float64Array ? 'f64' : 'f32') as Matrix;
        const c2 = zeros(c.rows, c.cols, c.data instanceof Float64Array ? 'f64' : 'f32') as Matrix;
        gemm(alpha, a, b, 0, c1);
        gemm(1, filled(20, 300, 'f32', 1), filled(300, 20, 'f32', 2), 0, zeros(20, 20));
        gemm(alpha, a, b, 0, c2);
        expect(Array.from(c2.data)).toEqual(Array.from(c1.data));
      }),
      { numRuns: 50 },
    );
  });

  describe('validation', () => {
    const a = zeros(2, 3);
    const b = zeros(3, 4);
    const c = zeros(2, 4);

    it('rejects mismatched shapes with a RangeError naming the argument and sizes', () => {
      expect(() => gemm(1, a, zeros(4, 4), 0, c)).toThrow(/B\.rows must equal A\.cols = 3, got 4/);
      expect(() => gemm(1, a, b, 0, zeros(3, 4))).toThrow(RangeError);
      expect(() => gemm(1, a, b, 0, zeros(3, 4))).toThrow(/C\.rows must equal A\.rows = 2, got 3/);
      expect(() => gemm(1, a, b, 0, zeros(2, 5))).toThrow(/C\.cols must equal B\.cols = 4, got 5/);
    });

    it('rejects mixed element types and non-matrices with a TypeError', () => {
      expect(() => gemm(1, a, zeros(3, 4, 'f64') as never, 0, c)).toThrow(TypeError);
      expect(() => gemm(1, a, zeros(3, 4, 'f64') as never, 0, c)).toThrow(/B\.data/);
      expect(() => gemm(1, a, b, 0, zeros(2, 4, 'f64') as never)).toThrow(/C\.data/);
      expect(() => gemm(1, null as never, b, 0, c)).toThrow(/A must be a Matrix/);
      expect(() => gemm(1, { ...a, data: [1, 2] } as never, b, 0, c)).toThrow(/A\.data/);
    });

    it('rejects non-finite scalars and views outside their data', () => {
      expect(() => gemm(Number.NaN, a, b, 0, c)).toThrow(/alpha must be a finite number, got NaN/);
      expect(() => gemm(1, a, b, '0' as never, c)).toThrow(TypeError);
      expect(() => gemm(1, { ...a, rowStride: 4 }, b, 0, c)).toThrow(/A \(2×3.*outside/);
      expect(() => gemm(1, { ...a, rows: 2.5 }, b, 0, c)).toThrow(/A\.rows/);
    });

    it('rejects a C that shares memory with A or B', () => {
      const big = zeros(4, 4);
      const top: Matrix<Float32Array> = { ...big, rows: 2 };
      expect(() => gemm(1, { ...big, rows: 2 }, zeros(4, 4), 0, top)).toThrow(
        /C must not share memory with A/,
      );
      const sq = zeros(4, 4);
      expect(() => gemm(1, zeros(4, 4), sq, 0, sq)).toThrow(/C must not share memory with B/);
    });
  });
});
