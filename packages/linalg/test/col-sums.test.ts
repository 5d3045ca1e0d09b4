import {
  arenaBytes,
  colSums,
  createArena,
  type DType,
  getBackend,
  type Matrix,
  setBackend,
  transpose,
  zeros,
} from '@dbn/linalg';
import { dimArb, floatArrayArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFor, detectSimd } from '../src/wasm/backend.js';
import { at } from './reference.js';

const DEFAULT_BACKEND = getBackend();
afterEach(() => setBackend(DEFAULT_BACKEND));

/** Mostly finite floats, sometimes NaN, ±∞, −0 or near the float32 limit (their sums overflow). */
const elemArb = fc.oneof(
  { arbitrary: fc.float({ min: -1e4, max: 1e4, noNaN: true }), weight: 30 },
  { arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 3e38, -3e38), weight: 1 },
);

/** Equal as float32 values (NaN equals NaN; −0 and +0 differ), else the first differing index. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  for (let j = 0; j < a.length; j++) if (!Object.is(a[j], b[j])) return j;
  return -1;
}

describe('colSums', () => {
  it('computes out[j] = α·Σ_i A[i,j] + β·out[j] (float64 sums) for any strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 12 }),
            n: dimArb(),
            dtype: fc.constantFrom<DType>('f32', 'f64'),
          })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              floatArrayArb(n, dtype),
              fc.double({ min: -2, max: 2, noNaN: true }),
              fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true })),
            ),
          ),
        ([a, out, alpha, beta]) => {
          const out0 = Array.from(out);
          expect(colSums(alpha, a, beta, out)).toBe(out);
          for (let j = 0; j < a.cols; j++) {
            let s = 0;
            for (let i = 0; i < a.rows; i++) s += at(a, i, j);
            const exact = alpha * s + (beta === 0 ? 0 : beta * out0[j]!);
            // same summation order and one final rounding: equal values (−0 and +0 alike)
            const want = out instanceof Float32Array ? Math.fround(exact) : exact;
            expect(Math.abs(out[j]! - want)).toBe(0);
          }
        },
      ),
    );
  });

  it('ignores the old out when β = 0 (even NaN), for row- and column-major A', () => {
    const a = zeros(2, 3, 'f64');
    a.data.set([1, 2, 3, 4, 5, 6]);
    const out = new Float64Array(3).fill(Number.NaN);
    expect(Array.from(colSums(1, a, 0, out))).toEqual([5, 7, 9]);
    const t = new Float64Array(2).fill(Number.NaN);
    expect(Array.from(colSums(2, transpose(a), 0, t))).toEqual([12, 30]);
  });

  it.skipIf(!detectSimd())(
    'gives the bits of the TypeScript path on resident float32 operands (wasm SIMD)',
    () => {
      setBackend('wasm');
      const floats = 1 << 14;
      const arena = createArena(arenaBytes([floats]));
      const buf = arena.float32(floats);
      // resident: the calls below take the kernel (the copies take the TypeScript path)
      expect(contextFor(buf)).toBeDefined();
      fc.assert(
        fc.property(
          fc
            .record({
              m: dimArb({ max: 40 }),
              n: dimArb({ max: 40 }),
              pad: dimArb({ max: 5 }),
              shift: dimArb({ max: 3 }),
              negative: fc.boolean(),
              alpha: fc.oneof(fc.constant(1), fc.double({ min: -3, max: 3, noNaN: true })),
              beta: fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true })),
            })
            .chain((r) =>
              fc.record({
                r: fc.constant(r),
                a: fc.array(elemArb, {
                  minLength: r.m * (r.n + r.pad),
                  maxLength: r.m * (r.n + r.pad),
                }),
                old: fc.array(elemArb, { minLength: r.n, maxLength: r.n }),
              }),
            ),
          ({ r, a, old }) => {
            const { m, n, pad, shift, negative, alpha, beta } = r;
            const ld = n + pad;
            // rows at shift, shift + ld, … (unaligned for shift > 0); out after them
            buf.fill(0);
            buf.set(a, shift);
            const A: Matrix<Float32Array> = {
              data: buf,
              rows: m,
              cols: n,
              offset: negative && m > 0 ? shift + (m - 1) * ld : shift,
              rowStride: negative ? -ld : ld,
              colStride: 1,
            };
            const out = buf.subarray(shift + m * ld + 1, shift + m * ld + 1 + n);
            out.set(old);
            const plain = { ...A, data: buf.slice() };
            const want = Float32Array.from(old);
            colSums(alpha, plain, beta, want);
            expect(colSums(alpha, A, beta, out)).toBe(out);
            expect(firstDifference(out, want)).toBe(-1);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.skipIf(!detectSimd())(
    'wasm SIMD: an RBM-sized 128 × 500 block and a ragged 67 × 503 one, bit for bit',
    () => {
      setBackend('wasm');
      for (const [m, n] of [
        [128, 500],
        [67, 503],
      ] as const) {
        const arena = createArena(arenaBytes([m * n, n]));
        const A = arena.zeros(m, n);
        const out = arena.float32(n);
        for (let q = 0; q < m * n; q++) A.data[q] = Math.sin(q * 0.61) ** 2;
        for (let j = 0; j < n; j++) out[j] = Math.cos(j);
        const want = out.slice();
        colSums(1 / m, { ...A, data: A.data.slice() }, 0.9, want);
        colSums(1 / m, A, 0.9, out);
        expect(firstDifference(out, want)).toBe(-1);
        // β = 0 ignores a NaN out
        out.fill(Number.NaN);
        colSums(-0.5, { ...A, data: A.data.slice() }, 0, want);
        colSums(-0.5, A, 0, out);
        expect(firstDifference(out, want)).toBe(-1);
        expect(out.some(Number.isNaN)).toBe(false);
      }
    },
  );

  it('validates its arguments', () => {
    expect(() => colSums(1, zeros(2, 3), 0, new Float32Array(2))).toThrow(
      /out\.length must equal A\.cols = 3, got 2/,
    );
    expect(() => colSums(1, zeros(2, 3), 0, new Float64Array(3) as never)).toThrow(TypeError);
    const a = zeros(2, 3);
    expect(() => colSums(1, a, 0, a.data.subarray(3, 6))).toThrow(/out must not share memory/);
  });
});
