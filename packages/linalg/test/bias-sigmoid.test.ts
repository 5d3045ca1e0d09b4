import {
  arenaBytes,
  biasSigmoid,
  createArena,
  getBackend,
  type Matrix,
  setBackend,
  transpose,
  zeros,
} from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { detectSimd } from '../src/wasm/backend.js';
import { at } from './reference.js';

const DEFAULT_BACKEND = getBackend();
afterEach(() => setBackend(DEFAULT_BACKEND));

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/** Relative error of σ(a + b) against float64, with an absolute floor for tiny results. */
function worstError(A: Matrix, b: ArrayLike<number>, C: Matrix, floor: number): number {
  let worst = 0;
  for (let i = 0; i < C.rows; i++) {
    for (let j = 0; j < C.cols; j++) {
      const x = at(A, i, j) + b[j]!;
      const want = sigma(C.data instanceof Float32Array ? Math.fround(x) : x);
      worst = Math.max(worst, Math.abs(at(C, i, j) - want) / Math.max(want, floor));
    }
  }
  return worst;
}

describe('biasSigmoid', () => {
  it('equals σ(A + 1bᵀ) for any strides, in place or not, on both element types (TypeScript)', () => {
    setBackend('js');
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 7 }),
            n: dimArb({ max: 9 }),
            dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64'),
          })
          .chain(({ m, n, dtype }) =>
            fc.record({
              a: matrixArb({
                rows: m,
                cols: n,
                dtype,
                layout: 'strided',
                negativeStrides: true,
                min: -30,
                max: 30,
              }),
              c: matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              b: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
                minLength: n,
                maxLength: n,
              }),
              inPlace: fc.boolean(),
            }),
          ),
        ({ a, c, b, inPlace }) => {
          const bias = a.data instanceof Float64Array ? Float64Array.from(b) : Float32Array.from(b);
          const A = { ...a, data: a.data.slice() };
          const out = inPlace ? A : c;
          const before = inPlace ? undefined : Array.from(a.data);
          expect(biasSigmoid(A, bias as typeof A.data, out)).toBe(out);
          expect(worstError(inPlace ? { ...a } : A, bias, out, 1e-30)).toBeLessThan(
            a.data instanceof Float64Array ? 1e-14 : 1e-6,
          );
          if (before) expect(Array.from(A.data)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.skipIf(!detectSimd())(
    'on resident float32 operands (wasm SIMD) is within 1e-6 of σ in float64',
    () => {
      setBackend('wasm');
      const m = 9;
      const n = 503; // a ragged tail of 3 columns
      const arena = createArena(arenaBytes([m * n, m * n, n]));
      const A = arena.zeros(m, n);
      const C = arena.zeros(m, n);
      const b = arena.float32(n);
      for (let q = 0; q < m * n; q++) A.data[q] = 100 * Math.sin(q * 0.37) ** 3;
      for (let j = 0; j < n; j++) b[j] = Math.cos(j);
      const plain = { ...A, data: A.data.slice() };
      biasSigmoid(A, b, C);
      expect(worstError(plain, b, C, 1e-30)).toBeLessThan(1e-6);
      // in place, and the same values as out of place
      biasSigmoid(A, b, A);
      expect(Array.from(A.data)).toEqual(Array.from(C.data));
      // saturation, ±0, ±∞ and NaN, in the vector loops (8 + 4 columns) and the single-float tail
      const special = [200, -200, Number.NaN, 0, -0, Infinity, -Infinity, 88, -88, 20, 87, -87];
      for (const cols of [special.length, special.length + 1]) {
        const E = arena.zeros(2, cols);
        E.data.set(special, 0);
        E.data.set(special, 2 * cols - special.length); // row 2 ends with them: the tail
        biasSigmoid(E, arena.float32(cols), E);
        for (const base of [0, 2 * cols - special.length]) {
          const s = Array.from(E.data.subarray(base, base + special.length));
          expect(s.slice(0, 5)).toEqual([1, expect.any(Number), Number.NaN, 0.5, 0.5]);
          expect(s[1]).toBeLessThan(2e-38);
          expect(s[1]).toBeGreaterThan(1.6e-38);
          expect(s.slice(5)).toEqual([1, s[1], 1, s[1], 1, 1, s[1]]);
        }
      }
    },
  );

  it.skipIf(!detectSimd())(
    'wasm SIMD: relative error < 1e-6 over a dense sweep of [−90, 90], tail equal to the vectors',
    () => {
      setBackend('wasm');
      const n = 4096;
      const arena = createArena(arenaBytes([n, n, n, n]));
      const A = arena.zeros(1, n);
      const C = arena.zeros(1, n);
      const T = arena.zeros(n / 4, 3); // rows of 3 columns: every element in the scalar tail
      const b = arena.float32(n);
      const z3 = arena.float32(3);
      let worst = 0;
      for (let start = -90; start < 90; start += 0.5) {
        for (let q = 0; q < n; q++) A.data[q] = start + (0.5 * q) / n;
        b.fill(0);
        biasSigmoid(A, b, C);
        worst = Math.max(worst, worstError(A, b, C, 1e-30));
        for (let i = 0; i < n / 4; i++) T.data.set(A.data.subarray(3 * i, 3 * i + 3), 3 * i);
        biasSigmoid(T, z3, T);
        expect(Array.from(T.data.subarray(0, (3 * n) / 4))).toEqual(
          Array.from(C.data.subarray(0, (3 * n) / 4)),
        );
      }
      expect(worst).toBeLessThan(1e-6);
    },
  );

  it('names bad arguments', () => {
    const A = zeros(2, 3);
    expect(() => biasSigmoid(A, new Float32Array(2), A)).toThrow(
      /b\.length must equal A\.cols = 3, got 2/,
    );
    expect(() => biasSigmoid(A, new Float64Array(3) as never, A)).toThrow(TypeError);
    expect(() => biasSigmoid(A, new Float32Array(3), zeros(3, 3))).toThrow(/C\.rows/);
    expect(() =>
      biasSigmoid(A, new Float32Array(3), transpose(transpose({ ...A, cols: 2 }))),
    ).toThrow(/C\.cols|C must be A itself/);
  });
});
