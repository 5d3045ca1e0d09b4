import {
  type Backend,
  BinaryIndex,
  binaryGemmTDiff,
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
import { binaryArb, densityArb, expectProduct } from './binary.js';
import { at, bytesOf, sameBytes } from './reference.js';

const BACKENDS: Backend[] = detectSimd() ? ['js', 'wasm'] : ['js'];
const DEFAULT_BACKEND = getBackend();

/** [X; −Y] (rows of X, then rows of Y negated; `sign` −1) or [X; Y] as a row-major matrix. */
function stack(x: Matrix, y: Matrix, sign: number): Matrix {
  const out = zeros(
    x.rows + y.rows,
    x.cols,
    x.data instanceof Float64Array ? 'f64' : 'f32',
  ) as Matrix;
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) out.data[i * x.cols + j] = at(x, i, j);
  for (let i = 0; i < y.rows; i++) {
    for (let j = 0; j < y.cols; j++) out.data[(x.rows + i) * x.cols + j] = sign * at(y, i, j);
  }
  return out;
}

const scalarArb = fc.oneof(fc.constantFrom(0, 1, -1), fc.double({ min: -2, max: 2, noNaN: true }));

function caseArb(mMax: number, kMax: number, nMin: number, nMax: number) {
  return fc
    .record({
      m1: dimArb({ max: mMax }),
      m2: dimArb({ max: mMax }),
      k: dimArb({ max: kMax }),
      n: dimArb({ min: nMin, max: nMax }),
      d1: densityArb,
      d2: densityArb,
      dtype: fc.constantFrom<'f32' | 'f64'>('f32', 'f64'),
    })
    .chain(({ m1, m2, k, n, d1, d2, dtype }) =>
      fc.record({
        alpha: scalarArb,
        beta: scalarArb,
        a1: binaryArb(m1, k, dtype, d1),
        a2: binaryArb(m2, k, dtype, d2),
        b1: matrixArb({ rows: m1, cols: n, dtype, layout: 'strided', negativeStrides: true }),
        b2: matrixArb({ rows: m2, cols: n, dtype, layout: 'strided', negativeStrides: true }),
        c: matrixArb({ rows: k, cols: n, dtype, layout: 'strided', negativeStrides: true }),
      }),
    );
}

describe.each(BACKENDS)('binaryGemmTDiff (%s backend for float32)', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend(DEFAULT_BACKEND));

  it.each([
    ['small', caseArb(7, 10, 0, 20), 200],
    ['wide (column blocks and tails)', caseArb(12, 30, 30, 75), 60],
  ] as const)(
    'equals α·(A₁ᵀB₁ − A₂ᵀB₂) + βC on %s shapes, and leaves its inputs unchanged',
    (_, arb, runs) => {
      fc.assert(
        fc.property(arb, ({ alpha, beta, a1, a2, b1, b2, c }) => {
          const i1 = new BinaryIndex(a1.rows, a1.cols);
          const i2 = new BinaryIndex(a2.rows, a2.cols);
          i1.fill(a1);
          i2.fill(a2);
          const inputs = [a1.data, a2.data, b1.data, b2.data, i1.colIdx, i2.colIdx];
          const snaps = inputs.map(bytesOf);
          const A = stack(a1, a2, 1);
          const B = stack(b1, b2, -1);
          expectProduct(alpha, transpose(A), B, beta, c, () => {
            expect(binaryGemmTDiff(alpha, i1, b1, i2, b2, beta, c)).toBe(c);
          });
          expect(inputs.every((x, q) => sameBytes(x, snaps[q]!))).toBe(true);
        }),
        { numRuns: runs },
      );
    },
  );

  it('names mismatched shapes', () => {
    const i1 = new BinaryIndex(2, 3);
    const i2 = new BinaryIndex(4, 5);
    i1.fill(zeros(2, 3));
    i2.fill(zeros(4, 5));
    expect(() => binaryGemmTDiff(1, i1, zeros(2, 6), i2, zeros(4, 6), 0, zeros(3, 6))).toThrow(
      /index2\.cols must equal index1\.cols = 3, got 5/,
    );
    i2.fill(zeros(4, 3));
    expect(() => binaryGemmTDiff(1, i1, zeros(2, 6), i2, zeros(3, 6), 0, zeros(3, 6))).toThrow(
      /B2\.rows must equal index2\.rows = 4, got 3/,
    );
    const C = zeros(3, 6);
    expect(() => binaryGemmTDiff(1, i1, zeros(2, 6), i2, C, 0, { ...C, rows: 3 })).toThrow(
      /B2\.rows|C must not share memory with B2/,
    );
  });
});
