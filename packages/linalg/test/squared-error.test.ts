import {
  arenaBytes,
  createArena,
  type DType,
  getBackend,
  type Matrix,
  setBackend,
  squaredError,
  zeros,
} from '@dbn/linalg';
import { dimArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFor, detectSimd, wasmMemoryBytes } from '../src/wasm/backend.js';
import { at } from './reference.js';

const DEFAULT_BACKEND = getBackend();
const BACKENDS = detectSimd() ? (['js', 'wasm'] as const) : (['js'] as const);
afterEach(() => setBackend(DEFAULT_BACKEND));

/**
 * The documented float32 order: (A − B)² of element (i, j) added to ℓ[j mod 8], rows then columns
 * in order; ((ℓ0 + ℓ2) + (ℓ4 + ℓ6)) + ((ℓ1 + ℓ3) + (ℓ5 + ℓ7)).
 */
function laneOrder(a: Matrix, b: Matrix): number {
  const l = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) l[j % 8]! += (at(a, i, j) - at(b, i, j)) ** 2;
  }
  const [l0, l1, l2, l3, l4, l5, l6, l7] = l as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return l0 + l2 + (l4 + l6) + (l1 + l3 + (l5 + l7));
}

/** Mostly finite floats, sometimes NaN, ±∞, −0 or near the float32 limit (squares overflow). */
const elemArb = fc.oneof(
  { arbitrary: fc.float({ min: -1e4, max: 1e4, noNaN: true }), weight: 40 },
  { arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 3e38, -3e38), weight: 1 },
);

describe('squaredError', () => {
  it('equals Σ (A − B)² computed in float64 (float32: in the lane order), for any strides', () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: dimArb(), n: dimArb(), dtype: fc.constantFrom<DType>('f32', 'f64') })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
              matrixArb({ rows: m, cols: n, dtype, layout: 'strided', negativeStrides: true }),
            ),
          ),
        ([a, b]) => {
          let want = 0;
          if (a.data instanceof Float32Array) {
            want = laneOrder(a, b);
          } else {
            for (let i = 0; i < a.rows; i++) {
              for (let j = 0; j < a.cols; j++) want += (at(a, i, j) - at(b, i, j)) ** 2;
            }
          }
          // 'wasm': the kernel on copies in the backend's memory (the TypeScript code for
          // column strides other than 1)
          for (const backend of BACKENDS) {
            setBackend(backend);
            expect(squaredError(a, b)).toBe(want);
            expect(squaredError(a, a)).toBe(0);
          }
        },
      ),
    );
  });

  it.skipIf(!detectSimd())(
    'copies a plain operand into the free memory of the arena holding the other, leaving it intact',
    () => {
      setBackend('wasm');
      const [m, n] = [30, 50];
      const arena = createArena(arenaBytes([m * n, 64], [], 4 * m * n + 1024));
      const R = arena.zeros(m, n);
      const guard = arena.float32(64);
      guard.fill(7);
      for (let q = 0; q < m * n; q++) R.data[q] = Math.cos(q);
      const X = zeros(m, n);
      for (let q = 0; q < m * n; q++) X.data[q] = q % 3 === 0 ? 1 : 0;
      expect(squaredError(X, R)).toBe(laneOrder(X, R));
      // the copy went into free memory, not over the arena's allocations
      expect(guard.every((v) => v === 7)).toBe(true);
      expect(R.data.every((v, q) => v === Math.fround(Math.cos(q)))).toBe(true);
      // an arena without room: the backend's own memory takes both copies, same bits
      const full = createArena(arenaBytes([m * n]));
      const F = full.zeros(m, n);
      F.data.set(R.data);
      expect(squaredError(X, F)).toBe(laneOrder(X, F));
    },
  );

  it('sums operands too large to copy with the TypeScript code, in the same order', () => {
    const n = (4 << 20) + 24;
    const a = zeros(1, n);
    const b = zeros(1, n);
    for (let j = 0; j < n; j++) {
      a.data[j] = Math.sin(j);
      b.data[j] = Math.cos(3 * j);
    }
    const want = laneOrder(a, b);
    const own = wasmMemoryBytes();
    for (const backend of BACKENDS) {
      setBackend(backend);
      expect(squaredError(a, b)).toBe(want);
    }
    // nothing was copied into the backend's memory for it
    expect(wasmMemoryBytes()).toBe(own);
  });

  it('accumulates in float64 (no float32 rounding of the sum)', () => {
    const a = zeros(1, 3);
    a.data.set([1, 1e-4, 1e-4]);
    // in float32, 1 + 1e-8 + 1e-8 would round to 1
    expect(squaredError(a, zeros(1, 3))).toBe(1 + Math.fround(1e-4) ** 2 + Math.fround(1e-4) ** 2);
  });

  it.skipIf(!detectSimd())(
    'gives the bits of the TypeScript path on resident float32 operands (wasm SIMD)',
    () => {
      setBackend('wasm');
      const floats = 1 << 14;
      const arena = createArena(arenaBytes([floats]));
      const buf = arena.float32(floats);
      // resident: the calls below take the kernel in place; `want` is the TypeScript path's
      expect(contextFor(buf)).toBeDefined();
      const layoutArb = fc.record({
        pad: dimArb({ max: 5 }),
        shift: dimArb({ max: 3 }),
        negative: fc.boolean(),
      });
      fc.assert(
        fc.property(
          fc
            .record({ m: dimArb({ max: 40 }), n: dimArb({ max: 40 }), x: layoutArb, y: layoutArb })
            .chain((r) =>
              fc.record({
                r: fc.constant(r),
                x: fc.array(elemArb, { minLength: r.m * r.n, maxLength: r.m * r.n }),
                y: fc.array(elemArb, { minLength: r.m * r.n, maxLength: r.m * r.n }),
              }),
            ),
          ({ r, x, y }) => {
            const { m, n } = r;
            buf.fill(0);
            // X's rows first, then Y's, each with its own padding, alignment and direction
            let base = 0;
            const place = (v: number[], l: typeof r.x): Matrix<Float32Array> => {
              const ld = n + l.pad;
              const start = base + l.shift;
              base = start + m * ld;
              for (let i = 0; i < m; i++) buf.set(v.slice(i * n, i * n + n), start + i * ld);
              const M = { data: buf, rows: m, cols: n, offset: start, rowStride: ld, colStride: 1 };
              // a negative stride walks the same rows upwards: reverse their placement
              if (!l.negative || m === 0) return M;
              const rev = { ...M, offset: start + (m - 1) * ld, rowStride: -ld };
              for (let i = 0; i < m; i++)
                buf.set(v.slice(i * n, i * n + n), start + (m - 1 - i) * ld);
              return rev;
            };
            const X = place(x, r.x);
            const Y = place(y, r.y);
            setBackend('js');
            const want = squaredError(X, Y);
            setBackend('wasm');
            expect(Object.is(squaredError(X, Y), want)).toBe(true);
            expect(want).toBe(laneOrder(X, Y));
            expect(squaredError(X, X)).toBe(x.some((v) => !Number.isFinite(v)) ? Number.NaN : 0);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.skipIf(!detectSimd())(
    'wasm SIMD: an RBM-sized 1024 × 784 block and a ragged 33 × 503 one, bit for bit',
    () => {
      setBackend('wasm');
      for (const [m, n] of [
        [1024, 784],
        [33, 503],
      ] as const) {
        const arena = createArena(arenaBytes([m * n, m * n]));
        const X = arena.zeros(m, n);
        const R = arena.zeros(m, n);
        for (let q = 0; q < m * n; q++) {
          X.data[q] = Math.sin(q * 0.37) > 0.6 ? 1 : 0;
          R.data[q] = Math.sin(q * 0.11) ** 2;
        }
        setBackend('js');
        const want = squaredError(X, R);
        setBackend('wasm');
        expect(squaredError(X, R)).toBe(want);
        // one operand resident, the other copied into the arena's free memory (none here: the
        // backend's own memory then), and both plain
        const plainX = { ...X, data: X.data.slice() };
        const plainR = { ...R, data: R.data.slice() };
        expect(squaredError(plainX, R)).toBe(want);
        expect(squaredError(X, plainR)).toBe(want);
        expect(squaredError(plainX, plainR)).toBe(want);
        // the order changes the last bits only: within 1e-12 of the row-major sum
        let seq = 0;
        for (let q = 0; q < m * n; q++) seq += (X.data[q]! - R.data[q]!) ** 2;
        expect(Math.abs(want - seq)).toBeLessThan(1e-12 * seq);
      }
    },
  );

  it('validates its arguments', () => {
    expect(() => squaredError(zeros(2, 3), zeros(2, 2))).toThrow(
      /B\.cols must equal A\.cols = 3, got 2/,
    );
    expect(() => squaredError(zeros(2, 3), zeros(2, 3, 'f64') as never)).toThrow(TypeError);
    expect(() => squaredError(zeros(2, 3), { rows: 2 } as never)).toThrow(/B\.data/);
  });
});
